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
