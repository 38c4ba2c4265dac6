import { describe, expect, it } from 'vitest';
import { mileageProblem, type Reading } from './vehicles.rules.js';

const r = (readOn: string, km: number, odometerReplaced = false): Reading => ({ readOn, km, odometerReplaced });
const today = '2026-11-20';

describe('odometer sanity check', () => {
  const history = [r('2025-01-10', 10_000), r('2025-06-01', 15_000), r('2026-01-05', 21_000)];

  it('accepts a reading above every earlier one', () => {
    expect(mileageProblem(history, r('2026-11-01', 30_000), today)).toBeNull();
    expect(mileageProblem([], r('2026-11-01', 5), today)).toBeNull();
  });

  it('refuses a reading lower than an earlier one and says which', () => {
    expect(mileageProblem(history, r('2026-11-01', 20_000), today)).toEqual({
      code: 'lower_than_earlier',
      earlierKm: 21_000,
      earlierOn: '2026-01-05',
    });
  });

  it('refuses a back-dated reading higher than a later one', () => {
    expect(mileageProblem(history, r('2025-03-01', 16_000), today)).toEqual({
      code: 'higher_than_later',
      laterKm: 15_000,
      laterOn: '2025-06-01',
    });
    expect(mileageProblem(history, r('2025-03-01', 12_000), today)).toBeNull();
  });

  it('accepts a lower reading flagged as an odometer replacement, and judges later readings against the new odometer', () => {
    expect(mileageProblem(history, r('2026-03-01', 50, true), today)).toBeNull();
    const replaced = [...history, r('2026-03-01', 50, true)];
    expect(mileageProblem(replaced, r('2026-08-01', 4_000), today)).toBeNull();
    expect(mileageProblem(replaced, r('2026-08-01', 40), today)?.code).toBe('lower_than_earlier');
  });

  it('refuses a reading dated in the future', () => {
    expect(mileageProblem(history, r('2026-11-21', 40_000), today)).toEqual({ code: 'in_future' });
  });
});
