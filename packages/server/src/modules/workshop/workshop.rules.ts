// Pure rules of the workshop (domain.md §4: dispatch, progress, quality check). No I/O: callers
// pass `now` and the rows they loaded.
import type { RoStatus } from '../repair-orders/repair-orders.rules.js';

/** The stages a car goes through in the workshop, as the progress board shows them. */
export const BOARD_STATUSES: readonly RoStatus[] = ['authorised', 'in_progress', 'quality_check', 'ready'];

/** Where a technician may clock on: the customer has signed and the car has not yet passed the check. */
export const CLOCKABLE_STATUSES: readonly RoStatus[] = ['authorised', 'in_progress'];

/** Where the controller may dispatch: once signed, until the work is finished. */
export const DISPATCHABLE_STATUSES: readonly RoStatus[] = ['authorised', 'in_progress'];

const HOUR_MS = 3_600_000;

/** Hours between two instants, never negative. */
export const hoursBetween = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / HOUR_MS);

/** Hours rounded to two decimals, as labour hours are written. */
export const roundHours = (hours: number) => Math.round(hours * 100) / 100;

/** Hours on the clock of a set of clock events; an open event runs until `now`. */
export function clockedHours(events: readonly { startedAt: Date; endedAt: Date | null }[], now: Date): number {
  return events.reduce((sum, e) => sum + hoursBetween(e.startedAt, e.endedAt ?? now), 0);
}

/** Labour hours still to do: sold (flat rate) minus clocked so far, never below zero. */
export const remainingHours = (soldHours: number, clocked: number) => Math.max(0, soldHours - clocked);

export type AtRiskReason = 'overdue' | 'not_enough_time';
export type AtRisk = { atRisk: boolean; reason: AtRiskReason | null; remainingHours: number };

/**
 * Is the promised delivery time (交车时间) at risk? A car that is ready is not. Otherwise it is
 * when the promised time has passed (`overdue`), or when the labour still to do — hours sold on
 * the RO less the hours clocked so far, never below zero — does not fit before it
 * (`not_enough_time`). `marginMinutes` keeps time in hand for the check and the wash.
 */
export function promisedTimeAtRisk(input: {
  status: RoStatus;
  promisedAt: Date;
  soldHours: number;
  clockedHours: number;
  now: Date;
  marginMinutes?: number;
}): AtRisk {
  const remaining = remainingHours(input.soldHours, input.clockedHours);
  if (input.status === 'ready' || !BOARD_STATUSES.includes(input.status)) return { atRisk: false, reason: null, remainingHours: remaining };
  if (input.now.getTime() > input.promisedAt.getTime()) return { atRisk: true, reason: 'overdue', remainingHours: remaining };
  const finishesAt = input.now.getTime() + remaining * HOUR_MS + (input.marginMinutes ?? 0) * 60_000;
  if (finishesAt > input.promisedAt.getTime()) return { atRisk: true, reason: 'not_enough_time', remainingHours: remaining };
  return { atRisk: false, reason: null, remainingHours: remaining };
}

/** The surname the board shows instead of the full name (the contracts' rule, with the salutation). */
export { surnameOf } from '@servicebay/contracts';

export type QualityCheckVerdict =
  | { ok: true; to: 'ready' | 'in_progress' }
  | { ok: false; field: 'checklist' | 'reason'; code: 'item_failed' | 'reason_required'; message: string };

/**
 * What a quality check does to the RO: passed → ready; failed → back to the workshop, which needs
 * the reason. A check cannot pass with a failed checklist item.
 */
export function qualityCheckVerdict(input: {
  passed: boolean;
  checklist: readonly { item: string; ok: boolean }[];
  reason?: string | null;
}): QualityCheckVerdict {
  if (input.passed) {
    const failed = input.checklist.find((c) => !c.ok);
    if (failed) return { ok: false, field: 'checklist', code: 'item_failed', message: `“${failed.item}” failed: the check cannot pass` };
    return { ok: true, to: 'ready' };
  }
  if (!input.reason || !input.reason.trim())
    return { ok: false, field: 'reason', code: 'reason_required', message: 'give the reason the quality check failed' };
  return { ok: true, to: 'in_progress' };
}
