import { z } from 'zod';
import { CLUB_LEVELS } from './club.constants.js';
import { clubFreeServiceSchema } from './club.js';
import { idSchema } from './common.js';
import { surveyNoticeSchema } from './csi.js';
import { repairOrderSchema } from './repair-orders.js';
import { PAYMENT_METHODS } from './settlement.constants.js';

export * from './settlement.constants.js';

export const invoiceCreateSchema = z.object({
  version: z.number().int().min(1),
  /** A discount on what the customer pays, in fen. Beyond the advisor's authority a manager approves on the spot. */
  discountFen: z.number().int().min(0).default(0),
  approval: z.object({ login: z.string().trim().min(1).max(80), password: z.string().min(1).max(200) }).optional(),
});
export type InvoiceCreateInput = z.input<typeof invoiceCreateSchema>;
export const paymentInputSchema = z.object({
  method: z.enum(PAYMENT_METHODS),
  amountFen: z.number().int().positive(),
  reference: z.string().trim().max(100).nullable().optional(),
});
export type PaymentInput = z.input<typeof paymentInputSchema>;
export const deliverySchema = z.object({
  version: z.number().int().min(1),
  checklist: z.object({ workExplained: z.boolean(), oldPartsShown: z.boolean(), carClean: z.boolean() }),
});
export type DeliveryInput = z.input<typeof deliverySchema>;

/** When the car is due back for maintenance: a date, and a distance when the model has a service interval. */
export const nextMaintenanceSchema = z.object({ dueOn: z.string(), dueKm: z.number().int().nullable() });
export type NextMaintenance = z.infer<typeof nextMaintenanceSchema>;

const amount = z.object({ grossFen: z.number().int(), discountFen: z.number().int(), netFen: z.number().int() });
export const invoiceSchema = z.object({
  id: idSchema,
  number: z.string(),
  repairOrderId: idSchema,
  byPayType: z.record(z.string(), amount),
  freeItems: z.array(z.object({ description: z.string(), payType: z.string(), netFen: z.number().int() })),
  totalFen: z.number().int(),
  customerPayableFen: z.number().int(),
  /** The invoice's discounts together: the one given at invoicing, the member's and the kept appointment's benefit. */
  discountFen: z.number().int(),
  /** The club member's labour discount, part of `discountFen` (null: not a member, or no discount at the level). */
  memberDiscount: z
    .object({
      level: z.enum(CLUB_LEVELS),
      labourDiscountPercent: z.number().int(),
      /** The labour discount. */
      discountFen: z.number().int(),
      /** The level's free checks and washes used on this invoice: their amounts are in the invoice's `discountFen`, not in this one's. */
      freeServices: z.array(clubFreeServiceSchema),
    })
    .nullable(),
  /** The kept appointment's benefit (domain.md §3), its discount part of `discountFen`; the gift when the dealer was late. */
  bookingBenefit: z
    .object({
      appointmentNumber: z.string(),
      labourDiscountPercent: z.number().int(),
      discountFen: z.number().int(),
      apologyGift: z.string().nullable(),
      dealerLate: z.enum(['reception', 'delivery']).nullable(),
    })
    .nullable(),
  amountDueFen: z.number().int(),
  taxIncludedFen: z.number().int(),
  paidFen: z.number().int(),
  /** Every payment taken, in order; one taken back keeps its row with the reversal (it no longer counts in `paidFen`). */
  payments: z.array(
    z.object({
      id: idSchema,
      method: z.enum(PAYMENT_METHODS),
      amountFen: z.number().int(),
      at: z.string(),
      reversal: z.object({ at: z.string(), reason: z.string(), by: z.string().nullable() }).nullable(),
    }),
  ),
  readyToPayAt: z.string(),
  paidAt: z.string().nullable(),
  /** The cashier KPI: from ready to pay to paid, in seconds (≤ 120 is the target). */
  cashierSeconds: z.number().int().nullable(),
  nextMaintenance: nextMaintenanceSchema.nullable(),
  /** What the current user may do to the invoice now. */
  can: z.object({ reversePayment: z.boolean() }),
});
export type Invoice = z.infer<typeof invoiceSchema>;

/** Taking a payment back (a wrong amount or method, a card charge that failed): why, for the audit. */
export const paymentReversalSchema = z.object({ reason: z.string().trim().min(2).max(200) });
export type PaymentReversalInput = z.input<typeof paymentReversalSchema>;

export const serviceKpiRowSchema = z.object({
  key: z.string(),
  vehiclesIn: z.number().int(),
  timelyReceptionRate: z.number().nullable(),
  onTimeDeliveryRate: z.number().nullable(),
  averageCashierSeconds: z.number().nullable(),
  revenueByPayTypeFen: z.record(z.string(), z.number().int()),
});
export type ServiceKpiRow = z.infer<typeof serviceKpiRowSchema>;
/** The service KPIs, one row per day, month or advisor of the period. */
export const serviceKpiListSchema = z.object({ items: z.array(serviceKpiRowSchema) });
export type ServiceKpiList = z.infer<typeof serviceKpiListSchema>;

/** A delivery: the repair order handed back, the next maintenance due, and what the survey SMS will do. */
export const deliveredSchema = z.object({
  repairOrder: repairOrderSchema,
  nextMaintenance: nextMaintenanceSchema,
  survey: surveyNoticeSchema,
});
export type Delivered = z.infer<typeof deliveredSchema>;
