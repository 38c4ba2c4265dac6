import { z } from 'zod';
import type { Clock } from './clock.js';
import type { Database } from './db.js';
import { quietHoursEnd } from './dealer-time.js';
import { newId } from './ids.js';
import { defineJob, type Jobs } from './jobs.js';
import type { EmailSender, SmsProvider } from './message-channels.js';
import { renderTemplate, type Locale, type TemplateId } from './message-templates.js';

export type OutgoingMessage = {
  networkId: string;
  dealerId: string | null;
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

export type OutboxDeps = { db: Database; clock: Clock; sms: SmsProvider; email: EmailSender; jobs: Jobs };

/**
 * Side effects leave through the outbox (architecture §4.8): the message row and its delivery job are
 * written in the caller's transaction, so a rolled-back change sends nothing and a crash loses nothing.
 */
export function createOutbox(deps: OutboxDeps) {
  const deliverJob = defineJob({
    id: 'outbox.deliver',
    schema: z.object({ messageId: z.uuid() }),
    run: async ({ messageId }) => {
      await deliver(messageId);
    },
    retryLimit: 8,
  });

  async function enqueue(tx: Database, message: OutgoingMessage): Promise<string | null> {
    const { subject, body } = renderTemplate(message.template, message.locale, message.variables);
    const id = newId();
    const notBefore = message.notBefore ?? deps.clock.now();
    const inserted = await tx
      .insertInto('outbox_messages')
      .values({
        id,
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
        not_before: notBefore,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return null;
    await deps.jobs.send(tx, deliverJob, { messageId: id }, { startAfter: notBefore, dedupeKey: id });
    return id;
  }

  /** Claims the message, checks consent and quiet hours as they are now, then hands it to the channel once. */
  async function deliver(messageId: string): Promise<'sent' | 'skipped' | 'deferred' | 'not_pending'> {
    const now = deps.clock.now();
    const claim = await deps.db.transaction().execute(async (tx) => {
      const message = await tx.selectFrom('outbox_messages').selectAll().where('id', '=', messageId).forUpdate().executeTakeFirst();
      if (!message || message.status !== 'pending') return { outcome: 'not_pending' as const };
      if (message.customer_id) {
        const customer = await tx.selectFrom('customers').select('consent').where('id', '=', message.customer_id).executeTakeFirst();
        const consent = customer?.consent as Record<string, boolean> | undefined;
        if (!consent?.[message.channel]) {
          await tx.updateTable('outbox_messages').set({ status: 'skipped', skip_reason: 'no_consent' }).where('id', '=', messageId).execute();
          return { outcome: 'skipped' as const };
        }
      }
      if (message.dealer_id) {
        const settings = await tx
          .selectFrom('dealers')
          .leftJoin('dealer_settings', 'dealer_settings.dealer_id', 'dealers.id')
          .select(['dealers.time_zone', 'dealer_settings.quiet_hours_start', 'dealer_settings.quiet_hours_end'])
          .where('dealers.id', '=', message.dealer_id)
          .executeTakeFirst();
        const quietEnd = quietHoursEnd(now, {
          timeZone: settings?.time_zone ?? 'Asia/Shanghai',
          quietHoursStart: settings?.quiet_hours_start ?? '21:00',
          quietHoursEnd: settings?.quiet_hours_end ?? '08:00',
        });
        if (quietEnd && message.customer_id) {
          await tx.updateTable('outbox_messages').set({ not_before: quietEnd }).where('id', '=', messageId).execute();
          await deps.jobs.send(tx, deliverJob, { messageId }, { startAfter: quietEnd, dedupeKey: `${messageId}:${quietEnd.toISOString()}` });
          return { outcome: 'deferred' as const };
        }
      }
      await tx.updateTable('outbox_messages').set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1) })).where('id', '=', messageId).execute();
      return { outcome: 'claimed' as const, message };
    });
    if (claim.outcome !== 'claimed') return claim.outcome;

    const { message } = claim;
    try {
      const result =
        message.channel === 'sms'
          ? await deps.sms.send({ to: message.recipient, body: message.body })
          : await deps.email.send({ to: message.recipient, subject: message.subject ?? message.template, body: message.body });
      await deps.db.updateTable('outbox_messages').set({ status: 'sent', sent_at: deps.clock.now(), provider_ref: result.ref }).where('id', '=', messageId).execute();
      return 'sent';
    } catch (error) {
      // Not handed over: back to pending, and pg-boss retries the job with backoff.
      await deps.db.updateTable('outbox_messages').set({ status: 'pending', last_error: String(error).slice(0, 500) }).where('id', '=', messageId).execute();
      throw error;
    }
  }

  return { enqueue, deliver, jobs: [deliverJob] };
}

export type Outbox = ReturnType<typeof createOutbox>;
