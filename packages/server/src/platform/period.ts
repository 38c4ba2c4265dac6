import { addDays, zonedInstant } from './dealer-time.js';
import { AppError } from './errors.js';

/** A report's period in the viewer's days: from `from` 00:00 to the end of `to`, at most a year. */
export function reportPeriod(query: { from: string; to: string }, timeZone: string): { from: Date; to: Date } {
  if (query.to < query.from) throw AppError.field('validation_failed', 'to', 'before_from', 'the period ends before it starts');
  if (addDays(query.from, 366) < query.to) throw AppError.field('validation_failed', 'to', 'too_long', 'at most a year at a time');
  return { from: zonedInstant(query.from, '00:00', timeZone), to: zonedInstant(addDays(query.to, 1), '00:00', timeZone) };
}

/**
 * Every day from `from` to `to` (YYYY-MM-DD, both included), for loops over days driven by input:
 * at most `maxDays` of them, so that no input can make a loop run long (an over-long or reversed
 * range is refused on `to`; a date beyond year 9999 never compares as later than `to`).
 */
export function eachDay(from: string, to: string, maxDays: number): string[] {
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (!Number.isFinite(span)) throw AppError.field('validation_failed', 'date', 'invalid_format', 'not a calendar date');
  if (span < 0) throw AppError.field('validation_failed', 'to', 'before_from', 'the period ends before it starts');
  if (span >= maxDays) throw AppError.field('validation_failed', 'to', 'too_long', `at most ${maxDays} days at a time`);
  const days: string[] = [];
  for (let i = 0; i <= span; i++) days.push(addDays(from, i));
  return days;
}
