import type { AppointmentOutcome } from '@servicebay/contracts';

// Pure rules of the customer log (客户日志): how an appointment turned out, and the page cursor.

/** Kept (early or on time), late, no-show, cancelled, or still booked. */
export function appointmentOutcome(status: string, arrivalStatus: string | null): AppointmentOutcome {
  switch (status) {
    case 'no_show':
      return 'no_show';
    case 'cancelled':
      return 'cancelled';
    case 'arrived':
      return arrivalStatus === 'late' ? 'late' : 'kept';
    default:
      return 'booked';
  }
}

/** The last entry of a page: its time (as PostgreSQL printed it, to the microsecond) and id. */
export type HistoryCursor = { at: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2}){0,2})$/;

export function encodeHistoryCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString('base64url');
}

/** The cursor, or null when absent; undefined when it is not one this API made. */
export function decodeHistoryCursor(text: string | undefined): HistoryCursor | null | undefined {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [at, id] = value as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || !TIMESTAMP.test(at) || !UUID.test(id)) return undefined;
    return { at, id };
  } catch {
    return undefined;
  }
}
