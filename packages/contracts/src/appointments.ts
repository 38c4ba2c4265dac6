import { z } from 'zod';
import { APPOINTMENT_STATUSES, CHANNELS } from './appointments.constants.js';
import { dateRangeSchema, idSchema, instantSchema, isoDateSchema } from './common.js';
import { mobileSchema, SALUTATIONS } from './customers.js';
import { messageDeliverySchema } from './messages.js';
import { onlinePickupSchema, publicPickupOfferSchema, publicPickupSchema } from './pickup.js';
import { plateSchema } from './vehicles.js';

export * from './appointments.constants.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'invalid_time');

export const bookingSettingsSchema = z.object({
  opensAt: hhmm,
  closesAt: hhmm,
  slotMinutes: z.number().int().min(10).max(240),
  capacityRatio: z.number().gt(0).max(1),
  onTimeWindowMinutes: z.number().int().min(0).max(120),
  noShowGraceMinutes: z.number().int().min(5).max(480),
  confirmationSmsAt: hhmm,
  assignmentDeadline: hhmm,
  saCallLeadMinutes: z.number().int().min(10).max(480),
  quietHoursStart: hhmm,
  quietHoursEnd: hhmm,
  /** What an appointment kept on time is worth (domain.md §3): a labour discount at settlement, 0 = none. */
  keptLabourDiscountPercent: z.number().int().min(0).max(30),
  /** Kept appointments are shown on the board for the dedicated lane (预约专用通道). */
  dedicatedLane: z.boolean(),
  /** The small gift given when the dealer itself was late for a kept appointment; empty = none. */
  apologyGift: z.string().trim().max(40),
  /** A customer with this many no-shows in the last `noShowForfeitMonths` loses the benefits; 0 = never. */
  noShowForfeitCount: z.number().int().min(0).max(10),
  noShowForfeitMonths: z.number().int().min(1).max(24),
  /** What a staff member earns per appointment they booked that was kept on time (their scorecard shows it). */
  bookingIncentiveFen: z.number().int().min(0).max(100_000),
});
export type BookingSettingsDto = z.infer<typeof bookingSettingsSchema>;
export const bookingSettingsPatchSchema = bookingSettingsSchema.partial();

const staffOnDay = z.object({ id: idSchema, name: z.string(), off: z.boolean() });
export const rosterDaySchema = z.object({
  date: z.string(),
  serviceAdvisors: z.array(staffOnDay),
  technicians: z.array(staffOnDay),
  capacityPerSlot: z.number().int(),
});
export type RosterDay = z.infer<typeof rosterDaySchema>;
export const rosterUpdateSchema = z.object({ offUserIds: z.array(idSchema).max(500) });

export const baySchema = z.object({ id: idSchema, name: z.string(), kind: z.string(), active: z.boolean() });
export const bayInputSchema = z.object({
  name: z.string().trim().min(1).max(40),
  kind: z.string().trim().min(1).max(40).default('general'),
});

export const slotSchema = z.object({
  startsAt: z.string(),
  time: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  remaining: z.number().int(),
});
export type SlotDto = z.infer<typeof slotSchema>;
export const availabilitySchema = z.object({
  days: z.array(z.object({ date: z.string(), capacityPerSlot: z.number().int(), slots: z.array(slotSchema) })),
  suggestions: z.array(slotSchema),
});
export type Availability = z.infer<typeof availabilitySchema>;
export const availabilityQuerySchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  /** The time the customer would like: the 2–3 suggestions are the nearest free slots. */
  wanted: instantSchema.optional(),
});

export const requestedWorkSchema = z
  .array(z.object({ kind: z.enum(['maintenance', 'repair']), description: z.string().trim().min(1).max(200) }))
  .min(1)
  .max(20);

export const appointmentInputSchema = z.object({
  vehicleId: idSchema,
  startsAt: instantSchema,
  durationMinutes: z
    .number()
    .int()
    .min(15)
    .max(24 * 60)
    .default(60),
  requestedWork: requestedWorkSchema,
  /** The customer's own words (客户原话). */
  customerWords: z.string().trim().max(1000).nullable().optional(),
  preferredSaId: idSchema.nullable().optional(),
  channel: z.enum(['phone', 'web', 'walk_in_desk', 'proactive_call']),
  parts: z
    .array(z.object({ partId: idSchema, quantity: z.number().positive().max(1000) }))
    .max(50)
    .default([]),
  /** Book even though the car already has an appointment that day (otherwise 409 appointment_same_day names it). */
  confirmDuplicate: z.boolean().optional(),
  /** The driver fetches the car (a car the network knows, in one of the dealer's areas). */
  pickup: onlinePickupSchema.optional(),
});
export type AppointmentInput = z.input<typeof appointmentInputSchema>;

export const rescheduleSchema = z.object({ version: z.number().int().min(1), startsAt: instantSchema });
export const cancelSchema = z.object({ version: z.number().int().min(1), reason: z.string().trim().min(1).max(500) });
export const assignSchema = z.object({ version: z.number().int().min(1), saId: idSchema });
export const confirmationAttemptSchema = z.object({
  step: z.enum(['day_before', 'hour_before']),
  channel: z.enum(['sms', 'phone']),
  result: z.enum(['confirmed', 'reschedule', 'cancel', 'no_answer']),
  note: z.string().trim().max(500).nullable().optional(),
});
export const checkInSchema = z.object({ vehicleId: idSchema });

const personRef = z.object({ id: idSchema, name: z.string() });
/** The dealer a row belongs to, on every row the car maker's network-wide reads return. */
export const dealerRefSchema = z.object({ id: idSchema, name: z.string() });
/** An optional narrowing of a car maker's read to one dealer (a dealer's staff may name only their own). */
export const dealerNarrowingSchema = { dealerId: idSchema.optional() };
export const prepickItemSchema = z.object({
  id: idSchema,
  appointmentId: idSchema,
  partNumber: z.string(),
  name: z.string(),
  quantity: z.number(),
  unitPriceFen: z.number().int(),
  inStock: z.boolean(),
  status: z.enum(['requested', 'picked', 'shortage', 'cancelled']),
});
export const appointmentSchema = z.object({
  id: idSchema,
  number: z.string(),
  status: z.enum(APPOINTMENT_STATUSES),
  startsAt: z.string(),
  durationMinutes: z.number().int(),
  channel: z.enum(CHANNELS),
  customer: z.object({ id: idSchema, name: z.string(), mobile: z.string() }),
  /** id is null when a customer booked online with a plate the network does not know yet. */
  vehicle: z.object({ id: idSchema.nullable(), plate: z.string(), modelName: z.string().nullable() }),
  requestedWork: z.array(z.object({ kind: z.enum(['maintenance', 'repair']), description: z.string() })),
  customerWords: z.string().nullable(),
  preferredSa: personRef.nullable(),
  assignedSa: personRef.nullable(),
  bookedBy: personRef.nullable(),
  needsStaffReview: z.boolean(),
  partsQuoteFen: z.number().int(),
  parts: z.array(prepickItemSchema),
  confirmed: z.boolean(),
  arrivedAt: z.string().nullable(),
  arrivalStatus: z.enum(['early', 'on_time', 'late']).nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  /** Whose appointment it is (the car maker's lists span dealers). */
  dealer: dealerRefSchema,
  /** Its booking benefits (domain.md §3): the board's dedicated-lane flag, and whether recent no-shows lost them. */
  benefits: z.object({
    dedicatedLane: z.boolean(),
    lostToNoShows: z.boolean(),
    recentNoShows: z.number().int(),
    /** The customer was a club member with priority booking when it was booked. */
    priorityMember: z.boolean(),
  }),
  /** What the current user may do to it now: the web app shows only these actions. */
  can: z.object({ reschedule: z.boolean(), cancel: z.boolean(), confirm: z.boolean(), assign: z.boolean(), checkIn: z.boolean() }),
});
export type Appointment = z.infer<typeof appointmentSchema>;
export type AppointmentAbilities = Appointment['can'];

/** A booking made by staff, with what happens to the customer's confirmation SMS. */
export const appointmentBookedSchema = appointmentSchema.extend({ message: messageDeliverySchema.nullable() });
export type AppointmentBooked = z.infer<typeof appointmentBookedSchema>;

export const appointmentListQuerySchema = dateRangeSchema({
  ...dealerNarrowingSchema,
  saId: idSchema.optional(),
  status: z.enum(APPOINTMENT_STATUSES).optional(),
});

export const partSchema = z.object({
  id: idSchema,
  partNumber: z.string(),
  name: z.string(),
  priceFen: z.number().int(),
  stockQuantity: z.number(),
});

/** A line of the day's pre-pick list, with the booking it is for. */
export const prepickRowSchema = prepickItemSchema.extend({
  appointment: z.object({ id: idSchema, number: z.string(), startsAt: z.string(), plate: z.string(), customerName: z.string() }),
});
export type PrepickRow = z.infer<typeof prepickRowSchema>;
export const prepickListSchema = z.object({ items: z.array(prepickRowSchema) });

export const workshopReservationSchema = z.object({
  dealer: dealerRefSchema,
  id: idSchema,
  appointmentId: idSchema,
  number: z.string(),
  plate: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  bay: z.object({ id: idSchema, name: z.string() }).nullable(),
});
export type WorkshopReservation = z.infer<typeof workshopReservationSchema>;
export const workshopReservationListSchema = z.object({ items: z.array(workshopReservationSchema) });

export const prepickUpdateSchema = z.object({ status: z.enum(['picked', 'shortage']) });

export const kpiQuerySchema = dateRangeSchema({ ...dealerNarrowingSchema, groupBy: z.enum(['day', 'month', 'sa']).default('day') });
export const appointmentKpiRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  counts: z.object({
    arrivalsAll: z.number().int(),
    arrivalsWithAppointment: z.number().int(),
    due: z.number().int(),
    noShows: z.number().int(),
    confirmationTargets: z.number().int(),
    confirmed: z.number().int(),
    arrivedOnTime: z.number().int(),
  }),
  appointmentRate: z.number().nullable(),
  noShowRate: z.number().nullable(),
  confirmationRate: z.number().nullable(),
  successRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
});
export const appointmentKpiListSchema = z.object({ items: z.array(appointmentKpiRowSchema) });
export const arrivalFlowSchema = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  hours: z.array(
    z.object({
      hour: z.number().int(),
      arrivals: z.number().int(),
      walkIns: z.number().int(),
      perDay: z.number(),
      suggestedQuotaPerSlot: z.number().int(),
    }),
  ),
  capacityPerSlot: z.number().int(),
});

// The customer's own booking page (no login).
export const otpRequestSchema = z.object({ mobile: mobileSchema, plate: plateSchema });
export const publicBookingSchema = z.object({
  mobile: mobileSchema,
  plate: plateSchema,
  code: z.string().regex(/^\d{6}$/, 'invalid_code'),
  startsAt: instantSchema,
  name: z.string().trim().min(1).max(60).optional(),
  requestedWork: requestedWorkSchema,
  customerWords: z.string().trim().max(1000).nullable().optional(),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  /** Book even though the car already has an appointment that day (otherwise 409 appointment_same_day names it). */
  confirmDuplicate: z.boolean().optional(),
  /** The driver fetches the car (a car the network knows, in one of the dealer's areas). */
  pickup: onlinePickupSchema.optional(),
});
/** The dealer as the public booking page shows it. */
export const publicDealerSchema = z.object({
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  /** What keeping the appointment on time is worth at this dealer (null: nothing offered). */
  benefits: z
    .object({
      onTimeWindowMinutes: z.number().int(),
      labourDiscountPercent: z.number().int(),
      dedicatedLane: z.boolean(),
      apologyGift: z.string(),
      noShowForfeitCount: z.number().int(),
      noShowForfeitMonths: z.number().int(),
    })
    .nullable(),
  pickup: publicPickupOfferSchema,
});
export type PublicDealer = z.infer<typeof publicDealerSchema>;
export const otpSentSchema = z.object({ expiresInSeconds: z.number() });
export const publicAppointmentSchema = z.object({
  number: z.string(),
  status: z.enum(APPOINTMENT_STATUSES),
  startsAt: z.string(),
  durationMinutes: z.number().int(),
  dealer: z.object({ code: z.string(), name: z.string(), timeZone: z.string() }),
  plate: z.string(),
  requestedWork: z.array(z.object({ kind: z.enum(['maintenance', 'repair']), description: z.string() })),
  pickup: publicPickupSchema,
});
export const publicBookedSchema = z.object({ manageToken: z.string(), appointment: publicAppointmentSchema });
export const welcomeBoardSchema = z.object({
  dealerName: z.string(),
  date: z.string(),
  /** greeting: the Chinese greeting (王先生); surname and salutation: for the screen to address them in its language. */
  entries: z.array(
    z.object({
      time: z.string(),
      greeting: z.string(),
      surname: z.string(),
      salutation: z.enum(SALUTATIONS),
      plate: z.string(),
      status: z.enum(APPOINTMENT_STATUSES),
    }),
  ),
});

export const appointmentListSchema = z.object({ items: z.array(appointmentSchema) });
export const appointmentHistoryEntrySchema = z.object({
  kind: z.string(),
  at: z.string(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type AppointmentHistoryEntry = z.infer<typeof appointmentHistoryEntrySchema>;
export const appointmentHistorySchema = z.object({ items: z.array(appointmentHistoryEntrySchema) });
export const walkInArrivalSchema = z.object({ id: idSchema, arrivedAt: z.string() });
export const bayListSchema = z.object({ items: z.array(baySchema) });
export const partListSchema = z.object({ items: z.array(partSchema) });
export const serviceAdvisorSchema = z.object({ id: idSchema, name: z.string() });
export type ServiceAdvisor = z.infer<typeof serviceAdvisorSchema>;
export const serviceAdvisorListSchema = z.object({ items: z.array(serviceAdvisorSchema) });
