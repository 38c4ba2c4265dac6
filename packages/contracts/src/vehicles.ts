import { z } from 'zod';
import { isValidPlate, normalizeVin, plateKey, vinProblem } from './chinese-data.js';
import { idSchema, isoDateSchema, pageSchema } from './common.js';
import { FUEL_TYPES, MILEAGE_SOURCES, USE_TYPES } from './vehicles.constants.js';

export * from './vehicles.constants.js';

export const plateSchema = z.string().transform(plateKey).refine(isValidPlate, { message: 'invalid_plate' });

export const vinSchema = z
  .string()
  .transform(normalizeVin)
  .superRefine((vin, ctx) => {
    const problem = vinProblem(vin);
    if (problem) ctx.addIssue({ code: 'custom', message: `invalid_vin_${problem}` });
  });

const vehicleFields = {
  vin: vinSchema,
  plate: plateSchema,
  modelId: idSchema.nullable().optional(),
  modelYear: z.number().int().min(1990).max(2100).nullable().optional(),
  color: z.string().trim().max(30).nullable().optional(),
  fuelType: z.enum(FUEL_TYPES),
  useType: z.enum(USE_TYPES),
  deliveredOn: isoDateSchema.nullable().optional(),
  ownerId: idSchema,
  /** The person who drives it, when not the owner (使用人). */
  userId: idSchema.nullable().optional(),
  insuranceExpiresOn: isoDateSchema.nullable().optional(),
  inspectionDueOn: isoDateSchema.nullable().optional(),
};

export const vehicleInputSchema = z.object({
  ...vehicleFields,
  fuelType: vehicleFields.fuelType.default('petrol'),
  useType: vehicleFields.useType.default('private'),
});
export type VehicleInput = z.input<typeof vehicleInputSchema>;

/** Only what the client sends changes; no defaults here. */
export const vehiclePatchSchema = z
  .object(vehicleFields)
  .partial()
  .extend({ version: z.number().int().min(1) });

export const mileageInputSchema = z.object({
  readOn: isoDateSchema,
  km: z.number().int().min(0).max(3_000_000),
  source: z.enum(MILEAGE_SOURCES),
  /** A lower reading than an earlier one is refused unless the odometer was replaced. */
  odometerReplaced: z.boolean().default(false),
});
export type MileageInput = z.input<typeof mileageInputSchema>;

export const mileageReadingSchema = z.object({
  id: idSchema,
  readOn: z.string(),
  km: z.number().int(),
  source: z.enum(MILEAGE_SOURCES),
  odometerReplaced: z.boolean(),
  /** Only the dealer's own readings name the dealer; others stay anonymous. */
  recordedHere: z.boolean(),
});
export type MileageReading = z.infer<typeof mileageReadingSchema>;
/** A vehicle's mileage readings. */
export const mileageReadingListSchema = z.object({ items: z.array(mileageReadingSchema) });
export type MileageReadingList = z.infer<typeof mileageReadingListSchema>;

const personRef = z.object({ id: idSchema, name: z.string(), mobile: z.string() }).nullable();

export const vehicleSchema = z.object({
  id: idSchema,
  vin: z.string(),
  plate: z.string(),
  plateKind: z.enum(['regular', 'new_energy']),
  modelId: idSchema.nullable(),
  modelName: z.string().nullable(),
  modelYear: z.number().int().nullable(),
  color: z.string().nullable(),
  fuelType: z.enum(FUEL_TYPES),
  useType: z.enum(USE_TYPES),
  deliveredOn: z.string().nullable(),
  insuranceExpiresOn: z.string().nullable(),
  inspectionDueOn: z.string().nullable(),
  owner: personRef,
  user: personRef,
  lastKm: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Vehicle = z.infer<typeof vehicleSchema>;
/** Vehicles a customer owns or uses. */
export const vehicleListSchema = z.object({ items: z.array(vehicleSchema) });
export type VehicleList = z.infer<typeof vehicleListSchema>;

export const vehicleLookupSchema = z
  .object({ vin: z.string().optional(), plate: z.string().optional() })
  .refine((v) => Boolean(v.vin) !== Boolean(v.plate), { message: 'give_vin_or_plate', path: ['vin'] });

export const vehicleModelSchema = z.object({
  id: idSchema,
  code: z.string(),
  name: z.string(),
  fuelType: z.enum(FUEL_TYPES),
  serviceIntervalKm: z.number().int(),
  serviceIntervalMonths: z.number().int(),
});
export type VehicleModel = z.infer<typeof vehicleModelSchema>;
/** The network's vehicle models. */
export const vehicleModelListSchema = z.object({ items: z.array(vehicleModelSchema) });
export type VehicleModelList = z.infer<typeof vehicleModelListSchema>;

export const timelineEventSchema = z.object({
  id: idSchema,
  kind: z.string(),
  occurredAt: z.string(),
  vehicleId: idSchema.nullable(),
  dealerName: z.string().nullable(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
/** A page of a customer's or vehicle's timeline, newest first. */
export const timelinePageSchema = pageSchema(timelineEventSchema);
export type TimelinePage = z.infer<typeof timelinePageSchema>;
