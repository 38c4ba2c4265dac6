import { z } from 'zod';
import { idSchema } from './common.js';
import { SCORECARD_GROUPS, SCORECARD_METRICS, SCORECARD_ROLES } from './scorecards.constants.js';

export * from './scorecards.constants.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month_format');

/** A scorecard's period: one month (`period=YYYY-MM`) or a range of whole months (`from`, `to`). */
export const scorecardPeriodQuerySchema = z.object({
  period: month.optional(),
  from: month.optional(),
  to: month.optional(),
});
export type ScorecardPeriodQuery = z.infer<typeof scorecardPeriodQuerySchema>;

export const scorecardTeamQuerySchema = scorecardPeriodQuerySchema.extend({ role: z.enum(SCORECARD_ROLES).optional() });
export type ScorecardTeamQuery = z.infer<typeof scorecardTeamQuerySchema>;

export const scorecardNetworkQuerySchema = scorecardPeriodQuerySchema.extend({ role: z.enum(SCORECARD_ROLES) });
export type ScorecardNetworkQuery = z.infer<typeof scorecardNetworkQuerySchema>;

export const scorecardPeriodSchema = z.object({ from: z.string(), to: z.string(), months: z.number().int() });

/** One measure of a card, explained: its value (null: no data), the target for the period, the weight and the points it earned. */
export const scorecardPartSchema = z.object({
  metric: z.enum(SCORECARD_METRICS),
  group: z.enum(SCORECARD_GROUPS),
  unit: z.enum(['count', 'percent', 'fen', 'hours', 'score']),
  lowerIsBetter: z.boolean(),
  value: z.number().nullable(),
  /** What the value was judged against: the monthly target times the months of a count, amount or hours. */
  target: z.number(),
  weight: z.number(),
  /** value ÷ target (lower is better: target ÷ value), capped at 1; null without data. */
  achievement: z.number().nullable(),
  /** weight × achievement; null without data (the weight then does not count). */
  points: z.number().nullable(),
});
export type ScorecardPart = z.infer<typeof scorecardPartSchema>;

/** A person's score in one role: Σ points ÷ Σ weights of the measures with data × 100. */
export const scorecardSchema = z.object({
  userId: idSchema,
  name: z.string(),
  role: z.enum(SCORECARD_ROLES),
  dealer: z.object({ id: idSchema, name: z.string() }),
  period: scorecardPeriodSchema,
  score: z.number().nullable(),
  points: z.number(),
  weightWithData: z.number(),
  weightTotal: z.number(),
  parts: z.array(scorecardPartSchema),
  /** The booking incentive the dealer pays per appointment the person booked that was kept on time (null: none set, or not a booking role). */
  bookingIncentive: z.object({ keptAppointments: z.number().int(), perKeptFen: z.number().int(), earnedFen: z.number().int() }).nullable(),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

export const scorecardListSchema = z.object({ period: scorecardPeriodSchema, items: z.array(scorecardSchema) });
export type ScorecardList = z.infer<typeof scorecardListSchema>;

/** One dealer's average for a role: the staff scored, their mean score and each measure's mean value and points. */
export const networkScorecardSchema = z.object({
  period: scorecardPeriodSchema,
  role: z.enum(SCORECARD_ROLES),
  dealers: z.array(
    z.object({
      dealer: z.object({ id: idSchema, code: z.string(), name: z.string() }),
      staff: z.number().int(),
      score: z.number().nullable(),
      parts: z.array(
        z.object({
          metric: z.enum(SCORECARD_METRICS),
          group: z.enum(SCORECARD_GROUPS),
          unit: z.enum(['count', 'percent', 'fen', 'hours', 'score']),
          lowerIsBetter: z.boolean(),
          value: z.number().nullable(),
          points: z.number().nullable(),
          weight: z.number(),
        }),
      ),
    }),
  ),
});
export type NetworkScorecard = z.infer<typeof networkScorecardSchema>;

export const scorecardMetricSettingSchema = z.object({
  metric: z.enum(SCORECARD_METRICS),
  weight: z.number().int().min(0).max(100),
  /** The monthly target (counts, fen, hours) or the target rate or score. */
  target: z.number().min(0).max(1e12),
});
export type ScorecardMetricSetting = z.infer<typeof scorecardMetricSettingSchema>;

/** A role's weights and targets at the dealer; `version` 0 while the defaults apply. */
export const scorecardRoleSettingsSchema = z.object({
  role: z.enum(SCORECARD_ROLES),
  version: z.number().int(),
  custom: z.boolean(),
  metrics: z.array(scorecardMetricSettingSchema),
});
export type ScorecardRoleSettings = z.infer<typeof scorecardRoleSettingsSchema>;

export const scorecardSettingsSchema = z.object({ roles: z.array(scorecardRoleSettingsSchema) });
export type ScorecardSettings = z.infer<typeof scorecardSettingsSchema>;

export const scorecardSettingsInputSchema = z.object({
  version: z.number().int().min(0),
  metrics: z.array(scorecardMetricSettingSchema).min(1).max(SCORECARD_METRICS.length),
});
export type ScorecardSettingsInput = z.infer<typeof scorecardSettingsInputSchema>;
