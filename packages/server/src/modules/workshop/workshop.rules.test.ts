import { describe, expect, it } from 'vitest';
import { clockedHours, promisedTimeAtRisk, qualityCheckVerdict, remainingHours, surnameOf } from './workshop.rules.js';

const at = (time: string) => new Date(`2026-11-20T${time}:00+08:00`);

describe('promisedTimeAtRisk', () => {
  const base = { status: 'in_progress' as const, promisedAt: at('17:00'), soldHours: 3, clockedHours: 0 };

  it('is not at risk when the work still to do fits before the promised time', () => {
    expect(promisedTimeAtRisk({ ...base, now: at('10:00') })).toEqual({ atRisk: false, reason: null, remainingHours: 3 });
    // Exactly fitting is on time.
    expect(promisedTimeAtRisk({ ...base, now: at('14:00') }).atRisk).toBe(false);
  });

  it('is at risk when the hours still to do end after the promised time', () => {
    expect(promisedTimeAtRisk({ ...base, now: at('14:01') })).toMatchObject({ atRisk: true, reason: 'not_enough_time' });
  });

  it('counts the hours already clocked, never below zero remaining', () => {
    expect(promisedTimeAtRisk({ ...base, clockedHours: 2, now: at('15:30') })).toEqual({ atRisk: false, reason: null, remainingHours: 1 });
    expect(promisedTimeAtRisk({ ...base, clockedHours: 2, now: at('16:30') })).toMatchObject({ atRisk: true, reason: 'not_enough_time' });
    // More clocked than sold: nothing left to do, and on time until the promised time.
    expect(promisedTimeAtRisk({ ...base, clockedHours: 5, now: at('16:59') })).toEqual({ atRisk: false, reason: null, remainingHours: 0 });
  });

  it('is overdue once the promised time has passed and the car is not ready', () => {
    for (const status of ['authorised', 'in_progress', 'quality_check'] as const) {
      expect(promisedTimeAtRisk({ ...base, status, clockedHours: 9, now: at('17:01') })).toMatchObject({ atRisk: true, reason: 'overdue' });
    }
  });

  it('is never at risk once the car is ready, nor outside the workshop', () => {
    expect(promisedTimeAtRisk({ ...base, status: 'ready', now: at('18:00') }).atRisk).toBe(false);
    expect(promisedTimeAtRisk({ ...base, status: 'delivered', now: at('18:00') }).atRisk).toBe(false);
  });

  it('keeps the margin in hand for the check and the wash', () => {
    expect(promisedTimeAtRisk({ ...base, now: at('13:50') }).atRisk).toBe(false);
    expect(promisedTimeAtRisk({ ...base, now: at('13:50'), marginMinutes: 15 }).atRisk).toBe(true);
  });
});

describe('hours', () => {
  it('adds up clock events, an open one running until now', () => {
    const events = [
      { startedAt: at('09:00'), endedAt: at('10:30') },
      { startedAt: at('11:00'), endedAt: null },
    ];
    expect(clockedHours(events, at('11:15'))).toBeCloseTo(1.75);
    expect(clockedHours([], at('11:15'))).toBe(0);
  });

  it('remaining hours never go below zero', () => {
    expect(remainingHours(2, 0.5)).toBe(1.5);
    expect(remainingHours(2, 3)).toBe(0);
  });
});

describe('qualityCheckVerdict', () => {
  const checklist = [
    { item: '外观', ok: true },
    { item: '底盘', ok: true },
  ];

  it('passes to ready', () => {
    expect(qualityCheckVerdict({ passed: true, checklist })).toEqual({ ok: true, to: 'ready' });
  });

  it('fails back to the workshop, with the reason', () => {
    expect(qualityCheckVerdict({ passed: false, checklist, reason: '刹车异响' })).toEqual({ ok: true, to: 'in_progress' });
    expect(qualityCheckVerdict({ passed: false, checklist, reason: '  ' })).toMatchObject({
      ok: false,
      field: 'reason',
      code: 'reason_required',
    });
  });

  it('cannot pass with a failed item', () => {
    expect(qualityCheckVerdict({ passed: true, checklist: [...checklist, { item: '路试', ok: false }] })).toMatchObject({
      ok: false,
      field: 'checklist',
      code: 'item_failed',
    });
  });
});

describe('surnameOf', () => {
  it('shows only the surname', () => {
    expect(surnameOf('王建国')).toBe('王');
    expect(surnameOf(' 李娜 ')).toBe('李');
    expect(surnameOf('John Smith')).toBe('Smith');
    expect(surnameOf('')).toBe('');
  });
});
