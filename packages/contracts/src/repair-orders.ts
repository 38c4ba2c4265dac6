import { z } from 'zod';
import { idSchema, instantSchema } from './common.js';
import { PAY_TYPES, RO_STATUSES, VISIT_STATUSES } from './repair-orders.constants.js';

export * from './repair-orders.constants.js';

const datetime = instantSchema;

export const visitCreateSchema = z
  .object({
    appointmentId: idSchema.optional(),
    vehicleId: idSchema.optional(),
    /** When the customer arrived, if noted before the advisor greeted them; defaults to now. */
    arrivedAt: datetime.optional(),
  })
  .refine((v) => Boolean(v.appointmentId) !== Boolean(v.vehicleId), { message: 'give_appointment_or_vehicle', path: ['vehicleId'] });

export const visitSchema = z.object({
  id: idSchema,
  appointmentId: idSchema.nullable(),
  customer: z.object({ id: idSchema, name: z.string(), mobile: z.string() }),
  vehicle: z.object({ id: idSchema, plate: z.string(), vin: z.string(), modelName: z.string().nullable() }),
  sa: z.object({ id: idSchema, name: z.string() }).nullable(),
  arrivedAt: z.string(),
  greetedAt: z.string(),
  /** Greeted within the dealer's "immediately" (default 2 minutes): the timely reception KPI. */
  timelyReception: z.boolean(),
  /** open while the car is on the drive; closed at delivery; cancelled when opened by mistake (not counted in 进厂台次). */
  status: z.enum(VISIT_STATUSES),
  cancelReason: z.string().nullable(),
});
export type Visit = z.infer<typeof visitSchema>;

const discount = { discountPercent: z.number().min(0).max(100).nullable().optional() };
export const roLineInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('labour'),
    /** From the catalogue (flat-rate hours); without it, a described line with its own hours. */
    labourOperationId: idSchema.optional(),
    description: z.string().trim().min(1).max(200).optional(),
    hours: z.number().positive().max(200).optional(),
    payType: z.enum(PAY_TYPES),
    ...discount,
  }),
  z.object({
    kind: z.literal('parts'),
    partId: idSchema,
    quantity: z.number().positive().max(10_000),
    payType: z.enum(PAY_TYPES),
    ...discount,
  }),
]);
export type RoLineInput = z.infer<typeof roLineInputSchema>;

export const repairOrderCreateSchema = z.object({
  visitId: idSchema,
  /** The customer's own words (客户原话). */
  concerns: z.string().trim().min(1).max(2000),
  diagnosis: z.string().trim().max(2000).nullable().optional(),
  /** The promised delivery time (交车时间) is always written on the repair order. */
  promisedAt: datetime,
  /** The mileage-in (进厂里程); taken from the signed walk-around when not given. */
  odometerKm: z.number().int().min(0).max(3_000_000).nullable().optional(),
  /** A mileage-in lower than the last reading is refused unless the odometer was replaced. */
  odometerReplaced: z.boolean().optional(),
  lines: z.array(roLineInputSchema).max(200).default([]),
  packageIds: z.array(idSchema).max(10).default([]),
});
export type RepairOrderCreateInput = z.input<typeof repairOrderCreateSchema>;
export const repairOrderPatchSchema = z.object({
  version: z.number().int().min(1),
  concerns: z.string().trim().min(1).max(2000).optional(),
  diagnosis: z.string().trim().max(2000).nullable().optional(),
  promisedAt: datetime.optional(),
  /** The mileage-in (进厂里程); taken from the signed walk-around when not given. */
  odometerKm: z.number().int().min(0).max(3_000_000).nullable().optional(),
  /** A mileage-in lower than the last reading is refused unless the odometer was replaced. */
  odometerReplaced: z.boolean().optional(),
  /** Replaces every line (only while the order is open). */
  lines: z.array(roLineInputSchema).max(200).optional(),
  packageIds: z.array(idSchema).max(10).optional(),
});
export type RepairOrderPatchInput = z.input<typeof repairOrderPatchSchema>;
export const authoriseSchema = z.object({
  version: z.number().int().min(1),
  /** The customer's signature on the tablet, as a PNG data URL. */
  signaturePng: z
    .string()
    .regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, 'invalid_signature')
    .max(400_000),
});
export type AuthoriseInput = z.input<typeof authoriseSchema>;
export const roTransitionSchema = z.object({
  version: z.number().int().min(1),
  to: z.enum(RO_STATUSES),
  reason: z.string().trim().max(500).optional(),
});
export type RoTransitionInput = z.input<typeof roTransitionSchema>;

const amount = z.object({ grossFen: z.number().int(), discountFen: z.number().int(), netFen: z.number().int() });
export const roLineSchema = z.object({
  id: idSchema,
  position: z.number().int(),
  kind: z.enum(['labour', 'parts']),
  code: z.string().nullable(),
  description: z.string(),
  payType: z.enum(PAY_TYPES),
  hours: z.number().nullable(),
  hourlyRateFen: z.number().int().nullable(),
  quantity: z.number().nullable(),
  unitPriceFen: z.number().int().nullable(),
  discountPercent: z.number().nullable(),
  amount,
});
export const repairOrderSchema = z.object({
  id: idSchema,
  number: z.string(),
  status: z.enum(RO_STATUSES),
  visitId: idSchema,
  customer: z.object({ id: idSchema, name: z.string(), mobile: z.string() }),
  vehicle: z.object({ id: idSchema, plate: z.string(), vin: z.string(), modelName: z.string().nullable() }),
  sa: z.object({ id: idSchema, name: z.string() }).nullable(),
  concerns: z.string(),
  diagnosis: z.string().nullable(),
  promisedAt: z.string(),
  odometerKm: z.number().int().nullable(),
  signedAt: z.string().nullable(),
  signedContentHash: z.string().nullable(),
  reworkCount: z.number().int(),
  /** The invoice, once the order is invoiced. */
  invoiceId: idSchema.nullable(),
  lines: z.array(roLineSchema),
  totals: z.object({
    byPayType: z.record(z.enum(PAY_TYPES), amount),
    customerPayableFen: z.number().int(),
    taxIncludedFen: z.number().int(),
    totalFen: z.number().int(),
    freeItemCount: z.number().int(),
  }),
  version: z.number().int(),
  createdAt: z.string(),
  /** Whose order it is (the car maker's lists span dealers). */
  dealer: z.object({ id: idSchema, name: z.string() }),
  /** What the current user may do to it now: the web app shows only these actions. */
  can: z.object({
    edit: z.boolean(),
    sign: z.boolean(),
    advance: z.boolean(),
    cancel: z.boolean(),
    proposeWork: z.boolean(),
    deliver: z.boolean(),
    shareProgress: z.boolean(),
    invoice: z.boolean(),
    dispatch: z.boolean(),
    qualityCheck: z.boolean(),
    /** Take back a payment of its invoice (the cashier or the service manager, before delivery). */
    reversePayment: z.boolean(),
  }),
});
export type RepairOrder = z.infer<typeof repairOrderSchema>;
export type RepairOrderAbilities = RepairOrder['can'];
/** The repair orders a list answers (newest first, up to the limit asked). */
export const repairOrderListSchema = z.object({ items: z.array(repairOrderSchema) });
export type RepairOrderList = z.infer<typeof repairOrderListSchema>;

export const labourOperationSchema = z.object({ id: idSchema, code: z.string(), name: z.string(), flatRateHours: z.number() });
export const maintenancePackageSchema = z.object({
  id: idSchema,
  code: z.string(),
  name: z.string(),
  modelId: idSchema.nullable(),
  intervalKm: z.number().int().nullable(),
  items: z.array(
    z.object({
      kind: z.enum(['labour', 'parts']),
      code: z.string(),
      name: z.string(),
      quantity: z.number(),
      /** Labour: the operation's flat-rate hours (the line is quantity × these hours). */
      flatRateHours: z.number().nullable(),
      /** Parts: the price of one unit, in fen. */
      unitPriceFen: z.number().int().nullable(),
    }),
  ),
});
export type LabourOperation = z.infer<typeof labourOperationSchema>;
export type MaintenancePackage = z.infer<typeof maintenancePackageSchema>;

/** What an advisor picks lines from: the dealer's labour rate, labour operations and maintenance packages. */
export const catalogueSchema = z.object({
  labourRateFen: z.number().int(),
  labourOperations: z.array(labourOperationSchema),
  packages: z.array(maintenancePackageSchema),
});
export type Catalogue = z.infer<typeof catalogueSchema>;
