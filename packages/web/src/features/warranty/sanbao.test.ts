import { describe, expect, it } from 'vitest';
import type { SanbaoSettings, SanbaoStanding, SanbaoWatchItem } from '../../api/warranty';
import { sanbaoMeters, sanbaoToValues, sortWatch, valuesToSanbao, worstLevel } from './sanbao';

const SETTINGS: SanbaoSettings = {
  periodMonths: 24,
  periodKm: 50_000,
  repairDaysLimit: 35,
  sameDefectLimit: 5,
  majorPartLimit: 2,
  earlyDays: 60,
  earlyKm: 3_000,
  warnAtShare: 0.8,
};

const standing = (patch: Partial<SanbaoStanding>): SanbaoStanding => ({
  vehicleId: 'v',
  inPeriod: true,
  periodEndsOn: '2026-01-01',
  periodEndsKm: 50_000,
  repairDays: 10,
  sameDefect: { part: 'P-1', count: 2 },
  majorPartRepairs: 0,
  earlyMajorFailure: false,
  failureAtDelivery: false,
  flags: [],
  case: null,
  can: { decide: false },
  ...patch,
});

describe('sanbaoMeters', () => {
  it('shows each threshold against the settings when nothing is flagged', () => {
    expect(sanbaoMeters(standing({}), SETTINGS)).toEqual([
      { threshold: 'repair_days', value: 10, limit: 35, level: 'ok', percent: 29 },
      { threshold: 'same_defect', value: 2, limit: 5, level: 'ok', percent: 40 },
      { threshold: 'major_part', value: 0, limit: 2, level: 'ok', percent: 0 },
      { threshold: 'early_major_failure', value: 0, limit: 1, level: 'ok', percent: 0 },
      { threshold: 'failure_at_delivery', value: 0, limit: 1, level: 'ok', percent: 0 },
    ]);
  });

  it('takes the flag’s value, limit and level, and caps the bar at 100', () => {
    const meters = sanbaoMeters(
      standing({
        repairDays: 40,
        flags: [
          { threshold: 'repair_days', value: 40, limit: 35, level: 'reached' },
          { threshold: 'same_defect', value: 4, limit: 5, level: 'near' },
        ],
      }),
      null,
    );
    expect(meters[0]).toEqual({ threshold: 'repair_days', value: 40, limit: 35, level: 'reached', percent: 100 });
    expect(meters[1]).toEqual({ threshold: 'same_defect', value: 4, limit: 5, level: 'near', percent: 80 });
    // Without the settings, a threshold not flagged has no known limit.
    expect(meters[2]).toMatchObject({ threshold: 'major_part', limit: null, percent: 0 });
  });

  it('marks an early major failure and a failure at delivery as reached', () => {
    expect(sanbaoMeters(standing({ earlyMajorFailure: true }), SETTINGS)[3]).toMatchObject({ value: 1, level: 'reached', percent: 100 });
    const atDelivery = sanbaoMeters(standing({ failureAtDelivery: true }), SETTINGS);
    expect(atDelivery[4]).toMatchObject({ threshold: 'failure_at_delivery', value: 1, level: 'reached', percent: 100 });
    expect(atDelivery[3]).toMatchObject({ value: 0, level: 'ok' });
  });
});

describe('worstLevel and the watch list', () => {
  it('reads the worst flag', () => {
    expect(worstLevel([])).toBe('ok');
    expect(worstLevel([{ level: 'near' }])).toBe('near');
    expect(worstLevel([{ level: 'near' }, { level: 'reached' }])).toBe('reached');
  });

  it('puts the cars at a threshold first, the oldest case first within', () => {
    const item = (id: string, level: 'near' | 'reached', openedAt: string): SanbaoWatchItem => ({
      vehicle: { id, vin: id, plate: '', modelName: null },
      case: {
        id,
        dealer: { id: 'd', name: 'D' },
        status: 'open',
        flags: [{ threshold: 'repair_days', value: 30, limit: 35, level }],
        decision: null,
        note: null,
        decidedBy: null,
        decidedAt: null,
        openedAt,
      },
    });
    const sorted = sortWatch([item('a', 'near', '2025-01-01'), item('b', 'reached', '2025-03-01'), item('c', 'reached', '2025-02-01')]);
    expect(sorted.map((i) => i.vehicle.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('the 三包 settings form', () => {
  it('shows the warning share as a percentage and sends it back as a share', () => {
    const values = sanbaoToValues(SETTINGS);
    expect(values.warnAtPercent).toBe(80);
    expect(valuesToSanbao(values)).toEqual(SETTINGS);
    expect(valuesToSanbao({ ...values, warnAtPercent: 90 }).warnAtShare).toBe(0.9);
  });
});
