import { z } from 'zod';
import { dealerRefSchema } from './appointments.js';
import { idSchema } from './common.js';

const personRef = z.object({ id: idSchema, name: z.string() });

export const taskSchema = z.object({
  id: idSchema,
  kind: z.string(),
  dueAt: z.string(),
  status: z.enum(['open', 'done', 'cancelled']),
  appointment: z.object({ id: idSchema, number: z.string(), startsAt: z.string(), customerName: z.string(), plate: z.string() }).nullable(),
  /** The complaint a routing or escalation notice is about. */
  complaint: z.object({ id: idSchema, number: z.string(), customerName: z.string() }).nullable(),
  /** The warranty claim whose submission window is closing. */
  claim: z.object({ id: idSchema, number: z.string() }).nullable(),
  /** The spot-check whose failed items the advisor's supervisor coaches. */
  spotCheck: z.object({ id: idSchema, saName: z.string(), failedCount: z.number().int() }).nullable(),
  /** The loaner reservation whose return is overdue (optional: older servers do not send it). */
  loaner: z.object({ reservationId: idSchema, plate: z.string(), customerName: z.string(), until: z.string() }).nullable().optional(),
  assignee: personRef.nullable(),
  dealer: dealerRefSchema,
});
export const taskCompleteSchema = z.object({ result: z.string().trim().min(1).max(200) });
export type Task = z.infer<typeof taskSchema>;
export const taskListSchema = z.object({ items: z.array(taskSchema) });
export const taskCompletedSchema = z.object({ id: idSchema, status: z.literal('done') });
export type TaskCompleted = z.infer<typeof taskCompletedSchema>;
