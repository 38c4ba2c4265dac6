import type { WebhookEventInput } from '../webhooks/webhooks.sender.js';

type OrderFacts = {
  id: string;
  number: string;
  visit_id: string;
  customer_id: string;
  vehicle_id: string;
  promised_at: Date;
};

/**
 * `repair_order.completed`: the workshop's work is done and has passed the quality check, so the
 * car is ready for the customer (status `ready`), whether the inspector recorded the check or the
 * advisor moved the order on.
 */
export function repairOrderCompletedEvent(dealerId: string, row: OrderFacts, reworkCount: number, now: Date): WebhookEventInput {
  return {
    dealerId,
    type: 'repair_order.completed',
    recordKey: `repair_order:${row.id}`,
    data: {
      repairOrderId: row.id,
      number: row.number,
      visitId: row.visit_id,
      customerId: row.customer_id,
      vehicleId: row.vehicle_id,
      status: 'ready',
      completedAt: now.toISOString(),
      promisedAt: row.promised_at.toISOString(),
      reworkCount,
    },
    occurredAt: now,
  };
}
