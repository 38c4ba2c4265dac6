import type { WebhookEvent } from '@servicebay/contracts';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { defineJob, type Jobs, jobOf } from '../../platform/jobs.js';
import { inTransaction } from '../../platform/transaction.js';
import { createWebhooksRepository, type DeliveryInsert, type SubscriptionRef } from './webhooks.repository.js';
import {
  DISABLE_AFTER_FAILURES,
  nextAttemptAfterFailure,
  ORDER_WAIT_MS,
  SWEEP_AFTER_MS,
  SWEEP_EVERY_MS,
  signWebhook,
  WEBHOOK_LEASE_MS,
  WEBHOOK_TIMEOUT_MS,
} from './webhooks.rules.js';

/** One POST to a receiver: its status code, or a thrown error (network, timeout). */
export type WebhookPost = (url: string, request: { body: string; headers: Record<string, string> }) => Promise<{ status: number }>;

/** The default transport: fetch, no redirects followed, 10 s timeout. */
export const fetchPost: WebhookPost = async (url, { body, headers }) => {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'user-agent': 'ServiceBay-Webhooks/1', ...headers },
    redirect: 'manual',
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  await response.body?.cancel().catch(() => undefined);
  return { status: response.status };
};

export type WebhookEventInput = {
  dealerId: string;
  type: string;
  /** The record the event is about ("appointment:<id>"): events of one record reach a receiver in order. */
  recordKey: string;
  data: Record<string, unknown>;
  occurredAt: Date;
};

export type WebhookOutcome = 'delivered' | 'failed' | 'gave_up' | 'not_pending' | 'not_due' | 'waiting';

/** Another worker holds a live claim on the delivery: the job is retried after it. */
export class DeliveryClaimedError extends Error {
  constructor(readonly deliveryId: string) {
    super(`webhook delivery ${deliveryId} is being sent`);
  }
}

export type WebhookSenderDeps = { db: Database; clock: Clock; jobs: Jobs; post?: WebhookPost };

/**
 * Webhooks leave through the same door as messages (architecture §4.8): `emit` writes one delivery
 * per listening subscription and its job in the caller's transaction, so a rolled-back change sends
 * nothing and a crash loses nothing. A delivery is claimed with a lease, posted, then settled; a
 * worker killed in between leaves a claim that passes, and the job's retry posts it again with the
 * same event id (at least once; receivers dedupe on the id). Deliveries of one record and
 * subscription go out in the order they were made: a later one waits while an earlier is unsettled.
 */
export function createWebhookSender({ db, clock, jobs, post = fetchPost }: WebhookSenderDeps) {
  const deliverJob = defineJob({
    id: 'webhook.deliver',
    schema: z.object({ dealerId: z.uuid(), deliveryId: z.uuid() }),
    run: async ({ dealerId, deliveryId }) => {
      await deliver(dealerId, deliveryId);
    },
    retryLimit: 16,
    expireInSeconds: 60,
  });

  const sweepJob = defineJob({
    id: 'webhook.sweep',
    schema: z.object({ at: z.iso.datetime() }),
    run: async () => {
      await sweep();
      await scheduleSweep();
    },
    retryLimit: 3,
    expireInSeconds: 120,
  });

  /**
   * Queues again the deliveries whose job is lost (the queue was wiped or restored from an older
   * backup): still unsettled long after they were due, with no live claim. Delivering is idempotent
   * (`deliver` settles each delivery once), so a job that was only late does no harm.
   */
  async function sweep(limit = 500): Promise<number> {
    const now = clock.now();
    const lost = await createWebhooksRepository(db).lostDeliveries(new Date(now.getTime() - SWEEP_AFTER_MS), limit);
    const slot = Math.floor(now.getTime() / SWEEP_EVERY_MS);
    await jobs.sendAll(
      db,
      lost.map((d) => jobFor({ dealer_id: d.dealer_id, id: d.id, next_attempt_at: now }, `sweep:${d.attempts}:${slot}`)),
    );
    return lost.length;
  }

  /** The next sweep, at the next slot (one per slot, however many workers queue it). */
  async function scheduleSweep() {
    const at = new Date((Math.floor(clock.now().getTime() / SWEEP_EVERY_MS) + 1) * SWEEP_EVERY_MS);
    return jobs.send(db, sweepJob, { at: at.toISOString() }, { startAfter: at, dedupeKey: `webhook.sweep:${at.toISOString()}` });
  }

  const jobFor = (row: { dealer_id: string; id: string; next_attempt_at: Date }, attempt: string) =>
    jobOf(
      deliverJob,
      { dealerId: row.dealer_id, deliveryId: row.id },
      { startAfter: row.next_attempt_at, dedupeKey: `${row.id}:${attempt}` },
    );

  /** The event's payload (contracts `webhookEventSchema`). */
  async function payloadOf(tx: Database, event: WebhookEventInput, id: string): Promise<WebhookEvent> {
    const dealer = await createWebhooksRepository(tx).dealerCode(event.dealerId);
    return {
      id,
      type: event.type,
      occurredAt: event.occurredAt.toISOString(),
      dealer: { id: event.dealerId, code: dealer?.code ?? '' },
      data: event.data,
    };
  }

  /** Writes a delivery (and its job) per active subscription of the dealer listening to the type, in the caller's transaction. */
  async function emit(tx: Database, event: WebhookEventInput): Promise<number> {
    const repo = createWebhooksRepository(tx);
    const listeners: SubscriptionRef[] = [
      ...(await repo.listeners(event.dealerId, event.type)).map((s) => ({ subscription_id: s.id, network_subscription_id: null })),
      ...(await repo.networkListeners(event.dealerId, event.type)).map((s) => ({ subscription_id: null, network_subscription_id: s.id })),
    ];
    if (listeners.length === 0) return 0;
    const eventId = newId();
    const payload = JSON.stringify(await payloadOf(tx, event, eventId));
    const now = clock.now();
    const rows: DeliveryInsert[] = listeners.map((s) => ({
      dealer_id: event.dealerId,
      id: newId(),
      ...s,
      event_id: eventId,
      event_type: event.type,
      record_key: event.recordKey,
      payload,
      next_attempt_at: now,
      created_at: now,
    }));
    const inserted = await repo.insertDeliveries(rows);
    await jobs.sendAll(
      tx,
      inserted.map((row) => jobFor(row, 'first')),
    );
    return inserted.length;
  }

  /** A delivery of a test event to one subscription, written now (no job: the caller delivers it at once). */
  async function createPing(tx: Database, dealerId: string, subscription: SubscriptionRef): Promise<string> {
    const eventId = newId();
    const now = clock.now();
    const subscriptionId = subscription.subscription_id ?? subscription.network_subscription_id;
    const payload = await payloadOf(
      tx,
      { dealerId, type: 'webhook.ping', recordKey: '', data: { subscriptionId }, occurredAt: now },
      eventId,
    );
    const id = newId();
    await createWebhooksRepository(tx).insertDeliveries([
      {
        dealer_id: dealerId,
        id,
        ...subscription,
        event_id: eventId,
        event_type: 'webhook.ping',
        record_key: `ping:${eventId}`,
        payload: JSON.stringify(payload),
        next_attempt_at: now,
        created_at: now,
      },
    ]);
    return id;
  }

  /** Sends a delivery again from its first attempt (same event id), in the caller's transaction. */
  async function requeue(tx: Database, dealerId: string, deliveryId: string) {
    const now = clock.now();
    await createWebhooksRepository(tx).updateDelivery(dealerId, deliveryId, {
      status: 'pending',
      attempts: 0,
      first_attempt_at: null,
      next_attempt_at: now,
      lease_until: null,
      delivered_at: null,
    });
    await jobs.sendAll(tx, [jobFor({ dealer_id: dealerId, id: deliveryId, next_attempt_at: now }, `replay:${now.toISOString()}`)]);
  }

  /** After a delivery settles, the next one of its record and subscription may go. */
  async function releaseNext(tx: Database, d: SubscriptionRef & { dealer_id: string; record_key: string }) {
    const next = await createWebhooksRepository(tx).nextUnsettled(d);
    if (next) await jobs.sendAll(tx, [jobFor(next, `after:${clock.now().toISOString()}`)]);
  }

  /** The subscription a delivery is for, the dealer's or its network's, locked. */
  function lockSubscriptionOf(tx: Database, d: SubscriptionRef & { dealer_id: string }) {
    const repo = createWebhooksRepository(tx);
    return d.network_subscription_id
      ? repo.lockNetworkSubscription(d.dealer_id, d.network_subscription_id)
      : repo.lockSubscription(d.dealer_id, d.subscription_id!);
  }

  function updateHealth(
    tx: Database,
    d: SubscriptionRef & { dealer_id: string },
    changes: { consecutive_failures: number; active?: boolean; disabled_at?: Date },
  ) {
    const repo = createWebhooksRepository(tx);
    return d.network_subscription_id
      ? repo.updateNetworkSubscriptionHealth(d.network_subscription_id, changes)
      : repo.updateSubscriptionHealth(d.dealer_id, d.subscription_id!, changes);
  }

  /** Claims the delivery, posts it, and settles the outcome. */
  async function deliver(dealerId: string, deliveryId: string): Promise<WebhookOutcome> {
    const claim = await inTransaction(db, async (tx) => {
      const now = clock.now();
      const repo = createWebhooksRepository(tx);
      const d = await repo.lockDelivery(dealerId, deliveryId);
      if (!d || d.status === 'delivered' || d.status === 'gave_up') return { outcome: 'not_pending' as const };
      if (d.lease_until && d.lease_until > now) throw new DeliveryClaimedError(deliveryId);
      if (d.next_attempt_at > now) return { outcome: 'not_due' as const };
      if (await repo.earlierUnsettled(d)) {
        // Released when the earlier one settles; looked at again meanwhile, should that job be lost.
        const at = new Date(now.getTime() + ORDER_WAIT_MS);
        await jobs.sendAll(tx, [jobFor({ ...d, next_attempt_at: at }, `wait:${Math.floor(at.getTime() / ORDER_WAIT_MS)}`)]);
        return { outcome: 'waiting' as const };
      }
      const subscription = await lockSubscriptionOf(tx, d);
      if (!subscription || !subscription.active || subscription.deleted_at) {
        await repo.updateDelivery(dealerId, deliveryId, {
          status: 'gave_up',
          lease_until: null,
          last_error: subscription?.deleted_at ? 'subscription deleted' : 'subscription disabled',
        });
        await releaseNext(tx, d);
        return { outcome: 'gave_up' as const };
      }
      const attempts = d.attempts + 1;
      const firstAttemptAt = d.first_attempt_at ?? now;
      await repo.updateDelivery(dealerId, deliveryId, {
        attempts,
        first_attempt_at: firstAttemptAt,
        lease_until: new Date(now.getTime() + WEBHOOK_LEASE_MS),
      });
      return { outcome: 'claimed' as const, delivery: d, url: subscription.url, secret: subscription.secret, attempts, firstAttemptAt };
    });
    if (claim.outcome !== 'claimed') return claim.outcome;

    const { delivery, attempts, firstAttemptAt } = claim;
    const body = JSON.stringify(delivery.payload);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await post(claim.url, {
        body,
        headers: {
          'ServiceBay-Event': delivery.event_type,
          'ServiceBay-Event-Id': delivery.event_id,
          'ServiceBay-Signature': signWebhook(claim.secret, body, clock.now()),
        },
      });
      statusCode = response.status;
      if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
    } catch (e) {
      error = String(e).slice(0, 500);
    }

    return inTransaction(db, async (tx) => {
      const now = clock.now();
      const repo = createWebhooksRepository(tx);
      const current = await repo.lockDelivery(dealerId, deliveryId);
      // Settled meanwhile (a replay, or a retry that outlived this worker's claim): nothing to mark.
      if (!current || current.status === 'delivered' || current.status === 'gave_up' || current.attempts !== attempts)
        return 'not_pending' as const;
      const subscription = await lockSubscriptionOf(tx, delivery);
      if (!error) {
        await repo.updateDelivery(dealerId, deliveryId, {
          status: 'delivered',
          delivered_at: now,
          last_status_code: statusCode,
          last_error: null,
          lease_until: null,
        });
        if (subscription) await updateHealth(tx, delivery, { consecutive_failures: 0 });
        await releaseNext(tx, delivery);
        return 'delivered' as const;
      }
      if (subscription) {
        const failures = subscription.consecutive_failures + 1;
        const disable = failures >= DISABLE_AFTER_FAILURES && subscription.active;
        await updateHealth(tx, delivery, {
          consecutive_failures: failures,
          ...(disable ? { active: false, disabled_at: now } : {}),
        });
      }
      const next = nextAttemptAfterFailure(firstAttemptAt, attempts, now);
      if (!next) {
        await repo.updateDelivery(dealerId, deliveryId, {
          status: 'gave_up',
          last_status_code: statusCode,
          last_error: error,
          lease_until: null,
        });
        await releaseNext(tx, delivery);
        return 'gave_up' as const;
      }
      await repo.updateDelivery(dealerId, deliveryId, {
        status: 'failed',
        next_attempt_at: next,
        last_status_code: statusCode,
        last_error: error,
        lease_until: null,
      });
      await jobs.sendAll(tx, [jobFor({ dealer_id: dealerId, id: deliveryId, next_attempt_at: next }, `retry:${attempts}`)]);
      return 'failed' as const;
    });
  }

  return { emit, createPing, requeue, deliver, sweep, scheduleSweep, jobs: [deliverJob, sweepJob] };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
/** The step other modules call in their use-case's transaction. */
export type EmitWebhookEvent = WebhookSender['emit'];
