import { z } from 'zod';
import { idSchema, instantSchema, isoDateSchema } from './common.js';
import { mobileSchema } from './customers.js';
import { fileKeySchema, inspectionInputSchema } from './inspections.js';
import { messageDeliverySchema } from './messages.js';
import { MAX_PICKUP_AREAS, PICKUP_KINDS, PICKUP_STATUSES } from './pickup.constants.js';

export * from './pickup.constants.js';

// Pick-up and delivery (上门取送车) and designated driving (代驾): the dealer's settings, the desk's day
// plan, the driver's phone page and the customer's messages.

const areaSchema = z.object({ name: z.string().trim().min(1).max(40), distanceKm: z.number().min(0).max(500) });

export const pickupSettingsInputSchema = z
  .object({
    enabled: z.boolean(),
    /** Farther than this the dealer does not go. */
    maxDistanceKm: z.number().min(1).max(200),
    /** Free within this distance; beyond it each km costs feePerKmFen. */
    freeKm: z.number().min(0).max(200),
    feePerKmFen: z.number().int().min(0).max(100_000),
    areas: z.array(areaSchema).max(MAX_PICKUP_AREAS),
    /** The window a customer booking online is offered: its length, and how long before the appointment it ends. */
    onlineWindowMinutes: z.number().int().min(30).max(240).default(60),
    onlineLeadMinutes: z.number().int().min(0).max(240).default(30),
    /** The version read; absent for the dealer's first save. */
    version: z.number().int().min(1).optional(),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.areas.forEach((a, i) => {
      if (seen.has(a.name)) ctx.addIssue({ code: 'custom', path: ['areas', i, 'name'], message: 'duplicate' });
      seen.add(a.name);
    });
  });
export type PickupSettingsInput = z.input<typeof pickupSettingsInputSchema>;

export const pickupSettingsSchema = z.object({
  enabled: z.boolean(),
  maxDistanceKm: z.number(),
  freeKm: z.number(),
  feePerKmFen: z.number().int(),
  areas: z.array(areaSchema),
  onlineWindowMinutes: z.number().int(),
  onlineLeadMinutes: z.number().int(),
  /** null: the defaults, never saved. */
  version: z.number().int().nullable(),
});
export type PickupSettings = z.infer<typeof pickupSettingsSchema>;

export const pickupJobInputSchema = z.object({
  kind: z.enum(PICKUP_KINDS),
  vehicleId: idSchema,
  /** The appointment the car is fetched for, when there is one. */
  appointmentId: idSchema.optional(),
  /** One of the dealer's service areas (its distance sets the fee and the limit). */
  area: z.string().trim().min(1).max(40),
  address: z.string().trim().min(2).max(200),
  /** Whom the driver calls; the customer's own mobile when absent. */
  contactMobile: mobileSchema.optional(),
  windowStart: instantSchema,
  windowEnd: instantSchema,
  notes: z.string().trim().max(500).optional(),
});
export type PickupJobInput = z.infer<typeof pickupJobInputSchema>;

export const pickupAssignSchema = z.object({ driverId: idSchema, version: z.number().int().min(1) });
export type PickupAssignInput = z.infer<typeof pickupAssignSchema>;

export const pickupCancelSchema = z.object({ reason: z.string().trim().min(2).max(300), version: z.number().int().min(1) });
export type PickupCancelInput = z.infer<typeof pickupCancelSchema>;

export const pickupDayQuerySchema = z.object({ date: isoDateSchema, dealerId: idSchema.optional() });

const walkaround = inspectionInputSchema.pick({ damage: true, fuelLevel: true, odometerKm: true, signaturePng: true });

/** The driver takes the car: the walk-around's marks, fuel and km, photos, and the customer's signature. */
export const pickupTakeSchema = walkaround.extend({ photos: z.array(fileKeySchema).max(20).default([]) });
export type PickupTakeInput = z.input<typeof pickupTakeSchema>;

/** The driver hands the car over (at the dealer, or back to the customer): the km at the end of the route. */
export const pickupHandOverSchema = z.object({ odometerKm: z.number().int().min(0).max(3_000_000) });
export type PickupHandOverInput = z.infer<typeof pickupHandOverSchema>;

const person = z.object({ id: idSchema, name: z.string() });

export const pickupJobSchema = z.object({
  id: idSchema,
  number: z.string(),
  kind: z.enum(PICKUP_KINDS),
  status: z.enum(PICKUP_STATUSES),
  version: z.number().int(),
  customer: z.object({ id: idSchema, name: z.string() }),
  vehicle: z.object({ id: idSchema, plate: z.string().nullable(), model: z.string().nullable() }),
  appointmentId: idSchema.nullable(),
  area: z.string(),
  address: z.string(),
  /** Masked for staff lists; whole on the driver's own page. */
  contactMobile: z.string(),
  distanceKm: z.number(),
  feeFen: z.number().int(),
  windowStart: z.string(),
  windowEnd: z.string(),
  notes: z.string().nullable(),
  driver: person.nullable(),
  setOutAt: z.string().nullable(),
  pickedUpAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  startKm: z.number().int().nullable(),
  endKm: z.number().int().nullable(),
  fuelLevel: z.number().int().nullable(),
  damage: inspectionInputSchema.shape.damage,
  photos: z.array(z.string()),
  signed: z.boolean(),
  cancelReason: z.string().nullable(),
  /** Booked by the desk, or by the customer with an online booking. */
  bookedVia: z.enum(['desk', 'online']),
});
export type PickupJob = z.infer<typeof pickupJobSchema>;

export const pickupJobListSchema = z.array(pickupJobSchema);

export const pickupDaySchema = z.object({
  date: z.string(),
  settings: pickupSettingsSchema,
  drivers: z.array(person),
  jobs: z.array(pickupJobSchema),
});
export type PickupDay = z.infer<typeof pickupDaySchema>;

/** The driver's link: shown to the desk (or opened by the driver) — the token opens this one job only. */
export const pickupDriverLinkSchema = z.object({ url: z.string(), expiresAt: z.string() });
export type PickupDriverLink = z.infer<typeof pickupDriverLinkSchema>;

export const pickupAssignedSchema = z.object({ job: pickupJobSchema, link: pickupDriverLinkSchema });
export type PickupAssigned = z.infer<typeof pickupAssignedSchema>;

/** What the driver's phone page shows and does. */
export const driverJobSchema = pickupJobSchema.extend({ dealer: z.object({ name: z.string(), phone: z.string().nullable() }) });
export type DriverJob = z.infer<typeof driverJobSchema>;

/** The answer to a driver's step: the job, and whether the customer's SMS was really queued. */
export const driverStepSchema = z.object({
  job: driverJobSchema,
  /** null: no message for this step; otherwise the outbox's truthful delivery state. */
  message: messageDeliverySchema.nullable(),
});
export type DriverStep = z.infer<typeof driverStepSchema>;

/** The pick-up a customer asks for on the online booking page: to the dealer, before the appointment. */
export const onlinePickupSchema = z.object({
  area: z.string().trim().min(1).max(40),
  address: z.string().trim().min(2).max(200),
  windowStart: instantSchema,
  windowEnd: instantSchema,
});
export type OnlinePickup = z.infer<typeof onlinePickupSchema>;

/** What the customer's booking page shows of the dealer's pick-up offer (null: none). */
export const publicPickupOfferSchema = z
  .object({
    areas: z.array(z.object({ name: z.string(), distanceKm: z.number(), feeFen: z.number().int() })),
    /** How long before the appointment the driver's window ends and how long it is. */
    leadMinutes: z.number().int(),
    windowMinutes: z.number().int(),
  })
  .nullable();

/** The pick-up of a booking as its customer sees it. */
export const publicPickupSchema = z
  .object({
    area: z.string(),
    address: z.string(),
    windowStart: z.string(),
    windowEnd: z.string(),
    feeFen: z.number().int(),
    status: z.enum(PICKUP_STATUSES),
  })
  .nullable();
