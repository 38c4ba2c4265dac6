// Instants ↔ the dealer's wall clock: slots are "09:30 on 2025-06-12 at the dealer", whatever
// zone the tablet is set to.
import dayjs from 'dayjs';
import { dealerToday, getDisplayTimeZone } from './DateText';

/** The dealer's calendar date (YYYY-MM-DD) of an instant. */
export function dealerDateOf(iso: string): string {
  return dayjs(iso).tz(getDisplayTimeZone()).format('YYYY-MM-DD');
}

/** The dealer's wall-clock time (HH:mm) of an instant. */
export function dealerTimeOf(iso: string): string {
  return dayjs(iso).tz(getDisplayTimeZone()).format('HH:mm');
}

/** The instant (ISO, with offset) of a wall-clock time on a dealer date. */
export function dealerInstant(date: string, time: string): string {
  return dayjs.tz(`${date}T${time}:00`, getDisplayTimeZone()).format();
}

/** Minutes since midnight of the dealer's current wall clock. */
export function dealerNowMinutes(): number {
  const now = dayjs().tz(getDisplayTimeZone());
  return now.hour() * 60 + now.minute();
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Today, tomorrow … as YYYY-MM-DD in the dealer's zone. */
export function dealerDate(offsetDays = 0): string {
  return dealerToday().add(offsetDays, 'day').format('YYYY-MM-DD');
}

/** The dates from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = dayjs(from); !d.isAfter(dayjs(to), 'day') && out.length < 62; d = d.add(1, 'day')) out.push(d.format('YYYY-MM-DD'));
  return out;
}

/** Monday of the week of `date`. */
export function weekStart(date: string): string {
  const d = dayjs(date);
  return d.subtract((d.day() + 6) % 7, 'day').format('YYYY-MM-DD');
}
