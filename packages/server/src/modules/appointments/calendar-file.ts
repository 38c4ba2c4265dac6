/** The booking as an iCalendar file, for the customer's own calendar. */
export const calendarFile = (input: {
  number: string;
  startsAt: Date;
  durationMinutes: number;
  dealerName: string;
  summary: string;
  stampedAt: Date;
}) => {
  const stamp = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//ServiceBay//Appointments//ZH',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:${input.number}@servicebay`,
    `DTSTAMP:${stamp(input.stampedAt)}`,
    `DTSTART:${stamp(input.startsAt)}`,
    `DTEND:${stamp(new Date(input.startsAt.getTime() + input.durationMinutes * 60_000))}`,
    `SUMMARY:${escapeIcs(input.summary)}`,
    `LOCATION:${escapeIcs(input.dealerName)}`,
    `DESCRIPTION:${escapeIcs(input.number)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
};
const escapeIcs = (text: string) => text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
