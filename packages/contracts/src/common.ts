import { z } from 'zod';
import { DATE_MAX, DATE_MIN, daysBetweenDates, INSTANT_MAX, INSTANT_MIN, MAX_RANGE_DAYS } from './common.constants.js';

export * from './common.constants.js';

export const idSchema = z.uuid();

/** Any well-formed calendar date, YYYY-MM-DD (what the API answers; computed dates may fall anywhere). */
export const calendarDateSchema = z.iso.date();

const WELL_FORMED_DATE = /^\d{4}-\d{2}-\d{2}$/;
const instantMin = Date.parse(INSTANT_MIN);
const instantMax = Date.parse(INSTANT_MAX);

/** A calendar date as the dealer sees it, YYYY-MM-DD, within DATE_MIN..DATE_MAX (`out_of_range`). */
export const isoDateSchema = z.iso
  .date()
  // A malformed value is reported by the format check alone.
  .refine((d) => !WELL_FORMED_DATE.test(d) || (d >= DATE_MIN && d <= DATE_MAX), { message: 'out_of_range' });

/**
 * An instant with its offset (ISO 8601), within INSTANT_MIN..INSTANT_MAX (`out_of_range`): year 0001
 * is refused here rather than stored as something else.
 */
export const instantSchema = z.iso.datetime({ offset: true }).refine(
  (s) => {
    const t = Date.parse(s);
    return Number.isNaN(t) || (t >= instantMin && t < instantMax);
  },
  { message: 'out_of_range' },
);

/**
 * A `from`/`to` range of dates: `to` not before `from` (`before_from`) and at most MAX_RANGE_DAYS
 * apart (`too_long`), both reported on `to` (as `platform/period.ts` does on the server).
 */
export function dateRangeSchema<T extends z.ZodRawShape>(extra: T) {
  return z.object({ from: isoDateSchema, to: isoDateSchema, ...extra }).superRefine((value, ctx) => {
    const q = value as unknown as { from: string; to: string };
    if (!WELL_FORMED_DATE.test(q.from) || !WELL_FORMED_DATE.test(q.to)) return;
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'before_from' });
    else if (daysBetweenDates(q.from, q.to) > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'too_long' });
  });
}

export const cursorQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type CursorQuery = z.infer<typeof cursorQuerySchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export type Page<T> = { items: T[]; nextCursor: string | null };

/** RFC 9457 problem details, as every error of the API is shaped. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;
