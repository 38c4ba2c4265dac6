import { describe, expect, it } from 'vitest';
import { appointmentOutcome, decodeHistoryCursor, encodeHistoryCursor } from './customer-history.rules.js';

describe('how an appointment turned out', () => {
  it('reads arrival and status as kept, late, no-show, cancelled or still booked', () => {
    expect(appointmentOutcome('arrived', 'on_time')).toBe('kept');
    expect(appointmentOutcome('arrived', 'early')).toBe('kept');
    expect(appointmentOutcome('arrived', 'late')).toBe('late');
    expect(appointmentOutcome('no_show', null)).toBe('no_show');
    expect(appointmentOutcome('cancelled', null)).toBe('cancelled');
    expect(appointmentOutcome('confirmed', null)).toBe('booked');
  });
});

describe('the history cursor', () => {
  it('round-trips the time to the microsecond and the id', () => {
    const cursor = { at: '2026-11-20 02:00:00.123456+00', id: '019a0000-0000-7000-8000-000000000001' };
    expect(decodeHistoryCursor(encodeHistoryCursor(cursor))).toEqual(cursor);
  });
  it('is absent without text and invalid for anything it did not make', () => {
    expect(decodeHistoryCursor(undefined)).toBeNull();
    expect(decodeHistoryCursor('not-a-cursor')).toBeUndefined();
    expect(decodeHistoryCursor(Buffer.from(JSON.stringify(["1'; drop table x", 'y'])).toString('base64url'))).toBeUndefined();
  });
});
