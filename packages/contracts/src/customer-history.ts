import { z } from 'zod';
import { APPOINTMENT_STATUSES, CHANNELS } from './appointments.js';
import { idSchema, pageSchema } from './common.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_STATUSES } from './complaints.js';
import { APPOINTMENT_OUTCOMES, HISTORY_KINDS, type HistoryKind } from './customer-history.constants.js';
import { CALL_RESULTS, CARE_RULES, SATISFACTION } from './follow-up.js';
import { RO_STATUSES } from './repair-orders.js';

export * from './customer-history.constants.js';

// The customer log (客户日志, domain.md §9): every visit and repair order, appointment, call,
// complaint, survey and message of one customer, in one list, newest first.

/** `?kinds=visit,call` (any of HISTORY_KINDS; all when absent), keyset `cursor`, `limit`. */
export const customerHistoryQuerySchema = z.object({
  kinds: z
    .string()
    .max(200)
    .optional()
    .transform((text, ctx) => {
      if (!text) return [...HISTORY_KINDS];
      const kinds = [
        ...new Set(
          text
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean),
        ),
      ];
      const unknown = kinds.filter((k) => !(HISTORY_KINDS as readonly string[]).includes(k));
      if (unknown.length > 0 || kinds.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'unknown_kind' });
        return z.NEVER;
      }
      return kinds as HistoryKind[];
    }),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type CustomerHistoryQuery = z.input<typeof customerHistoryQuerySchema>;

const base = {
  id: idSchema,
  at: z.string(),
  /** Where it happened: the dealer's own name, or any dealer's for the car maker; null for network facts. */
  dealer: z.object({ id: idSchema, name: z.string() }).nullable(),
  vehicle: z.object({ id: idSchema, plate: z.string() }).nullable(),
};
const person = z.object({ id: idSchema, name: z.string() }).nullable();

export const historyVisitSchema = z.object({
  ...base,
  kind: z.literal('visit'),
  visitId: idSchema,
  repairOrder: z
    .object({
      id: idSchema,
      number: z.string(),
      status: z.enum(RO_STATUSES),
      /** 进厂里程 */
      kmIn: z.number().int().nullable(),
      concerns: z.string(),
      /** The order's line descriptions, in order. */
      work: z.array(z.string()),
      /** The invoice's total (all pay types), in fen; null until invoiced. */
      totalFen: z.number().int().nullable(),
      deliveredAt: z.string().nullable(),
      /** The next maintenance the delivery set (date, km). */
      nextDueOn: z.string().nullable(),
      nextDueKm: z.number().int().nullable(),
    })
    .nullable(),
  serviceAdvisor: person,
});

export const historyAppointmentSchema = z.object({
  ...base,
  kind: z.literal('appointment'),
  number: z.string(),
  startsAt: z.string(),
  status: z.enum(APPOINTMENT_STATUSES),
  outcome: z.enum(APPOINTMENT_OUTCOMES),
  channel: z.enum(CHANNELS),
  arrivedAt: z.string().nullable(),
});

export const historyCallSchema = z.object({
  ...base,
  kind: z.literal('call'),
  taskId: idSchema,
  rule: z.enum(CARE_RULES),
  outcome: z.enum(CALL_RESULTS),
  satisfaction: z.enum(SATISFACTION).nullable(),
  notes: z.string().nullable(),
  agent: person,
});

export const historyComplaintSchema = z.object({
  ...base,
  kind: z.literal('complaint'),
  number: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  category: z.enum(COMPLAINT_CATEGORIES).nullable(),
  channel: z.enum(COMPLAINT_CHANNELS),
});

export const historySurveySchema = z.object({
  ...base,
  kind: z.literal('survey'),
  /** CSI on 100 points; null when no scored item was answered. */
  csi: z.number().nullable(),
  low: z.boolean(),
  source: z.enum(['link', 'call']),
  repairOrderId: idSchema.nullable(),
  complaintId: idSchema.nullable(),
});

export const historyMessageSchema = z.object({
  ...base,
  kind: z.literal('message'),
  template: z.string(),
  channel: z.string(),
  status: z.string(),
  /** Why it was not sent (no_consent, …), when skipped. */
  skipReason: z.string().nullable(),
  sentAt: z.string().nullable(),
});

export const customerHistoryEntrySchema = z.discriminatedUnion('kind', [
  historyVisitSchema,
  historyAppointmentSchema,
  historyCallSchema,
  historyComplaintSchema,
  historySurveySchema,
  historyMessageSchema,
]);
export type CustomerHistoryEntry = z.infer<typeof customerHistoryEntrySchema>;
export type HistoryEntryOf<K extends HistoryKind> = Extract<CustomerHistoryEntry, { kind: K }>;
/** A page of the customer log, newest first. */
export const customerHistoryPageSchema = pageSchema(customerHistoryEntrySchema);
export type CustomerHistoryPage = z.infer<typeof customerHistoryPageSchema>;

/** A care call the actor's dealer still has to make to this customer (the 360 page's "call" action). */
export const openCallTaskSchema = z.object({ id: idSchema, rule: z.enum(CARE_RULES), dueFrom: z.string(), dueUntil: z.string() });
export type OpenCallTask = z.infer<typeof openCallTaskSchema>;
/** The care calls still to make to one customer. */
export const openCallTaskListSchema = z.object({ items: z.array(openCallTaskSchema) });
export type OpenCallTaskList = z.infer<typeof openCallTaskListSchema>;
