import { z } from 'zod';
import { defineJob } from '../../platform/jobs.js';

// Domain events that later modules consume (follow-up calls, surveys, warranty claims). Each event is
// a job queued in the transaction of the change; its listeners run when the job runs, so a listener
// that fails is retried without redoing the change.

export const visitDeliveredSchema = z.object({
  dealerId: z.uuid(),
  visitId: z.uuid(),
  repairOrderId: z.uuid(),
  customerId: z.uuid(),
  vehicleId: z.uuid(),
  deliveredAt: z.iso.datetime(),
});
export type VisitDelivered = z.infer<typeof visitDeliveredSchema>;

type Listener = (event: VisitDelivered) => Promise<void>;
const listeners: Listener[] = [];

/** Later modules subscribe here (e.g. the follow-up module books the 0–3 day call). */
export function onVisitDelivered(listener: Listener) {
  listeners.push(listener);
}

export const visitDeliveredEvent = defineJob({
  id: 'event.visit_delivered',
  schema: visitDeliveredSchema,
  run: async (event) => {
    for (const listener of listeners) await listener(event);
  },
});
