// Calendar arithmetic in a dealer's time zone. Pure: callers pass `now`.

/** The dealer's calendar date (YYYY-MM-DD) at the instant `at`. */
export function localDate(at: Date, timeZone: string): string {
  return new Date(at.getTime() + zoneOffsetMinutes(at, timeZone) * 60_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function measuredOffsetMinutes(atMs: number, timeZone: string): number {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(atMs).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(atMs / 1000) * 1000) / 60_000);
}

const HOUR = 3_600_000;
const MAX_REMEMBERED_HOURS = 50_000;
// Zone and UTC hour → the offset through that whole hour. Only hours with the same offset at their
// first and last second are kept (no transition inside), so a cached hour is exact; an hour with a
// transition is measured on every call. Booking paths ask for the same few hours over and over, and
// formatToParts costs ~10 µs a call.
const hourOffsets = new Map<string, number>();

/** Minutes the zone is ahead of UTC at the instant `at` (480 for Asia/Shanghai). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const ms = at.getTime();
  const hour = Math.floor(ms / HOUR);
  const key = `${timeZone}|${hour}`;
  const known = hourOffsets.get(key);
  if (known !== undefined) return known;
  const first = measuredOffsetMinutes(hour * HOUR, timeZone);
  const last = measuredOffsetMinutes(hour * HOUR + HOUR - 1000, timeZone);
  if (first !== last) return measuredOffsetMinutes(ms, timeZone);
  if (hourOffsets.size >= MAX_REMEMBERED_HOURS) hourOffsets.clear();
  hourOffsets.set(key, first);
  return first;
}

/** The instant at which the dealer's wall clock shows `date` `time` (HH:MM). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T${time.slice(0, 5)}:00Z`);
  let instant = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  instant = wall - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000; // second pass across a DST change
  return new Date(instant);
}

/** The dealer's wall-clock time (HH:MM) at `at`. */
export function localTime(at: Date, timeZone: string): string {
  const shifted = new Date(at.getTime() + zoneOffsetMinutes(at, timeZone) * 60_000);
  return shifted.toISOString().slice(11, 16);
}

export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
export const timeOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** When the quiet hours are on at `now`, the instant they end; otherwise null. */
export function quietHoursEnd(now: Date, settings: { timeZone: string; quietHoursStart: string; quietHoursEnd: string }): Date | null {
  const m = minutesOf(localTime(now, settings.timeZone));
  const start = minutesOf(settings.quietHoursStart);
  const end = minutesOf(settings.quietHoursEnd);
  if (start === end) return null;
  const quiet = start < end ? m >= start && m < end : m >= start || m < end;
  if (!quiet) return null;
  const today = localDate(now, settings.timeZone);
  const endDay = start > end && m >= start ? addDays(today, 1) : today;
  return zonedInstant(endDay, settings.quietHoursEnd, settings.timeZone);
}
