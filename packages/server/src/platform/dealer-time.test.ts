import { describe, expect, it } from 'vitest';
import { addDays, localDate, localTime, zonedInstant, zoneOffsetMinutes } from './dealer-time.js';

describe("a dealer's clock", () => {
  it('turns wall-clock times into instants and back', () => {
    expect(zonedInstant('2026-11-23', '09:00', 'Asia/Shanghai').toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(localTime(new Date('2026-11-23T01:00:00Z'), 'Asia/Shanghai')).toBe('09:00');
    expect(localDate(new Date('2026-11-22T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(zoneOffsetMinutes(new Date('2026-11-23T01:00:00Z'), 'Asia/Shanghai')).toBe(480);
  });
  it('handles a zone with daylight saving time', () => {
    expect(zonedInstant('2026-07-01', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedInstant('2026-12-01', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });
  it('adds calendar days across month ends', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('the remembered zone offsets', () => {
  // The offset straight from the platform's time-zone data, as a reference.
  const formats = new Map<string, Intl.DateTimeFormat>();
  const reference = (at: Date, timeZone: string) => {
    const format =
      formats.get(timeZone) ??
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    formats.set(timeZone, format);
    const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
    const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  };

  it('agree with the zone data every 7 minutes around the transitions of DST and half-hour zones', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Asia/Shanghai'];
    const windows = [
      '2026-03-07T00:00:00Z',
      '2026-03-28T00:00:00Z',
      '2026-04-03T00:00:00Z',
      '2026-10-02T00:00:00Z',
      '2026-10-24T00:00:00Z',
      '2026-10-31T00:00:00Z',
    ];
    for (const zone of zones) {
      for (const start of windows) {
        for (let t = Date.parse(start); t < Date.parse(start) + 3 * 86_400_000; t += 7 * 60_000 + 13_000) {
          const at = new Date(t);
          expect(zoneOffsetMinutes(at, zone), `${zone} ${at.toISOString()}`).toBe(reference(at, zone));
          expect(localDate(at, zone)).toBe(new Date(t + reference(at, zone) * 60_000).toISOString().slice(0, 10));
        }
      }
    }
  });

  it('give the same instant on both sides of a change to summer time', () => {
    // 02:30 does not exist in Berlin on 2026-03-29; 03:30 is the first hour of summer time.
    expect(zonedInstant('2026-03-29', '03:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(localTime(new Date('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toBe('01:59');
    expect(localTime(new Date('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe('03:00');
  });
});
