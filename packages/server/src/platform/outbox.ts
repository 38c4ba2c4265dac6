import { z } from 'zod';
import type { Clock } from './clock.js';
import type { Database } from './db.js';
import { newId } from './ids.js';
import { defineJob, type Jobs, jobOf } from './jobs.js';
import type { EmailSender, SmsProvider } from './message-channels.js';
import { type Locale, renderTemplate, type TemplateId } from './message-templates.js';
import { type DeliveryFacts, previewDelivery, type QuietHours } from './outbox.rules.js';

export type OutgoingMessage = {
  networkId: string;
  /** Every message is sent for a dealer: its quiet hours apply, and the row lives on the dealer's shard. */
  dealerId: string;
  /** Consent is checked against this customer at send time; null for codes asked for by the recipient. */
  customerId: string | null;
  channel: 'sms' | 'email';
  recipient: string;
  template: TemplateId;
  locale: Locale;
  variables: Record<string, string | number>;
  /** The same key is sent once, however often it is enqueued. */
  dedupeKey: string;
  notBefore?: Date;
};

/** What will happen to a message, by the same rule delivery applies (outbox.rules.ts). */
export type DeliveryPreview = {
  delivery: 'sending' | 'queued' | 'blocked';
  /** When a queued message goes out (ISO). */
  until?: string;
  /** Why a queued message waits. */
  queuedFor?: 'quiet_hours' | 'scheduled';
  blocked?: 'no_consent' | 'no_recipient';
};
/** A queued message and what will happen to it. */
export type EnqueuedMessage = DeliveryPreview & { messageId: string };

/** The delivery facts a caller read in its transaction already: the customer's consent, the dealer's quiet hours. */
export type KnownFacts = { consent: Record<string, boolean> | null; quietHours: QuietHours | null };

export type OutboxDeps = { db: Database; clock: Clock; sms: SmsProvider; email: EmailSender; jobs: Jobs };

/**
 * How long a claim on a message holds. Longer than a gateway call may take (GATEWAY_TIMEOUT_MS), so a
 * live worker always marks the outcome first; a claim past it outlived its process.
 */
export const LEASE_SECONDS = 30;
/** How long a delivery run may take before pg-boss retries it (a killed worker's job). */
export const DELIVERY_EXPIRE_SECONDS = 30;
/** Hand-overs that the channel refused before the message is given up as `failed`. */
export const MAX_ATTEMPTS = 8;
/** A message still unsettled this long after its time has lost its job: the sweep queues it again. */
const SWEEP_AFTER_MS = 2 * 60_000;
const SWEEP_EVERY_MS = 5 * 60_000;

export type DeliveryOutcome = 'sent' | 'skipped' | 'deferred' | 'failed' | 'not_pending';

/** Another worker holds a live claim on the message: the job is retried after it. */
export class MessageClaimedError extends Error {
  constructor(
    readonly messageId: string,
    readonly leaseUntil: Date,
  ) {
    super(`message ${messageId} is being delivered until ${leaseUntil.toISOString()}`);
  }
}

/**
 * Side effects leave through the outbox (architecture §4.8): the message row and its delivery job are
 * written in the caller's transaction, so a rolled-back change sends nothing and a crash loses nothing.
 *
 * Exactly once across crashes: a delivery claims the row (`sending`, with a lease) in one transaction,
 * hands it to the channel with the message id as idempotency key, and marks the outcome. A worker
 * killed in between leaves a `sending` row whose lease passes; the next run of its job (pg-boss retries
 * an expired run within about a minute) claims it again and hands it over with the same key, so a
 * gateway that already has it answers the first reference instead of sending again. Consent and quiet
 * hours are checked again on every claim. Every message ends `sent`, `skipped` (with a reason) or,
 * after MAX_ATTEMPTS refusals, `failed` (reason `delivery_failed`).
 */
export function createOutbox(deps: OutboxDeps) {
  const deliverJob = defineJob({
    id: 'outbox.deliver',
    // The dealer routes the job's reads and writes to the message's shard. Jobs queued before
    // migration 0043 carry only the message.
    schema: z.object({ messageId: z.uuid(), dealerId: z.uuid().optional() }),
    run: async ({ messageId, dealerId }) => {
      await deliver(messageId, dealerId);
    },
    // Our own attempts decide when a message fails; pg-boss's retries also cover waits on a live claim.
    retryLimit: 16,
    expireInSeconds: DELIVERY_EXPIRE_SECONDS,
  });

  /** Queues delivery again for messages whose job was lost (e.g. its retries used up while a claim was held); then every few minutes. */
  const sweepJob = defineJob({
    id: 'outbox.sweep',
    schema: z.object({ at: z.iso.datetime() }),
    run: async () => {
      await sweep();
      await scheduleSweep();
    },
    retryLimit: 3,
    expireInSeconds: 120,
  });

  /** What the delivery rule needs to know about a message's customer and dealer, as they are now. */
  async function deliveryFactsOf(
    tx: Database,
    m: { customer_id: string | null; dealer_id: string | null; channel: DeliveryFacts['channel']; recipient: string },
  ): Promise<DeliveryFacts> {
    let consent: Record<string, boolean> | null = null;
    let quietHours: QuietHours | null = null;
    if (m.customer_id) {
      const customer = await tx.selectFrom('customers').select('consent').where('id', '=', m.customer_id).executeTakeFirst();
      consent = customer?.consent ?? {};
    }
    if (m.dealer_id && m.customer_id) {
      const settings = await tx
        .selectFrom('dealers')
        .leftJoin('dealer_settings', 'dealer_settings.dealer_id', 'dealers.id')
        .select(['dealers.time_zone', 'dealer_settings.quiet_hours_start', 'dealer_settings.quiet_hours_end'])
        .where('dealers.id', '=', m.dealer_id)
        .executeTakeFirst();
      quietHours = {
        timeZone: settings?.time_zone ?? 'Asia/Shanghai',
        quietHoursStart: settings?.quiet_hours_start ?? '21:00',
        quietHoursEnd: settings?.quiet_hours_end ?? '08:00',
      };
    }
    return { channel: m.channel, recipient: m.recipient, consent, quietHours };
  }

  /** The rendered row of a message. */
  function rowOf(message: OutgoingMessage) {
    const { subject, body } = renderTemplate(message.template, message.locale, message.variables);
    const now = deps.clock.now();
    return {
      id: newId(),
      network_id: message.networkId,
      dealer_id: message.dealerId,
      customer_id: message.customerId,
      channel: message.channel,
      recipient: message.recipient,
      template: message.template,
      locale: message.locale,
      subject,
      body,
      dedupe_key: message.dedupeKey,
      not_before: message.notBefore ?? now,
      created_at: now,
    };
  }

  const deliveryOf = (row: { id: string; dealer_id: string; not_before: Date }) =>
    jobOf(deliverJob, { messageId: row.id, dealerId: row.dealer_id }, { startAfter: row.not_before, dedupeKey: row.id });

  /** Writes the message and its delivery job; null when its dedupe key was queued before. */
  async function enqueue(tx: Database, message: OutgoingMessage): Promise<EnqueuedMessage | null> {
    const row = rowOf(message);
    const inserted = await tx
      .insertInto('outbox_messages')
      .values(row)
      .onConflict((oc) => oc.columns(['dealer_id', 'dedupe_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return null;
    await deps.jobs.sendAll(tx, [deliveryOf(row)]);
    return { messageId: row.id, ...(await preview(tx, { ...message, notBefore: row.not_before })) };
  }

  /**
   * For a use-case that writes the message row in a statement of its own together with its change:
   * the row, its delivery job (to send with `jobs.sendAll`) and what will happen to it, from the facts
   * the caller read in its transaction. Only for a dedupe key that cannot have been used before (one
   * made from the id of a record the same transaction creates): the row is not deduplicated.
   */
  function prepare(message: OutgoingMessage, known: KnownFacts) {
    const row = rowOf(message);
    const facts = { channel: message.channel, recipient: message.recipient, ...known, notBefore: row.not_before };
    const decision = decisionOf(previewDelivery(facts, deps.clock.now()));
    return { row, delivery: deliveryOf(row), message: { messageId: row.id, ...decision } satisfies EnqueuedMessage };
  }

  /** What would happen to a message sent at `notBefore` (or now), without sending it: the sender is told before the event that sends it. */
  async function preview(
    tx: Database,
    message: { customerId: string | null; dealerId: string | null; channel: 'sms' | 'email'; recipient: string; notBefore?: Date },
  ): Promise<DeliveryPreview> {
    const facts = await deliveryFactsOf(tx, {
      customer_id: message.customerId,
      dealer_id: message.dealerId,
      channel: message.channel,
      recipient: message.recipient,
    });
    return decisionOf(previewDelivery({ ...facts, notBefore: message.notBefore ?? deps.clock.now() }, deps.clock.now()));
  }

  function decisionOf(decision: ReturnType<typeof previewDelivery>): DeliveryPreview {
    if (decision.outcome === 'blocked') return { delivery: 'blocked', blocked: decision.reason };
    if (decision.outcome === 'queued_until') return { delivery: 'queued', until: decision.until.toISOString(), queuedFor: decision.reason };
    return { delivery: 'sending' };
  }

  /**
   * Claims the message (a pending one, or one whose claim outlived its worker), checks consent and
   * quiet hours as they are now, then hands it to the channel under its idempotency key.
   */
  async function deliver(messageId: string, dealerId?: string): Promise<DeliveryOutcome> {
    const now = deps.clock.now();
    const claim = await deps.db.transaction().execute(async (tx) => {
      let query = tx.selectFrom('outbox_messages').selectAll().where('id', '=', messageId);
      if (dealerId) query = query.where('dealer_id', '=', dealerId);
      const message = await query.forUpdate().executeTakeFirst();
      if (!message) return { outcome: 'not_pending' as const };
      const ofMessage = { dealer_id: message.dealer_id, id: messageId };
      if (message.status === 'sending' && message.lease_until && message.lease_until > now)
        throw new MessageClaimedError(messageId, message.lease_until);
      if (message.status !== 'pending' && message.status !== 'sending') return { outcome: 'not_pending' as const };
      // The same rule enqueue used to tell the sender what would happen, on the facts as they are now.
      const decision = previewDelivery(await deliveryFactsOf(tx, message), now);
      if (decision.outcome === 'blocked') {
        await tx
          .updateTable('outbox_messages')
          .set({ status: 'skipped', skip_reason: decision.reason, lease_until: null })
          .where('dealer_id', '=', ofMessage.dealer_id)
          .where('id', '=', messageId)
          .execute();
        return { outcome: 'skipped' as const };
      }
      if (decision.outcome === 'queued_until') {
        const quietEnd = decision.until;
        // Also a claim retried after a crash: what the gateway may already have is settled in the morning, under the same key.
        await tx
          .updateTable('outbox_messages')
          .set({ status: 'pending', not_before: quietEnd, lease_until: null })
          .where('dealer_id', '=', ofMessage.dealer_id)
          .where('id', '=', messageId)
          .execute();
        await deps.jobs.send(
          tx,
          deliverJob,
          { messageId, dealerId: ofMessage.dealer_id },
          { startAfter: quietEnd, dedupeKey: `${messageId}:${quietEnd.toISOString()}` },
        );
        return { outcome: 'deferred' as const };
      }
      const leaseUntil = new Date(now.getTime() + LEASE_SECONDS * 1000);
      await tx
        .updateTable('outbox_messages')
        .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), lease_until: leaseUntil }))
        .where('dealer_id', '=', ofMessage.dealer_id)
        .where('id', '=', messageId)
        .execute();
      return { outcome: 'claimed' as const, message, attempt: message.attempts + 1 };
    });
    if (claim.outcome !== 'claimed') return claim.outcome;

    const { message, attempt } = claim;
    let ref: string;
    try {
      const result =
        message.channel === 'sms'
          ? await deps.sms.send({ to: message.recipient, body: message.body, idempotencyKey: message.id })
          : await deps.email.send({
              to: message.recipient,
              subject: message.subject ?? message.template,
              body: message.body,
              idempotencyKey: message.id,
            });
      ref = result.ref;
    } catch (error) {
      const lastError = String(error).slice(0, 500);
      if (attempt >= MAX_ATTEMPTS) {
        // Given up, in words on the message log; the job completes.
        await settle(message.dealer_id, messageId, {
          status: 'failed',
          skip_reason: 'delivery_failed',
          last_error: lastError,
          lease_until: null,
        });
        return 'failed';
      }
      // Not handed over: back to pending, and pg-boss retries the job with backoff.
      await settle(message.dealer_id, messageId, { status: 'pending', last_error: lastError, lease_until: null });
      throw error;
    }
    // If this fails (or the process dies first), the lease passes and the retry hands it over again under the same key.
    await settle(message.dealer_id, messageId, { status: 'sent', sent_at: deps.clock.now(), provider_ref: ref, lease_until: null });
    return 'sent';
  }

  /** Marks the outcome of this worker's claim (only while the row is still `sending`). */
  async function settle(
    dealerId: string,
    messageId: string,
    changes: {
      status: 'sent' | 'pending' | 'failed';
      sent_at?: Date;
      provider_ref?: string;
      skip_reason?: string;
      last_error?: string;
      lease_until: null;
    },
  ) {
    await deps.db
      .updateTable('outbox_messages')
      .set(changes)
      .where('dealer_id', '=', dealerId)
      .where('id', '=', messageId)
      .where('status', '=', 'sending')
      .execute();
  }

  /** Messages not settled well after their time (their job was lost): queue their delivery again. Returns how many. */
  async function sweep(limit = 500): Promise<number> {
    const now = deps.clock.now();
    const before = new Date(now.getTime() - SWEEP_AFTER_MS);
    const stale = await deps.db
      .selectFrom('outbox_messages')
      .select(['dealer_id', 'id', 'attempts'])
      .where('status', 'in', ['pending', 'sending'])
      .where('not_before', '<', before)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', before)]))
      .orderBy('not_before')
      .limit(limit)
      .execute();
    for (const m of stale) {
      await deps.jobs.send(
        deps.db,
        deliverJob,
        { messageId: m.id, dealerId: m.dealer_id },
        { dedupeKey: `${m.id}:sweep:${m.attempts}:${Math.floor(now.getTime() / SWEEP_EVERY_MS)}` },
      );
    }
    return stale.length;
  }

  /** The next sweep, a few minutes from now (one per slot, however many workers queue it). */
  async function scheduleSweep() {
    const slot = Math.floor(deps.clock.now().getTime() / SWEEP_EVERY_MS) + 1;
    const at = new Date(slot * SWEEP_EVERY_MS);
    return deps.jobs.send(deps.db, sweepJob, { at: at.toISOString() }, { startAfter: at, dedupeKey: at.toISOString() });
  }

  return { enqueue, prepare, preview, deliver, sweep, scheduleSweep, jobs: [deliverJob, sweepJob] };
}

export type Outbox = ReturnType<typeof createOutbox>;
