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
