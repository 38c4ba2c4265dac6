import { addDays, zonedInstant } from './dealer-time.js';
import { AppError } from './errors.js';

/** A report's period in the viewer's days: from `from` 00:00 to the end of `to`, at most a year. */
export function reportPeriod(query: { from: string; to: string }, timeZone: string): { from: Date; to: Date } {
  if (query.to < query.from) throw AppError.field('validation_failed', 'to', 'before_from', 'the period ends before it starts');
  if (addDays(query.from, 366) < query.to) throw AppError.field('validation_failed', 'to', 'too_long', 'at most a year at a time');
  return { from: zonedInstant(query.from, '00:00', timeZone), to: zonedInstant(addDays(query.to, 1), '00:00', timeZone) };
}
