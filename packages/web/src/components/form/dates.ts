import dayjs, { type Dayjs } from 'dayjs';

/** A DatePicker value → the API's YYYY-MM-DD (or null). */
export function toIsoDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (dayjs.isDayjs(value)) return value.format('YYYY-MM-DD');
  if (typeof value === 'string') return value;
  return null;
}

/** The API's YYYY-MM-DD (or null) → a DatePicker value. */
export function fromIsoDate(value: string | null | undefined): Dayjs | null {
  return value ? dayjs(value) : null;
}
