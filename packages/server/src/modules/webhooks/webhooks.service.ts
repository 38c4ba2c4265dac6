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
import { type NetworkScope, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { presentDelivery, presentWebhook } from './webhooks.presenter.js';
import { createWebhooksRepository, type SubscriptionRef, type WebhookDeliveryRow } from './webhooks.repository.js';
import { newWebhookSecret } from './webhooks.rules.js';
import type { WebhookSender } from './webhooks.sender.js';

type Deps = { db: Database; clock: Clock; webhooks: WebhookSender };

const LOG_LIMIT = 200;

/**
 * Webhooks (issue 18 §3): subscriptions, their delivery log, a ping and a replay. A dealer's admin
 * manages the dealer's subscriptions; the car maker's admin the network's, which hear every dealer
 * of the network. Each sees only its own kind: a network subscription is not found at a dealer.
 */
export function createWebhooksService({ db, clock, webhooks }: Deps) {
  type Owner = { kind: 'dealer'; dealerId: string } | { kind: 'network'; networkId: string; scope: NetworkScope };

  function ownerOf(actor: Actor): Owner {
    authorize(actor, 'webhook.manage');
    const scope = scopeOf(actor);
    return scope.kind === 'dealer' ? { kind: 'dealer', dealerId: scope.dealerId } : { kind: 'network', networkId: scope.networkId, scope };
  }

  function findSubscription(tx: Database, owner: Owner, id: string) {
    return createWebhooksRepository(tx).findSubscription(owner, id);
  }

  function findDelivery(tx: Database, owner: Owner, id: string): Promise<WebhookDeliveryRow | undefined> {
    const repo = createWebhooksRepository(tx);
    return owner.kind === 'dealer' ? repo.findDelivery(owner.dealerId, id) : repo.findNetworkDelivery(owner.scope, id);
  }

  async function deliveryOf(owner: Owner, id: string): Promise<WebhookDelivery> {
    const row = await findDelivery(db, owner, id);
    if (!row) throw notFound('webhook delivery');
    return presentDelivery(row);
  }

  return {
    async list(actor: Actor): Promise<WebhookList> {
      const owner = ownerOf(actor);
      const repo = createWebhooksRepository(db);
      return { items: (await repo.listSubscriptions(owner)).map(presentWebhook) };
    },

    /** Subscribes a URL; the answer carries the signing secret, this once. */
    async create(actor: Actor, input: WebhookInput): Promise<WebhookCreated> {
      const owner = ownerOf(actor);
      return inTransaction(db, async (tx) => {
        const repo = createWebhooksRepository(tx);
        const now = clock.now();
        const id = newId();
        const secret = newWebhookSecret();
        const events = [...new Set(input.events)];
        const row = { id, url: input.url, events, secret, created_by: actor.userId, created_at: now };
        await repo.insertSubscription(owner, row);
        await recordAudit(
          tx,
          actor,
          {
            action: 'webhook.created',
            entityType: owner.kind === 'dealer' ? 'webhook_subscription' : 'network_webhook_subscription',
            entityId: id,
            after: { url: input.url, events },
          },
          now,
        );
        return { ...presentWebhook((await findSubscription(tx, owner, id))!), secret };
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const owner = ownerOf(actor);
      await inTransaction(db, async (tx) => {
        const now = clock.now();
        const repo = createWebhooksRepository(tx);
        const result = await repo.deleteSubscription(owner, id, now);
        if (Number(result.numUpdatedRows) === 0) throw notFound('webhook');
        await recordAudit(
          tx,
          actor,
          {
            action: 'webhook.deleted',
            entityType: owner.kind === 'dealer' ? 'webhook_subscription' : 'network_webhook_subscription',
            entityId: id,
          },
          now,
        );
      });
    },

    /**
     * Sends a test event to the subscription now and answers what the receiver said. A network
     * subscription's ping is logged, like every delivery, under a dealer: the network's first by code.
     */
    async ping(actor: Actor, id: string): Promise<WebhookPingResult> {
      const owner = ownerOf(actor);
      const { dealerId, deliveryId } = await inTransaction(db, async (tx) => {
        const subscription = await findSubscription(tx, owner, id);
        if (!subscription) throw notFound('webhook');
        const repo = createWebhooksRepository(tx);
        const dealerId = owner.kind === 'dealer' ? owner.dealerId : (await repo.firstDealerOf(owner.networkId))?.id;
        if (!dealerId) throw notFound('dealer');
        const ref: SubscriptionRef =
          owner.kind === 'dealer'
            ? { subscription_id: id, network_subscription_id: null }
            : { subscription_id: null, network_subscription_id: id };
        return { dealerId, deliveryId: await webhooks.createPing(tx, dealerId, ref) };
      });
      const outcome = await webhooks.deliver(dealerId, deliveryId);
      return { delivered: outcome === 'delivered', delivery: await deliveryOf(owner, deliveryId) };
    },

    async deliveries(actor: Actor, id: string): Promise<WebhookDeliveryList> {
      const owner = ownerOf(actor);
      const repo = createWebhooksRepository(db);
      if (!(await findSubscription(db, owner, id))) throw notFound('webhook');
      const rows =
        owner.kind === 'dealer'
          ? await repo.listDeliveries(owner.dealerId, id, LOG_LIMIT)
          : await repo.listNetworkDeliveries(owner.scope, id, LOG_LIMIT);
      return { items: rows.map(presentDelivery) };
    },

    /** Sends a delivery again, with the same event id, from a first attempt. */
    async replay(actor: Actor, deliveryId: string): Promise<WebhookDelivery> {
      const owner = ownerOf(actor);
      await inTransaction(db, async (tx) => {
        const found = await findDelivery(tx, owner, deliveryId);
        if (!found) throw notFound('webhook delivery');
        await createWebhooksRepository(tx).lockDelivery(found.dealer_id, deliveryId);
        await webhooks.requeue(tx, found.dealer_id, deliveryId);
        await recordAudit(tx, actor, { action: 'webhook.replayed', entityType: 'webhook_delivery', entityId: deliveryId }, clock.now());
      });
      return deliveryOf(owner, deliveryId);
    },
  };
}
