import crypto from 'node:crypto';

// The pure rules of webhook delivery: the signature, the backoff, when to give up and when to disable.

/** A receiver that has not answered in this long has failed the attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** The first retry waits this long; each after it twice as long as the one before, up to the cap. */
export const FIRST_RETRY_MS = 60_000;
export const MAX_RETRY_MS = 60 * 60_000;
/** A delivery still failing this long after its first attempt is given up. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
/** A subscription whose deliveries failed this many times in a row is disabled. */
export const DISABLE_AFTER_FAILURES = 20;
/** How long a claim on a delivery holds: longer than an attempt may take, so a live worker settles first. */
export const WEBHOOK_LEASE_MS = 30_000;
/** A delivery unsettled this long after it was due, with no live claim, has lost its job: the sweep queues it again. */
export const SWEEP_AFTER_MS = 15 * 60_000;
export const SWEEP_EVERY_MS = 10 * 60_000;
/** How soon a delivery waiting behind an earlier one of its record looks again. */
export const ORDER_WAIT_MS = 30_000;

/** `ServiceBay-Signature`: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">. */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** The wait before the next attempt after `attempts` failed ones: 1 min, 2, 4, … capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/** After a failed attempt: when to try again, or null when the delivery is given up. */
export function nextAttemptAfterFailure(firstAttemptAt: Date, attempts: number, now: Date): Date | null {
  const next = new Date(now.getTime() + retryDelayMs(attempts));
  return next.getTime() - firstAttemptAt.getTime() > GIVE_UP_AFTER_MS ? null : next;
}

/** A new signing secret. */
export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString('hex')}`;
}
