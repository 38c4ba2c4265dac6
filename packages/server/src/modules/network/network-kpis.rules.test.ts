import { describe, expect, it } from 'vitest';
import {
  firstTimeFixRate,
  processExecution,
  type RepairVisit,
  repeatRepairRate,
  retentionRate,
  type VisitSteps,
} from './network-kpis.rules.js';

// Worked examples, computed by hand.

const visit = (id: string, vehicleId: string, deliveredOn: string, concerns: string[]): RepairVisit => ({
  id,
  vehicleId,
  deliveredOn,
  concerns,
});

describe('first-time fix and repeat repair', () => {
  // Car A: brakes on 1 Oct, brakes again on 20 Oct (a comeback, 19 days), A/C on 25 Oct.
  // Car B: brakes on 5 Oct, brakes again on 10 Nov (36 days: a new repair, not a comeback).
  // Car C: oil service only (no concern) on 3 Oct; engine light on 28 Oct (window still open on 15 Nov).
  const visits = [
    visit('a1', 'A', '2026-10-01', ['L-BRK']),
    visit('a2', 'A', '2026-10-20', ['L-BRK']),
    visit('a3', 'A', '2026-10-25', ['L-AC']),
    visit('b1', 'B', '2026-10-05', ['L-BRK']),
    visit('b2', 'B', '2026-11-10', ['L-BRK']),
    visit('c1', 'C', '2026-10-03', []),
    visit('c2', 'C', '2026-10-28', ['L-DIAG']),
  ];
  const october = { from: '2026-10-01', to: '2026-10-31' };

  it('counts a repair fixed when the car did not come back for the same concern within 30 days', () => {
    // Judged on 15 Nov: a1 (came back: not fixed), a2 (window closed 19 Nov? no — open, not judged),
    // a3 (open until 24 Nov: not judged), b1 (closed 4 Nov, no return within 30 days: fixed),
    // c2 (open until 27 Nov: not judged). c1 is maintenance. → 1 of 2.
    expect(firstTimeFixRate(visits, october, '2026-11-15')).toEqual({ judged: 2, fixed: 1, rate: 50 });
    // On 1 Dec every October window has closed: a1 no, a2 yes, a3 yes, b1 yes, c2 yes → 4 of 5.
    expect(firstTimeFixRate(visits, october, '2026-12-01')).toEqual({ judged: 5, fixed: 4, rate: 80 });
  });

  it('counts a comeback as a repeat repair in the period it came back', () => {
    // October repairs: a1, a2, a3, b1, c2; a2 is a comeback of a1 → 1 of 5.
    expect(repeatRepairRate(visits, october)).toEqual({ repairs: 5, repeats: 1, rate: 20 });
    // November: b2 came 36 days after b1: not a comeback.
    expect(repeatRepairRate(visits, { from: '2026-11-01', to: '2026-11-30' })).toEqual({ repairs: 1, repeats: 0, rate: 0 });
  });

  it('has no rate without repairs', () => {
    expect(firstTimeFixRate([], october, '2026-12-01').rate).toBeNull();
    expect(repeatRepairRate([visit('c1', 'C', '2026-10-03', [])], october).rate).toBeNull();
  });
});

describe('customer retention', () => {
  it('is the active base (seen in 24 months) that visited in the last 12 months', () => {
    const today = '2026-11-30';
    const rate = retentionRate(
      [
        { deliveredOn: '2023-01-10', lastVisitOn: '2026-03-01' }, // active, retained
        { deliveredOn: '2023-01-10', lastVisitOn: '2025-06-01' }, // active (seen 17 months ago), lost
        { deliveredOn: '2022-05-01', lastVisitOn: '2024-10-01' }, // seen 26 months ago: not in the base
        { deliveredOn: '2026-08-01', lastVisitOn: null }, // new car, not yet back: in the base, not retained
        { deliveredOn: '2025-12-01', lastVisitOn: '2026-11-30' }, // retained, visited today
      ],
      today,
    );
    expect(rate).toEqual({ active: 4, retained: 2, rate: 50 });
  });

  it('counts back whole months, also from the last day of a month', () => {
    // 12 months before 2027-02-28 is 2026-02-28; a visit on that day is not within the last 12 months.
    expect(retentionRate([{ deliveredOn: '2025-01-01', lastVisitOn: '2026-02-28' }], '2027-02-28')).toEqual({
      active: 1,
      retained: 0,
      rate: 0,
    });
    expect(retentionRate([{ deliveredOn: '2025-01-01', lastVisitOn: '2026-03-01' }], '2027-02-28')).toEqual({
      active: 1,
      retained: 1,
      rate: 100,
    });
  });
});

describe('process execution', () => {
  const all = (over: Partial<VisitSteps> = {}): VisitSteps => ({
    timelyReception: true,
    walkaroundSigned: true,
    promisedTimeOnRo: true,
    chargesExplained: true,
    followUpCallMade: true,
    ...over,
  });
  it('is the share of visits with every recorded step done; a step not due yet does not count against it', () => {
    const result = processExecution([
      all(),
      all({ followUpCallMade: null }),
      all({ walkaroundSigned: false }),
      all({ timelyReception: false, chargesExplained: false }),
    ]);
    expect(result).toEqual({
      visits: 4,
      complete: 2,
      rate: 50,
      perStep: { timelyReception: 75, walkaroundSigned: 75, promisedTimeOnRo: 100, chargesExplained: 75, followUpCallMade: 100 },
    });
  });
});
