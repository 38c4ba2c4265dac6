import type { TimelineEventKind } from '@servicebay/contracts';
import { sql } from 'kysely';
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

/** The row of a dealer's timeline event, for a use-case that writes it together with its change in one statement. */
export function timelineRow(e: TimelineEventInput & { dealerId: string }) {
  return { dealer_id: e.dealerId, ...networkTimelineRow(e) };
}

function networkTimelineRow(e: TimelineEventInput) {
  return {
    id: newId(),
    network_id: e.networkId,
    customer_id: e.customerId,
    vehicle_id: e.vehicleId ?? null,
    kind: e.kind,
    data: JSON.stringify(e.data ?? {}),
    actor_user_id: e.actorUserId,
    occurred_at: e.occurredAt,
  };
}

export function createTimelineRepository(db: Database) {
  return {
    /** The car maker's own events (no dealer) go to the network-level `network_timeline_events` (docs/SCALING.md). */
    async record(events: TimelineEventInput[]) {
      const atDealers = events.flatMap((e) => (e.dealerId === null ? [] : [timelineRow({ ...e, dealerId: e.dealerId })]));
      const ofNetwork = events.filter((e) => e.dealerId === null).map(networkTimelineRow);
      if (atDealers.length) await db.insertInto('timeline_events').values(atDealers).execute();
      if (ofNetwork.length) await db.insertInto('network_timeline_events').values(ofNetwork).execute();
    },

    /** The events of dealers in the scope and the network's own. */
    listForCustomer(customerId: string, scope: Scope, beforeId: string | null, limit: number) {
      let atDealers = db
        .selectFrom('timeline_events as e')
        .innerJoin('dealers as d', 'd.id', 'e.dealer_id')
        .select([
          'e.id',
          'e.kind',
          'e.occurred_at',
          'e.vehicle_id',
          'e.data',
          'e.actor_user_id',
          sql<string | null>`d.name`.as('dealer_name'),
        ])
        .where('e.customer_id', '=', customerId)
        .where(inScope(scope, 'e.dealer_id'));
      let ofNetwork = db
        .selectFrom('network_timeline_events as e')
        .select([
          'e.id',
          'e.kind',
          'e.occurred_at',
          'e.vehicle_id',
          'e.data',
          'e.actor_user_id',
          sql<string | null>`null::text`.as('dealer_name'),
        ])
        .where('e.customer_id', '=', customerId);
      if (beforeId) {
        atDealers = atDealers.where('e.id', '<', beforeId);
        ofNetwork = ofNetwork.where('e.id', '<', beforeId);
      }
      return db
        .selectFrom(atDealers.unionAll(ofNetwork).as('e'))
        .leftJoin('users as u', 'u.id', 'e.actor_user_id')
        .select(['e.id', 'e.kind', 'e.occurred_at', 'e.vehicle_id', 'e.data', 'e.dealer_name', 'u.display_name as actor_name'])
        .orderBy('e.id', 'desc')
        .limit(limit + 1)
        .execute();
    },
  };
}
