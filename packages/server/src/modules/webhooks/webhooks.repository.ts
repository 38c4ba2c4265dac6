import { sql } from 'kysely';
import type { Database } from '../../platform/db.js';

export type DeliveryInsert = {
  dealer_id: string;
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  record_key: string;
  payload: string;
  next_attempt_at: Date;
  created_at: Date;
};

/** The SQL of webhooks: subscriptions and their deliveries, always by dealer. */
export function createWebhooksRepository(db: Database) {
  return {
    insertSubscription(row: {
      dealer_id: string;
      id: string;
      url: string;
      events: string[];
      secret: string;
      created_by: string;
      created_at: Date;
    }) {
      return db.insertInto('webhook_subscriptions').values(row).execute();
    },

    listSubscriptions(dealerId: string) {
      return db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('deleted_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    findSubscription(dealerId: string, id: string) {
      return db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    deleteSubscription(dealerId: string, id: string, at: Date) {
      return db
        .updateTable('webhook_subscriptions')
        .set({ deleted_at: at, active: false })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
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
        .onConflict((oc) => oc.columns(['dealer_id', 'subscription_id', 'event_id']).doNothing())
        .returning(['dealer_id', 'id', 'next_attempt_at'])
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

    findDelivery(dealerId: string, id: string) {
      return db.selectFrom('webhook_deliveries').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst();
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
    earlierUnsettled(d: { dealer_id: string; subscription_id: string; record_key: string; seq: number }) {
      return db
        .selectFrom('webhook_deliveries')
        .select(['id'])
        .where('dealer_id', '=', d.dealer_id)
        .where('subscription_id', '=', d.subscription_id)
        .where('record_key', '=', d.record_key)
        .where('status', 'in', ['pending', 'failed'])
        .where('seq', '<', d.seq)
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
    },

    /** The next unsettled delivery of the same record and subscription, after one settles. */
    nextUnsettled(d: { dealer_id: string; subscription_id: string; record_key: string }) {
      return db
        .selectFrom('webhook_deliveries')
        .select(['dealer_id', 'id', 'next_attempt_at'])
        .where('dealer_id', '=', d.dealer_id)
        .where('subscription_id', '=', d.subscription_id)
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

export type WebhookSubscriptionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createWebhooksRepository>['findSubscription']>>>;
export type WebhookDeliveryRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createWebhooksRepository>['findDelivery']>>>;
