import { z } from 'zod';
import { dealerRefSchema } from './appointments.js';
import { dateRangeSchema, idSchema } from './common.js';
import { DEALER_GRADES } from './network.constants.js';
import { rescueKpiFiguresSchema } from './rescue.js';

// The value-added services' KPIs (loaners, pick-up & delivery, rescue, the club) in one read: a
// dealer's own figures, or the car maker's network per dealer, narrowed like the other network KPIs.

export const valueAddedKpiQuerySchema = dateRangeSchema({
  dealerId: idSchema.optional(),
  region: z.string().trim().min(1).max(20).optional(),
  city: z.string().trim().min(1).max(50).optional(),
  grade: z.enum(DEALER_GRADES).optional(),
});
export type ValueAddedKpiQuery = z.infer<typeof valueAddedKpiQuerySchema>;

export const loanerKpiFiguresSchema = z.object({
  /** Loaners in the fleet at the end of the period. */
  fleet: z.number().int(),
  /** Days the fleet was available within the period (up to now), to a tenth. */
  fleetDays: z.number(),
  /** Days loaners were out with customers within the period, to a tenth. */
  daysOut: z.number(),
  /** daysOut ÷ fleetDays; null without fleet days. */
  utilisation: z.number().nullable(),
  /** Loaners handed over in the period. */
  loans: z.number().int(),
  /** Out past their return time now. */
  overdue: z.number().int(),
  /** Cost of the reservations returned in the period. */
  costFen: z.number().int(),
});
export type LoanerKpiFigures = z.infer<typeof loanerKpiFiguresSchema>;

export const pickupKpiFiguresSchema = z.object({
  /** Jobs whose window starts in the period, cancelled ones left out. */
  jobs: z.number().int(),
  /** Of these, the completed ones. */
  done: z.number().int(),
  /** Jobs where the driver met the customer (took the car at the door, or handed it back). */
  met: z.number().int(),
  /** Met within the customer's time window. */
  onTime: z.number().int(),
  /** onTime ÷ met; null when no driver met a customer yet. */
  onTimeRate: z.number().nullable(),
  /** The fees of the completed jobs. */
  feeFen: z.number().int(),
  /** Kilometres the completed jobs drove (odometer at hand-over − at take). */
  km: z.number().int(),
});
export type PickupKpiFigures = z.infer<typeof pickupKpiFiguresSchema>;

export const clubKpiFiguresSchema = z.object({
  /** Members who joined at the dealer by the end of the period. */
  members: z.number().int(),
  newMembers: z.number().int(),
  pointsEarned: z.number().int(),
  pointsRedeemed: z.number().int(),
  /** pointsRedeemed ÷ pointsEarned; null without points earned. */
  redemptionRate: z.number().nullable(),
  /** Points redeemed at the dealer that were earned at another dealer of the network. */
  redeemedFromOthers: z.number().int(),
  /** Points earned at the dealer that were redeemed at another dealer. */
  redeemedAtOthers: z.number().int(),
});
export type ClubKpiFigures = z.infer<typeof clubKpiFiguresSchema>;

export const valueAddedFiguresSchema = z.object({
  loaners: loanerKpiFiguresSchema,
  pickup: pickupKpiFiguresSchema,
  rescue: rescueKpiFiguresSchema,
  club: clubKpiFiguresSchema,
});
export type ValueAddedFigures = z.infer<typeof valueAddedFiguresSchema>;

export const valueAddedKpiSchema = z.object({
  from: z.string(),
  to: z.string(),
  dealers: z.array(valueAddedFiguresSchema.extend({ dealer: dealerRefSchema, rescueTargetMinutes: z.number().int() })),
  /** Every dealer of the scope together. */
  total: valueAddedFiguresSchema,
});
export type ValueAddedKpi = z.infer<typeof valueAddedKpiSchema>;
