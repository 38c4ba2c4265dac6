import { describe, expect, it } from 'vitest';
import { pickupWindowFor } from './pickupWindow';

describe('pickupWindowFor', () => {
  it('ends the lead time before the appointment and lasts the window', () => {
    expect(pickupWindowFor('2026-11-23T05:00:00.000Z', { leadMinutes: 30, windowMinutes: 60 })).toEqual({
      windowStart: '2026-11-23T03:30:00.000Z',
      windowEnd: '2026-11-23T04:30:00.000Z',
    });
  });

  it('can end right at the appointment', () => {
    expect(pickupWindowFor('2026-11-23T05:00:00+00:00', { leadMinutes: 0, windowMinutes: 90 }).windowEnd).toBe('2026-11-23T05:00:00.000Z');
  });
});
