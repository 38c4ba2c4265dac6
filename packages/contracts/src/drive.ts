import { z } from 'zod';
import { idSchema } from './common.js';
import { DRIVE_STAGES, type DriveStage } from './drive.constants.js';
import { RO_STATUSES } from './repair-orders.js';

export * from './drive.constants.js';

/** Cancel a visit opened by mistake: the reason is kept in the audit trail. */
export const visitCancelSchema = z.object({ reason: z.string().trim().min(1).max(500) });
export type VisitCancelInput = z.infer<typeof visitCancelSchema>;
export const visitCancelResultSchema = z.object({
  id: idSchema,
  status: z.literal('cancelled'),
  cancelReason: z.string(),
  cancelledAt: z.string(),
});
export type VisitCancelResult = z.infer<typeof visitCancelResultSchema>;

export const driveEntrySchema = z.object({
  visitId: idSchema,
  stage: z.enum(DRIVE_STAGES),
  repairOrder: z.object({ id: idSchema, number: z.string(), status: z.enum(RO_STATUSES) }).nullable(),
  plate: z.string(),
  modelName: z.string().nullable(),
  customerName: z.string(),
  sa: z.object({ id: idSchema, name: z.string() }).nullable(),
  arrivedAt: z.string(),
  promisedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  /** The workshop board's rule: overdue, or the labour still to do does not fit before the promised time. */
  atRisk: z.boolean(),
  atRiskReason: z.enum(['overdue', 'not_enough_time']).nullable(),
});
export type DriveEntry = z.infer<typeof driveEntrySchema>;

export const driveTodaySchema = z.object({
  generatedAt: z.string(),
  /** The dealer's calendar day (YYYY-MM-DD) that "delivered today" counts. */
  today: z.string(),
  stages: z.object(
    Object.fromEntries(DRIVE_STAGES.map((s) => [s, z.array(driveEntrySchema)])) as Record<DriveStage, z.ZodArray<typeof driveEntrySchema>>,
  ),
  /** The cars whose promised time is at risk, whatever their stage. */
  atRisk: z.array(driveEntrySchema),
});
export type DriveToday = z.infer<typeof driveTodaySchema>;
