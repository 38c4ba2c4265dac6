import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../platform/jobs.js';

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

export type VisitDeliveredListener = (event: VisitDelivered) => Promise<void>;

/** What the delivery sends (settlement); the job that runs it is made per app by `visitDeliveredJob`. */
export const visitDeliveredEvent = defineJob<VisitDelivered>({
  id: 'event.visit_delivered',
  schema: visitDeliveredSchema,
  run: async () => {
    throw new Error('register visitDeliveredJob(listeners) to handle event.visit_delivered');
  },
});

/** The event's job with this app's listeners (e.g. the follow-up module books the 0–3 day call). */
export function visitDeliveredJob(listeners: readonly VisitDeliveredListener[]): JobDefinition<VisitDelivered> {
  return {
    ...visitDeliveredEvent,
    run: async (event) => {
      for (const listener of listeners) await listener(event);
    },
  };
}
