import { type Selectable, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { DB } from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

export type DeliveryInsert = {
  dealer_id: string;
  id: string;
  subscription_id: string | null;
  network_subscription_id: string | null;
  event_id: string;
  event_type: string;
  record_key: string;
  payload: string;
  next_attempt_at: Date;
  created_at: Date;
};

/** Which subscription a delivery is for: a dealer's or the network's, exactly one. */
export type SubscriptionRef = { subscription_id: string | null; network_subscription_id: string | null };

/** Whose subscriptions: a dealer's (a dealer-owned table) or the car maker's for its network (a network-level table). */
export type SubscriptionOwner = { kind: 'dealer'; dealerId: string } | { kind: 'network'; networkId: string };

type OwnerColumn = 'dealer_id' | 'network_id';

/** The two subscription tables have the same columns but the owner's key. */
export type SubscriptionRow = Omit<Selectable<DB['webhook_subscriptions']>, 'dealer_id'>;

const SUBSCRIPTION_COLUMNS = [
  'id',
  'url',
  'events',
  'secret',
  'active',
  'consecutive_failures',
  'disabled_at',
  'deleted_at',
  'created_by',
  'created_at',
] as const satisfies readonly (keyof SubscriptionRow)[];

function ownerOf(owner: SubscriptionOwner) {
  return owner.kind === 'dealer'
    ? { table: 'webhook_subscriptions' as const, column: 'dealer_id' as const, id: owner.dealerId }
    : { table: 'network_webhook_subscriptions' as const, column: 'network_id' as const, id: owner.networkId };
}

/** The SQL of webhooks: subscriptions and their deliveries (always by dealer), and the car maker's network subscriptions. */
export function createWebhooksRepository(db: Database) {
  const ofSubscription = (ref: SubscriptionRef) =>
    ref.network_subscription_id
      ? sql<boolean>`network_subscription_id = ${ref.network_subscription_id}`
      : sql<boolean>`subscription_id = ${ref.subscription_id}`;

  return {
    /** The active network subscriptions of the dealer's network listening to a type. */
    networkListeners(dealerId: string, type: string) {
      return db
        .selectFrom('network_webhook_subscriptions as s')
        .innerJoin('dealers as d', 'd.network_id', 's.network_id')
        .select(['s.id'])
        .where('d.id', '=', dealerId)
        .where('s.active', '=', true)
        .where('s.deleted_at', 'is', null)
        .where(sql<boolean>`${type} = any(s.events)`)
        .execute();
    },

    /** The network subscription a delivery of the dealer names, locked, if it is of the dealer's network. */
    lockNetworkSubscription(dealerId: string, id: string) {
      return db
        .selectFrom('network_webhook_subscriptions as s')
        .selectAll('s')
        .where('s.network_id', '=', (eb) => eb.selectFrom('dealers').select('network_id').where('id', '=', dealerId))
        .where('s.id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    updateNetworkSubscriptionHealth(id: string, changes: { consecutive_failures: number; active?: boolean; disabled_at?: Date }) {
      return db.updateTable('network_webhook_subscriptions').set(changes).where('id', '=', id).execute();
    },

    /** A network subscription's deliveries across the dealers of the scope, newest first. */
    listNetworkDeliveries(scope: Scope, networkSubscriptionId: string, limit: number) {
      return db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where(inScope(scope, 'dealer_id'))
        .where('network_subscription_id', '=', networkSubscriptionId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
    },

    /** A delivery of a network subscription, within the scope. */
    findNetworkDelivery(scope: Scope, id: string) {
      return db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where(inScope(scope, 'dealer_id'))
        .where('id', '=', id)
        .where('network_subscription_id', 'is not', null)
        .executeTakeFirst();
    },

    /** The first dealer of a network (by code): a ping to a network subscription is logged under it. */
    firstDealerOf(networkId: string) {
      return db.selectFrom('dealers').select('id').where('network_id', '=', networkId).orderBy('code').limit(1).executeTakeFirst();
    },

    insertSubscription(
      owner: SubscriptionOwner,
      row: Omit<SubscriptionRow, OwnerColumn | 'active' | 'consecutive_failures' | 'disabled_at' | 'deleted_at'>,
    ) {
      const { table, column, id } = ownerOf(owner);
      return db
        .insertInto(table)
        .values({ ...row, [column]: id })
        .execute();
    },

    listSubscriptions(owner: SubscriptionOwner): Promise<SubscriptionRow[]> {
      const { table, column, id } = ownerOf(owner);
      return db
        .selectFrom(table)
        .select(SUBSCRIPTION_COLUMNS)
        .where(sql.ref(column), '=', id)
        .where('deleted_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    findSubscription(owner: SubscriptionOwner, subscriptionId: string): Promise<SubscriptionRow | undefined> {
      const { table, column, id } = ownerOf(owner);
      return db
        .selectFrom(table)
        .select(SUBSCRIPTION_COLUMNS)
        .where(sql.ref(column), '=', id)
        .where('id', '=', subscriptionId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    deleteSubscription(owner: SubscriptionOwner, subscriptionId: string, at: Date) {
      const { table, column, id } = ownerOf(owner);
      return db
        .updateTable(table)
        .set({ deleted_at: at, active: false })
        .where(sql.ref(column), '=', id)
        .where('id', '=', subscriptionId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    /** The dealer's active subscriptions listening to a type. */
    listeners(dealerId: string, type: string) {
      return db
        .selectFrom('webhook_subscriptions')
        .select(['id'])
        .where('dealer_id', '=', dealerId)
        .where('active', '=', true)
        .where('deleted_at', 'is', null)
        .where(sql<boolean>`${type} = any(events)`)
        .execute();
    },

    dealerCode(dealerId: string) {
      return db.selectFrom('dealers').select('code').where('id', '=', dealerId).executeTakeFirst();
    },

    insertDeliveries(rows: DeliveryInsert[]) {
      return db
        .insertInto('webhook_deliveries')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .returning(['dealer_id', 'id', 'next_attempt_at'])
        .execute();
    },

    /** Deliveries of every dealer still unsettled long after they were due, with no live claim: their jobs are lost. */
    lostDeliveries(before: Date, limit: number) {
      return db
        .selectFrom('webhook_deliveries')
        .select(['dealer_id', 'id', 'attempts'])
        .where('status', 'in', ['pending', 'failed'])
        .where('next_attempt_at', '<', before)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', before)]))
        .orderBy('next_attempt_at')
        .limit(limit)
        .execute();
    },

    listDeliveries(dealerId: string, subscriptionId: string, limit: number) {
      return db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('subscription_id', '=', subscriptionId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
    },

    /** A delivery of one of the dealer's own subscriptions. */
    findDelivery(dealerId: string, id: string) {
      return db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('subscription_id', 'is not', null)
        .executeTakeFirst();
    },

    lockDelivery(dealerId: string, id: string) {
      return db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    lockSubscription(dealerId: string, id: string) {
      return db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    /** The earliest unsettled delivery of the same record and subscription made before this one, if any. */
    earlierUnsettled(d: SubscriptionRef & { dealer_id: string; record_key: string; seq: number }) {
      return db
        .selectFrom('webhook_deliveries')
        .select(['id'])
        .where('dealer_id', '=', d.dealer_id)
        .where(ofSubscription(d))
        .where('record_key', '=', d.record_key)
        .where('status', 'in', ['pending', 'failed'])
        .where('seq', '<', d.seq)
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
    },

    /** The next unsettled delivery of the same record and subscription, after one settles. */
    nextUnsettled(d: SubscriptionRef & { dealer_id: string; record_key: string }) {
      return db
        .selectFrom('webhook_deliveries')
        .select(['dealer_id', 'id', 'next_attempt_at'])
        .where('dealer_id', '=', d.dealer_id)
        .where(ofSubscription(d))
        .where('record_key', '=', d.record_key)
        .where('status', 'in', ['pending', 'failed'])
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
    },

    updateDelivery(
      dealerId: string,
      id: string,
      changes: {
        status?: 'pending' | 'delivered' | 'failed' | 'gave_up';
        attempts?: number;
        next_attempt_at?: Date;
        first_attempt_at?: Date | null;
        lease_until?: Date | null;
        last_status_code?: number | null;
        last_error?: string | null;
        delivered_at?: Date | null;
      },
    ) {
      return db.updateTable('webhook_deliveries').set(changes).where('dealer_id', '=', dealerId).where('id', '=', id).execute();
    },

    updateSubscriptionHealth(
      dealerId: string,
      id: string,
      changes: { consecutive_failures: number; active?: boolean; disabled_at?: Date },
    ) {
      return db.updateTable('webhook_subscriptions').set(changes).where('dealer_id', '=', dealerId).where('id', '=', id).execute();
    },
  };
}

export type WebhookDeliveryRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createWebhooksRepository>['findDelivery']>>>;
