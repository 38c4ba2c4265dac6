import type {
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookInput,
  WebhookList,
  WebhookPingResult,
} from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { requireDealer } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { presentDelivery, presentWebhook } from './webhooks.presenter.js';
import { createWebhooksRepository } from './webhooks.repository.js';
import { newWebhookSecret } from './webhooks.rules.js';
import type { WebhookSender } from './webhooks.sender.js';

type Deps = { db: Database; clock: Clock; webhooks: WebhookSender };

const LOG_LIMIT = 200;

/** A dealer's webhooks (issue 18 §3): subscriptions, their delivery log, a ping and a replay. */
export function createWebhooksService({ db, clock, webhooks }: Deps) {
  function context(actor: Actor) {
    authorize(actor, 'webhook.manage');
    return requireDealer(actor);
  }

  async function deliveryOf(dealerId: string, id: string): Promise<WebhookDelivery> {
    const row = await createWebhooksRepository(db).findDelivery(dealerId, id);
    if (!row) throw notFound('webhook delivery');
    return presentDelivery(row);
  }

  return {
    async list(actor: Actor): Promise<WebhookList> {
      const dealerId = context(actor);
      const rows = await createWebhooksRepository(db).listSubscriptions(dealerId);
      return { items: rows.map(presentWebhook) };
    },

    /** Subscribes a URL; the answer carries the signing secret, this once. */
    async create(actor: Actor, input: WebhookInput): Promise<WebhookCreated> {
      const dealerId = context(actor);
      return inTransaction(db, async (tx) => {
        const repo = createWebhooksRepository(tx);
        const now = clock.now();
        const id = newId();
        const secret = newWebhookSecret();
        const events = [...new Set(input.events)];
        await repo.insertSubscription({
          dealer_id: dealerId,
          id,
          url: input.url,
          events,
          secret,
          created_by: actor.userId,
          created_at: now,
        });
        await recordAudit(
          tx,
          actor,
          { action: 'webhook.created', entityType: 'webhook_subscription', entityId: id, after: { url: input.url, events } },
          now,
        );
        const row = await repo.findSubscription(dealerId, id);
        return { ...presentWebhook(row!), secret };
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const dealerId = context(actor);
      await inTransaction(db, async (tx) => {
        const now = clock.now();
        const result = await createWebhooksRepository(tx).deleteSubscription(dealerId, id, now);
        if (Number(result.numUpdatedRows) === 0) throw notFound('webhook');
        await recordAudit(tx, actor, { action: 'webhook.deleted', entityType: 'webhook_subscription', entityId: id }, now);
      });
    },

    /** Sends a test event to the subscription now and answers what the receiver said. */
    async ping(actor: Actor, id: string): Promise<WebhookPingResult> {
      const dealerId = context(actor);
      const deliveryId = await inTransaction(db, async (tx) => {
        const subscription = await createWebhooksRepository(tx).findSubscription(dealerId, id);
        if (!subscription) throw notFound('webhook');
        return webhooks.createPing(tx, dealerId, id);
      });
      const outcome = await webhooks.deliver(dealerId, deliveryId);
      return { delivered: outcome === 'delivered', delivery: await deliveryOf(dealerId, deliveryId) };
    },

    async deliveries(actor: Actor, id: string): Promise<WebhookDeliveryList> {
      const dealerId = context(actor);
      const repo = createWebhooksRepository(db);
      if (!(await repo.findSubscription(dealerId, id))) throw notFound('webhook');
      const rows = await repo.listDeliveries(dealerId, id, LOG_LIMIT);
      return { items: rows.map(presentDelivery) };
    },

    /** Sends a delivery again, with the same event id, from a first attempt. */
    async replay(actor: Actor, deliveryId: string): Promise<WebhookDelivery> {
      const dealerId = context(actor);
      await inTransaction(db, async (tx) => {
        const row = await createWebhooksRepository(tx).lockDelivery(dealerId, deliveryId);
        if (!row) throw notFound('webhook delivery');
        await webhooks.requeue(tx, dealerId, deliveryId);
        await recordAudit(tx, actor, { action: 'webhook.replayed', entityType: 'webhook_delivery', entityId: deliveryId }, clock.now());
      });
      return deliveryOf(dealerId, deliveryId);
    },
  };
}
