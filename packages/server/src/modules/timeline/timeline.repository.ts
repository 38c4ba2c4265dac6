import type { TimelineEventKind } from '@servicebay/contracts';
import type { Database } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { inScope, type Scope } from '../../platform/scope.js';

export type TimelineEventInput = {
  networkId: string;
  customerId: string;
  vehicleId?: string | null;
  dealerId: string | null;
  /** One of TIMELINE_EVENT_KINDS: the web app has a label for each. */
  kind: TimelineEventKind;
  data?: Record<string, unknown>;
  actorUserId: string | null;
  occurredAt: Date;
};

/** The row of a timeline event, for a use-case that writes it together with its change in one statement. */
export function timelineRow(e: TimelineEventInput) {
  return {
    id: newId(),
    network_id: e.networkId,
    customer_id: e.customerId,
    vehicle_id: e.vehicleId ?? null,
    dealer_id: e.dealerId,
    kind: e.kind,
    data: JSON.stringify(e.data ?? {}),
    actor_user_id: e.actorUserId,
    occurred_at: e.occurredAt,
  };
}

export function createTimelineRepository(db: Database) {
  return {
    async record(events: TimelineEventInput[]) {
      if (events.length === 0) return;
      await db.insertInto('timeline_events').values(events.map(timelineRow)).execute();
    },

    /** The events of dealers in the scope and the network's own (dealer_id null). */
    listForCustomer(customerId: string, scope: Scope, beforeId: string | null, limit: number) {
      let query = db
        .selectFrom('timeline_events as e')
        .leftJoin('dealers as d', 'd.id', 'e.dealer_id')
        .leftJoin('users as u', 'u.id', 'e.actor_user_id')
        .select(['e.id', 'e.kind', 'e.occurred_at', 'e.vehicle_id', 'e.data', 'd.name as dealer_name', 'u.display_name as actor_name'])
        .where('e.customer_id', '=', customerId)
        .orderBy('e.id', 'desc')
        .limit(limit + 1);
      query = query.where((eb) => eb.or([eb('e.dealer_id', 'is', null), inScope(scope, 'e.dealer_id')]));
      if (beforeId) query = query.where('e.id', '<', beforeId);
      return query.execute();
    },
  };
}
