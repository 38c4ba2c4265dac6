// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
/**
 * The window of a calendar date a person enters (a birthday, a delivery date, a reading date, a
 * report period, a roster day): fixed bounds, because a schema cannot know today. Rules relative to
 * today (not in the future, not too far ahead) are checked by the services with their clock.
 */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2100-12-31';
/** The window of an instant a person enters (an arrival, a promised time, a deadline). */
export const INSTANT_MIN = '2000-01-01T00:00:00Z';
export const INSTANT_MAX = '2100-01-01T00:00:00Z';
/** The longest range a date range query covers (a report period, a list): a year and a day. */
export const MAX_RANGE_DAYS = 366;
/** Days from `from` to `to` (YYYY-MM-DD), pure calendar arithmetic. */
export function daysBetweenDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
