import { z } from 'zod';
import { dealerRefSchema } from './appointments.js';
import { idSchema, isoDateSchema } from './common.js';
import { CHECK_RESULTS, DRILL_KINDS, PROCESS_CHECK_STEPS } from './process-checks.constants.js';

export * from './process-checks.constants.js';

const fileKey = z.string().regex(/^[0-9a-f-]{36}\/[0-9a-f]{64}\.(jpg|png|webp)$/, 'invalid_file_key');
const rate = z.number().min(0).max(1);
const personRef = z.object({ id: idSchema, name: z.string() });

export const processChecklistItemSchema = z.object({
  step: z.enum(PROCESS_CHECK_STEPS),
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'invalid_code'),
  kind: z.enum(['auto', 'manual']),
  /** The dealer's own text; null for the standard's items, which the app names in the user's language. */
  label: z.string().trim().min(1).max(120).nullable(),
  active: z.boolean(),
});
export type ProcessChecklistItem = z.infer<typeof processChecklistItemSchema>;
export const processChecklistSchema = z.object({ items: z.array(processChecklistItemSchema).max(80) });
export type ProcessChecklist = z.infer<typeof processChecklistSchema>;

export const processTargetsSchema = z.object({ executionRate: rate, coverageRate: rate, drillPassRate: rate });
export type ProcessTargets = z.infer<typeof processTargetsSchema>;

export const processPeriodQuerySchema = z.object({
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  dealerId: idSchema.optional(),
});
export type ProcessPeriodQuery = z.infer<typeof processPeriodQuerySchema>;

const itemRate = z.object({
  code: z.string(),
  step: z.enum(PROCESS_CHECK_STEPS),
  applicable: z.number().int(),
  passed: z.number().int(),
  rate: rate.nullable(),
});

export const processFiguresRowSchema = z.object({
  dealer: dealerRefSchema,
  visits: z.number().int(),
  executed: z.number().int(),
  executionRate: rate.nullable(),
  perItem: z.array(itemRate),
  spotChecked: z.number().int(),
  coverageRate: rate.nullable(),
  failedSpotChecks: z.number().int(),
  drillParticipants: z.number().int(),
  drillPassed: z.number().int(),
  drillPassRate: rate.nullable(),
  targets: processTargetsSchema,
});
export type ProcessFiguresRow = z.infer<typeof processFiguresRowSchema>;
export const processFiguresSchema = z.object({ from: z.string(), to: z.string(), items: z.array(processFiguresRowSchema) });
export type ProcessFigures = z.infer<typeof processFiguresSchema>;

export const visitCheckSchema = z.object({
  visitId: idSchema,
  arrivedAt: z.string(),
  sa: personRef.nullable(),
  plate: z.string(),
  roNumber: z.string().nullable(),
  /** Every active automatic item: true met, false missed, null not applicable (yet). */
  items: z.array(z.object({ code: z.string(), step: z.enum(PROCESS_CHECK_STEPS), met: z.boolean().nullable() })),
  executed: z.boolean(),
  spotCheck: z.object({ id: idSchema, status: z.enum(['draft', 'submitted']), failedCount: z.number().int() }).nullable(),
});
export type VisitCheck = z.infer<typeof visitCheckSchema>;

export const processSampleSchema = z.object({
  from: z.string(),
  to: z.string(),
  visits: z.number().int(),
  checked: z.number().int(),
  /** Spot-checks still needed for the coverage to reach the target. */
  needed: z.number().int(),
  target: rate,
  items: z.array(visitCheckSchema),
});
export type ProcessSample = z.infer<typeof processSampleSchema>;

export const spotCheckStartSchema = z.object({ visitId: idSchema });
export const spotCheckResultInputSchema = z.object({
  code: z.string().max(40),
  result: z.enum(CHECK_RESULTS),
  note: z.string().trim().max(500).nullable().optional(),
  photoKey: fileKey.nullable().optional(),
});
export const spotCheckSubmitSchema = z.object({ results: z.array(spotCheckResultInputSchema).min(1).max(80) });
export type SpotCheckSubmit = z.infer<typeof spotCheckSubmitSchema>;

export const spotCheckSchema = z.object({
  id: idSchema,
  visit: visitCheckSchema,
  checker: personRef,
  status: z.enum(['draft', 'submitted']),
  submittedAt: z.string().nullable(),
  /** The active manual items to judge (a draft), or what was judged (submitted). */
  items: z.array(
    z.object({
      code: z.string(),
      step: z.enum(PROCESS_CHECK_STEPS),
      label: z.string().nullable(),
      result: z.enum(CHECK_RESULTS).nullable(),
      note: z.string().nullable(),
      photoKey: z.string().nullable(),
    }),
  ),
  failedCount: z.number().int(),
  /** The coaching task a failed item made, and whom it went to. */
  coachingTask: z.object({ id: idSchema, assignee: personRef }).nullable(),
});
export type SpotCheck = z.infer<typeof spotCheckSchema>;

export const drillInputSchema = z.object({
  kind: z.enum(DRILL_KINDS),
  title: z.string().trim().min(1).max(120),
  heldOn: isoDateSchema,
  participants: z
    .array(z.object({ userId: idSchema, result: z.enum(['pass', 'fail']) }))
    .min(1)
    .max(100),
});
export type DrillInput = z.infer<typeof drillInputSchema>;
export const drillSchema = z.object({
  id: idSchema,
  dealer: dealerRefSchema,
  kind: z.enum(DRILL_KINDS),
  title: z.string(),
  heldOn: z.string(),
  participants: z.array(z.object({ user: personRef, result: z.enum(['pass', 'fail']) })),
});
export type Drill = z.infer<typeof drillSchema>;
export const drillListSchema = z.object({ items: z.array(drillSchema) });
