// Windows relative to now for the dates and times a person enters. The contracts hold the fixed
// windows (isoDateSchema, instantSchema); what depends on today is checked here, with the injected
// clock's `now` / the dealer's `today` passed in, and refused on the named field.
import { daysBetweenDates } from '@servicebay/contracts';
import { AppError } from './errors.js';

const DAY_MS = 86_400_000;

export type Window = { daysBack?: number; daysAhead?: number };

/** `at` lies between `daysBack` days before `now` and `daysAhead` days after it (an unset side is open). */
export function requireInstantWithin(field: string, at: Date, now: Date, window: Window): void {
  const days = (at.getTime() - now.getTime()) / DAY_MS;
  if (window.daysBack !== undefined && days < -window.daysBack) {
    throw AppError.field(
      'validation_failed',
      field,
      window.daysBack === 0 ? 'in_past' : 'too_far_back',
      `at most ${window.daysBack} days ago`,
    );
  }
  if (window.daysAhead !== undefined && days > window.daysAhead) {
    throw AppError.field(
      'validation_failed',
      field,
      window.daysAhead === 0 ? 'in_future' : 'too_far_ahead',
      `at most ${window.daysAhead} days ahead`,
    );
  }
}

/** The calendar date `date` lies between `daysBack` days before `today` and `daysAhead` days after it. */
export function requireDateWithin(field: string, date: string, today: string, window: Window): void {
  const days = daysBetweenDates(today, date);
  if (window.daysBack !== undefined && days < -window.daysBack) {
    throw AppError.field(
      'validation_failed',
      field,
      window.daysBack === 0 ? 'in_past' : 'too_far_back',
      `at most ${window.daysBack} days ago`,
    );
  }
  if (window.daysAhead !== undefined && days > window.daysAhead) {
    throw AppError.field(
      'validation_failed',
      field,
      window.daysAhead === 0 ? 'in_future' : 'too_far_ahead',
      `at most ${window.daysAhead} days ahead`,
    );
  }
}
