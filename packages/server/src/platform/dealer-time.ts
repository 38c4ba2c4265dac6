// Calendar arithmetic in a dealer's time zone. Pure: callers pass `now`.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The dealer's calendar date (YYYY-MM-DD) at the instant `at`. */
export function localDate(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(at);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at the instant `at` (480 for Asia/Shanghai). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
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
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
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
