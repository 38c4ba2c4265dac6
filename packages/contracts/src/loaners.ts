import { z } from 'zod';
import { dealerRefSchema } from './appointments.js';
import { dateRangeSchema, idSchema, instantSchema, isoDateSchema } from './common.js';
import { damageMarkSchema, fileKeySchema, signaturePngSchema } from './inspections.js';
import { LOANER_REASONS, LOANER_RESERVATION_STATUSES, LOANER_STATES, MAX_LOANER_RESERVATION_DAYS } from './loaners.constants.js';
import { plateSchema } from './vehicles.js';

export * from './loaners.constants.js';

// Loaner cars (代步车, issue 17): the fleet, reservations that never overlap per loaner, the hand-over
// and the return signed on the tablet, the cost per day for the service cost budget, and utilisation.

export const loanerInputSchema = z.object({
  plate: plateSchema,
  model: z.string().trim().min(1).max(60),
  vin: z.string().trim().max(17).nullable().optional(),
  km: z.number().int().min(0).max(3_000_000),
  /** Percent of a full tank (or charge). */
  fuelLevel: z.number().int().min(0).max(100),
  insuranceExpiresOn: isoDateSchema.nullable().optional(),
  costPerDayFen: z.number().int().min(0).max(1_000_000),
});
export type LoanerInput = z.input<typeof loanerInputSchema>;

export const loanerUpdateSchema = loanerInputSchema.extend({
  state: z.enum(LOANER_STATES),
  version: z.number().int().min(1),
});
export type LoanerUpdate = z.input<typeof loanerUpdateSchema>;

export const loanerSchema = z.object({
  id: idSchema,
  dealer: dealerRefSchema,
  plate: z.string(),
  model: z.string(),
  vin: z.string().nullable(),
  state: z.enum(LOANER_STATES),
  km: z.number().int(),
  fuelLevel: z.number().int(),
  insuranceExpiresOn: z.string().nullable(),
  costPerDayFen: z.number().int(),
  version: z.number().int(),
  /** The reservation the loaner is out on now (null: at the dealer). */
  outOn: z.object({ reservationId: idSchema, customerName: z.string(), until: z.string(), overdue: z.boolean() }).nullable(),
});
export type Loaner = z.infer<typeof loanerSchema>;
export const loanerListSchema = z.object({ items: z.array(loanerSchema) });
export type LoanerList = z.infer<typeof loanerListSchema>;

export const loanerReservationInputSchema = z
  .object({
    loanerId: idSchema,
    customerId: idSchema,
    vehicleId: idSchema.nullable().optional(),
    appointmentId: idSchema.nullable().optional(),
    visitId: idSchema.nullable().optional(),
    /** The complaint whose service recovery the loaner is (reason `recovery`). */
    complaintId: idSchema.nullable().optional(),
    reason: z.enum(LOANER_REASONS),
    /** How many days the warranty repair is expected to take (reason `warranty_repair`). */
    expectedRepairDays: z.number().int().min(0).max(MAX_LOANER_RESERVATION_DAYS).nullable().optional(),
    /** The customer is a member of the dealer's club (reason `member`). */
    isMember: z.boolean().default(false),
    /** A manager gives a loaner the rules refuse, with the reason. */
    overrideReason: z.string().trim().min(2).max(200).nullable().optional(),
    from: instantSchema,
    until: instantSchema,
  })
  .superRefine((r, ctx) => {
    const from = Date.parse(r.from);
    const until = Date.parse(r.until);
    if (Number.isNaN(from) || Number.isNaN(until)) return;
    if (until <= from) ctx.addIssue({ code: 'custom', path: ['until'], message: 'before_from' });
    else if (until - from > MAX_LOANER_RESERVATION_DAYS * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'too_long' });
  });
export type LoanerReservationInput = z.input<typeof loanerReservationInputSchema>;

/** What is recorded when the loaner leaves and when it comes back, signed by the customer on the tablet. */
export const loanerHandoverInputSchema = z.object({
  km: z.number().int().min(0).max(3_000_000),
  fuelLevel: z.number().int().min(0).max(100),
  damage: z.array(damageMarkSchema).max(40).default([]),
  photos: z.array(fileKeySchema).max(20).default([]),
  note: z.string().trim().max(300).nullable().optional(),
  signaturePng: signaturePngSchema,
});
export type LoanerHandoverInput = z.input<typeof loanerHandoverInputSchema>;

const handoverRecordSchema = z.object({
  at: z.string(),
  km: z.number().int(),
  fuelLevel: z.number().int(),
  damage: z.array(damageMarkSchema),
  photos: z.array(z.string()),
  note: z.string().nullable(),
  byName: z.string().nullable(),
});
export type LoanerHandoverRecord = z.infer<typeof handoverRecordSchema>;

export const loanerCancelInputSchema = z.object({ reason: z.string().trim().min(2).max(200) });

export const loanerReservationSchema = z.object({
  id: idSchema,
  dealer: dealerRefSchema,
  loaner: z.object({ id: idSchema, plate: z.string(), model: z.string() }),
  customer: z.object({ id: idSchema, name: z.string() }),
  vehicleId: idSchema.nullable(),
  appointmentId: idSchema.nullable(),
  visitId: idSchema.nullable(),
  complaintId: idSchema.nullable(),
  reason: z.enum(LOANER_REASONS),
  overrideReason: z.string().nullable(),
  from: z.string(),
  until: z.string(),
  status: z.enum(LOANER_RESERVATION_STATUSES),
  /** Out past its `until`. */
  overdue: z.boolean(),
  handover: handoverRecordSchema.nullable(),
  return: handoverRecordSchema.nullable(),
  /** Days charged (returned reservations). */
  daysOut: z.number().int().nullable(),
  costFen: z.number().int().nullable(),
  reservedBy: z.string().nullable(),
});
export type LoanerReservation = z.infer<typeof loanerReservationSchema>;
export const loanerReservationListSchema = z.object({ items: z.array(loanerReservationSchema) });
export type LoanerReservationList = z.infer<typeof loanerReservationListSchema>;

/** Reservations whose reserved period meets the days from..to (the dealer's calendar days); the car maker may narrow to a dealer. */
export const loanerReservationQuerySchema = dateRangeSchema({
  loanerId: idSchema.optional(),
  status: z.enum(LOANER_RESERVATION_STATUSES).optional(),
  dealerId: idSchema.optional(),
});
export type LoanerReservationQuery = z.infer<typeof loanerReservationQuerySchema>;

export const loanerListQuerySchema = z.object({ dealerId: idSchema.optional() });

export const loanerSettingsInputSchema = z.object({
  /** A warranty repair expected to take more than this many days gives the customer a loaner. */
  warrantyRepairMinDays: z.number().int().min(0).max(60),
});
export type LoanerSettingsInput = z.input<typeof loanerSettingsInputSchema>;
export const loanerSettingsSchema = loanerSettingsInputSchema;
export type LoanerSettings = z.infer<typeof loanerSettingsSchema>;

export const loanerUtilisationQuerySchema = dateRangeSchema({ dealerId: idSchema.optional() });
export type LoanerUtilisationQuery = z.infer<typeof loanerUtilisationQuerySchema>;

export const loanerUtilisationSchema = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(
    z.object({
      dealer: dealerRefSchema,
      /** Loaners in the fleet at the end of the period. */
      fleet: z.number().int(),
      /** Days the fleet was available (each loaner's days in the fleet within the period, up to now). */
      fleetDays: z.number(),
      /** Days loaners were out with customers within the period. */
      daysOut: z.number(),
      /** daysOut ÷ fleetDays; null without fleet days. */
      utilisation: z.number().nullable(),
      /** Reservations returned in the period and what they cost. */
      returned: z.number().int(),
      costFen: z.number().int(),
      /** Out past their return time now. */
      overdue: z.number().int(),
    }),
  ),
});
export type LoanerUtilisation = z.infer<typeof loanerUtilisationSchema>;

/** The overdue returns chased now: how many new tasks (an overdue reservation is chased once). */
export const loanerChaseResultSchema = z.object({ created: z.number().int() });
export type LoanerChaseResult = z.infer<typeof loanerChaseResultSchema>;
