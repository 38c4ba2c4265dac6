import { z } from 'zod';
import { dealerRefSchema } from './appointments.js';
import { dateRangeSchema, idSchema, instantSchema, isoDateSchema } from './common.js';
import { mobileSchema } from './customers.js';
import { messageDeliverySchema } from './messages.js';
import { DEALER_GRADES } from './network.constants.js';
import {
  MAX_RESCUE_TARGET_MINUTES,
  MIN_RESCUE_TARGET_MINUTES,
  RESCUE_OUTCOMES,
  RESCUE_PROBLEMS,
  RESCUE_STATUSES,
  RESCUE_UNIT_KINDS,
} from './rescue.constants.js';
import { plateSchema } from './vehicles.js';

export * from './rescue.constants.js';

// Roadside rescue (救援, issue 17): the dealer's rescue units, the calls and their steps, the response KPI.

/** A phone to reach a unit: a mobile or a landline (digits, spaces, +, -). */
const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'invalid_phone');

export const rescueUnitInputSchema = z.object({
  name: z.string().trim().min(1).max(60),
  kind: z.enum(RESCUE_UNIT_KINDS),
  phone: phoneSchema,
  active: z.boolean().default(true),
});
export type RescueUnitInput = z.input<typeof rescueUnitInputSchema>;

export const rescueUnitSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: z.enum(RESCUE_UNIT_KINDS),
  phone: z.string(),
  active: z.boolean(),
  /** The open call the unit is on (dispatched or on site), if any. */
  busyWith: z.object({ id: idSchema, number: z.string() }).nullable(),
});
export type RescueUnit = z.infer<typeof rescueUnitSchema>;
export const rescueUnitListSchema = z.object({ items: z.array(rescueUnitSchema) });

export const rescueSettingsSchema = z.object({
  /** On site within this many minutes of the call counts as on target. */
  targetMinutes: z.number().int().min(MIN_RESCUE_TARGET_MINUTES).max(MAX_RESCUE_TARGET_MINUTES),
});
export type RescueSettings = z.infer<typeof rescueSettingsSchema>;

/** A step's time: now when not given; never in the future, never before the previous step. */
const stepAt = { at: instantSchema.optional() };

export const rescueCallInputSchema = z
  .object({
    /** When the call came in (now when not given). */
    receivedAt: instantSchema.optional(),
    location: z.string().trim().min(2).max(200),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    mobile: mobileSchema,
    callerName: z.string().trim().min(1).max(40).optional(),
    /** Looked up among the dealer's cars: the call is linked to the car and its customer when found. */
    plate: plateSchema.optional(),
    problem: z.enum(RESCUE_PROBLEMS),
    description: z.string().trim().max(500).optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.lat === undefined) !== (input.lng === undefined))
      ctx.addIssue({ code: 'custom', path: [input.lat === undefined ? 'lat' : 'lng'], message: 'lat_lng_together' });
  });
export type RescueCallInput = z.input<typeof rescueCallInputSchema>;

export const rescueDispatchSchema = z.object({
  unitId: idSchema,
  ...stepAt,
  /** The language of the SMS the caller receives. */
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
export type RescueDispatchInput = z.input<typeof rescueDispatchSchema>;

export const rescueArrivedSchema = z.object(stepAt);
export type RescueArrivedInput = z.input<typeof rescueArrivedSchema>;

export const rescueCompleteSchema = z.object({
  ...stepAt,
  outcome: z.enum(RESCUE_OUTCOMES),
  note: z.string().trim().max(500).optional(),
});
export type RescueCompleteInput = z.input<typeof rescueCompleteSchema>;

export const rescueCancelSchema = z.object({ reason: z.string().trim().min(2).max(200) });
export type RescueCancelInput = z.input<typeof rescueCancelSchema>;

/** What happened to the SMS the caller was sent on dispatch, as the outbox recorded it. */
export const rescueSmsSchema = z.object({
  to: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'skipped', 'failed']),
  sentAt: z.string().nullable(),
});

export const rescueCallSchema = z.object({
  id: idSchema,
  dealer: dealerRefSchema,
  number: z.string(),
  status: z.enum(RESCUE_STATUSES),
  receivedAt: z.string(),
  location: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  mobile: z.string(),
  callerName: z.string().nullable(),
  plate: z.string().nullable(),
  customer: z.object({ id: idSchema, name: z.string() }).nullable(),
  vehicleId: idSchema.nullable(),
  problem: z.enum(RESCUE_PROBLEMS),
  description: z.string().nullable(),
  unit: z.object({ id: idSchema, name: z.string(), kind: z.enum(RESCUE_UNIT_KINDS), phone: z.string() }).nullable(),
  dispatchedAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  outcome: z.enum(RESCUE_OUTCOMES).nullable(),
  note: z.string().nullable(),
  /** The visit the call opened at the dealer (towed to the dealer). */
  visitId: idSchema.nullable(),
  /** Call → arrival on site, in whole minutes; null before arrival. */
  responseMinutes: z.number().int().nullable(),
  sms: rescueSmsSchema.nullable(),
  /** What will happen to the SMS queued by this very request (dispatch only). */
  message: messageDeliverySchema.nullable().optional(),
});
export type RescueCall = z.infer<typeof rescueCallSchema>;

export const rescueCallListQuerySchema = z.object({
  /** open: received, dispatched or on site; closed: completed or cancelled (newest first). */
  state: z.enum(['open', 'closed']).default('open'),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  dealerId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RescueCallListQuery = z.input<typeof rescueCallListQuerySchema>;
export const rescueCallListSchema = z.object({ items: z.array(rescueCallSchema) });
export type RescueCallList = z.infer<typeof rescueCallListSchema>;

/** The car maker may narrow to a dealer, or (as the cockpit does) a region, city or grade. */
export const rescueKpiQuerySchema = dateRangeSchema({
  dealerId: idSchema.optional(),
  region: z.string().trim().min(1).max(20).optional(),
  city: z.string().trim().min(1).max(50).optional(),
  grade: z.enum(DEALER_GRADES).optional(),
});
export type RescueKpiQuery = z.infer<typeof rescueKpiQuerySchema>;

export const rescueKpiFiguresSchema = z.object({
  calls: z.number().int(),
  /** Calls a unit reached (the response time's base). */
  arrived: z.number().int(),
  completed: z.number().int(),
  cancelled: z.number().int(),
  medianResponseMinutes: z.number().nullable(),
  averageResponseMinutes: z.number().nullable(),
  withinTarget: z.number().int(),
  /** Arrived within the target ÷ arrived; null without arrivals. */
  withinTargetShare: z.number().min(0).max(1).nullable(),
  towedToDealer: z.number().int(),
});
export type RescueKpiFigures = z.infer<typeof rescueKpiFiguresSchema>;

export const rescueKpiSchema = z.object({
  from: z.string(),
  to: z.string(),
  dealers: z.array(
    rescueKpiFiguresSchema.extend({
      dealer: dealerRefSchema,
      targetMinutes: z.number().int(),
      months: z.array(rescueKpiFiguresSchema.extend({ month: z.string() })),
    }),
  ),
  /** Every call of the scope together (each against its own dealer's target). */
  total: rescueKpiFiguresSchema,
});
export type RescueKpi = z.infer<typeof rescueKpiSchema>;
