import { quietHoursEnd } from './dealer-time.js';

// The one rule for what happens to a message: `deliver` applies it at send time, and `enqueue`
// applies it at the moment the message is queued to tell the person who triggered it. Pure.

export type QuietHours = { timeZone: string; quietHoursStart: string; quietHoursEnd: string };

export type DeliveryFacts = {
  channel: 'sms' | 'email';
  recipient: string;
  /** The customer's consent as it is now; null when the message has no customer (a code the recipient asked for). */
  consent: Record<string, boolean> | null;
  /** The sending dealer's quiet hours; null for network-level messages. */
  quietHours: QuietHours | null;
  /** Not to be sent before this instant (defaults to `now`). */
  notBefore?: Date;
};

export type DeliveryDecision =
  | { outcome: 'will_send' }
  | { outcome: 'queued_until'; until: Date; reason: 'quiet_hours' | 'scheduled' }
  | { outcome: 'blocked'; reason: 'no_consent' | 'no_recipient' };

/**
 * What happens to a message at `now`: sent; held until the quiet hours end or its send time; or
 * not sent because the customer has not consented to the channel or there is nobody to send to.
 * Quiet hours protect customers: codes nobody else asked for (no customer) go out at once.
 */
export function previewDelivery(facts: DeliveryFacts, now: Date): DeliveryDecision {
  if (!facts.recipient.trim()) return { outcome: 'blocked', reason: 'no_recipient' };
  if (facts.consent !== null && !facts.consent[facts.channel]) return { outcome: 'blocked', reason: 'no_consent' };
  const at = facts.notBefore && facts.notBefore > now ? facts.notBefore : now;
  const quietEnd = facts.consent !== null && facts.quietHours ? quietHoursEnd(at, facts.quietHours) : null;
  if (quietEnd) return { outcome: 'queued_until', until: quietEnd, reason: 'quiet_hours' };
  if (at > now) return { outcome: 'queued_until', until: at, reason: 'scheduled' };
  return { outcome: 'will_send' };
}

/** A recipient as shown to staff: a mobile as 158****4149, an email as w***@example.com. */
export function maskRecipient(recipient: string): string {
  const at = recipient.indexOf('@');
  if (at > 0) return `${recipient[0]}***${recipient.slice(at)}`;
  return recipient.length === 11 ? `${recipient.slice(0, 3)}****${recipient.slice(7)}` : recipient;
}

/** The API's account of a just-queued message (contracts `messageDeliverySchema`). */
export function presentDelivery(
  message: { channel: 'sms' | 'email'; recipient: string },
  enqueued: {
    delivery: 'sending' | 'queued' | 'blocked';
    until?: string;
    queuedFor?: 'quiet_hours' | 'scheduled';
    blocked?: 'no_consent' | 'no_recipient';
  },
) {
  return {
    channel: message.channel,
    to: maskRecipient(message.recipient),
    status: enqueued.delivery === 'blocked' ? ('not_sent' as const) : enqueued.delivery,
    until: enqueued.until ?? null,
    reason: enqueued.blocked ?? enqueued.queuedFor ?? null,
  };
}
