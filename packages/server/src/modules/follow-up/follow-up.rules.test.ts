import { describe, expect, it } from 'vitest';
import type { Reading } from '../vehicles/vehicles.rules.js';
import {
  applyAttempt,
  careRules,
  careWindow,
  DEFAULT_CARE_RULES,
  isOverdue,
  leastLoaded,
  maintenanceDue,
  nextBirthday,
  planStanding,
  windowOpen,
} from './follow-up.rules.js';

describe('care timers (domain.md §5)', () => {
  it('new-car follow-up is due within 7 days of delivery; first maintenance 30–60 days after', () => {
    expect(careWindow('2026-11-20', DEFAULT_CARE_RULES.new_car)).toEqual({ dueFrom: '2026-11-21', dueUntil: '2026-11-27' });
    expect(careWindow('2026-11-20', DEFAULT_CARE_RULES.first_maintenance)).toEqual({ dueFrom: '2026-12-20', dueUntil: '2027-01-19' });
  });

  it('the periodic reminder is due 10–15 days before the predicted due date, across a year end', () => {
    expect(careWindow('2027-01-05', DEFAULT_CARE_RULES.periodic_maintenance)).toEqual({ dueFrom: '2026-12-21', dueUntil: '2026-12-26' });
  });

  it('a window is open from its first to its last day, both included', () => {
    const post = DEFAULT_CARE_RULES.post_service;
    expect(windowOpen('2026-11-20', post, '2026-11-19')).toBe(false);
    expect(windowOpen('2026-11-20', post, '2026-11-20')).toBe(true);
    expect(windowOpen('2026-11-20', post, '2026-11-23')).toBe(true);
    expect(windowOpen('2026-11-20', post, '2026-11-24')).toBe(false);
  });

  it("a dealer's own setting replaces the default rule by rule", () => {
    const rules = careRules({ post_service: { startDays: 1, endDays: 2 }, birthday: { enabled: false } });
    expect(rules.post_service).toEqual({ enabled: true, startDays: 1, endDays: 2, owner: 'pool' });
    expect(rules.birthday.enabled).toBe(false);
    expect(rules.new_car).toEqual(DEFAULT_CARE_RULES.new_car);
  });

  it('the next birthday is this year’s until it has passed; 29 February falls on the 28th in other years', () => {
    expect(nextBirthday('1985-11-25', '2026-11-22')).toBe('2026-11-25');
    expect(nextBirthday('1985-11-22', '2026-11-22')).toBe('2026-11-22');
    expect(nextBirthday('1985-03-01', '2026-11-22')).toBe('2027-03-01');
    expect(nextBirthday('1992-02-29', '2026-11-22')).toBe('2027-02-28');
    expect(nextBirthday('1992-02-29', '2027-11-22')).toBe('2028-02-29');
  });
});

describe('call attempts (回访)', () => {
  const open = { status: 'open' as const, attempts: 0 };

  it('a reached customer closes the task, unless the agent keeps it open', () => {
    expect(applyAttempt(open, { result: 'reached' }, 3)).toEqual({ status: 'done', attempts: 1, outcome: 'reached', callBackAt: null });
    expect(applyAttempt(open, { result: 'reached', close: false }, 3).status).toBe('open');
  });

  it('three unanswered attempts (the setting) close the task as unreachable', () => {
    let task: { status: 'open' | 'done' | 'unreachable' | 'cancelled'; attempts: number } = open;
    for (let i = 0; i < 2; i++) task = applyAttempt(task, { result: 'no_answer' }, 3);
    expect(task).toMatchObject({ status: 'open', attempts: 2 });
    expect(applyAttempt(task, { result: 'no_answer' }, 3)).toEqual({
      status: 'unreachable',
      attempts: 3,
      outcome: 'no_answer',
      callBackAt: null,
    });
    expect(applyAttempt(task, { result: 'no_answer' }, 5).status).toBe('open');
  });

  it('call back keeps the agreed time; a wrong number ends the task at once', () => {
    expect(applyAttempt(open, { result: 'call_back', callBackAt: '2026-11-22T10:00:00.000Z' }, 3)).toMatchObject({
      status: 'open',
      callBackAt: '2026-11-22T10:00:00.000Z',
    });
    expect(applyAttempt(open, { result: 'wrong_number' }, 3)).toMatchObject({ status: 'unreachable', outcome: 'wrong_number' });
  });

  it('a closed task takes no more calls', () => {
    expect(() => applyAttempt({ status: 'done', attempts: 1 }, { result: 'reached' }, 3)).toThrow(RangeError);
  });

  it('is overdue the day after its window closes, only while open', () => {
    expect(isOverdue({ status: 'open', dueUntil: '2026-11-21' }, '2026-11-21')).toBe(false);
    expect(isOverdue({ status: 'open', dueUntil: '2026-11-21' }, '2026-11-22')).toBe(true);
    expect(isOverdue({ status: 'done', dueUntil: '2026-11-21' }, '2026-11-22')).toBe(false);
  });

  it('the least-loaded agent gets the next task; ties go to the first', () => {
    expect(
      leastLoaded([
        { id: 'a', openTasks: 4 },
        { id: 'b', openTasks: 2 },
        { id: 'c', openTasks: 2 },
      ])?.id,
    ).toBe('b');
    expect(leastLoaded([])).toBeNull();
  });
});

describe('work plans (domain.md §10)', () => {
  const plan = { periodFrom: '2026-11-01', periodTo: '2026-11-30', targetCount: 300, minimumCount: 240 };

  it('on 15 November (half the month) 150 calls are on track, 120 behind, fewer below the minimum', () => {
    expect(planStanding(plan, 150, '2026-11-15')).toBe('on_track');
    expect(planStanding(plan, 120, '2026-11-15')).toBe('behind');
    expect(planStanding(plan, 119, '2026-11-15')).toBe('below_minimum');
  });

  it('after the period the whole target counts; reaching it is met at any time', () => {
    expect(planStanding(plan, 250, '2026-12-05')).toBe('behind');
    expect(planStanding(plan, 300, '2026-11-02')).toBe('target_met');
    expect(planStanding(plan, 0, '2026-10-20')).toBe('on_track');
  });
});

describe('maintenance due prediction (domain.md §5)', () => {
  const r = (readOn: string, km: number, odometerReplaced = false): Reading => ({ readOn, km, odometerReplaced });
  const due = (input: {
    lastServiceOn?: string;
    lastServiceKm?: number | null;
    readings: Reading[];
    intervalKm: number;
    intervalMonths: number;
    today: string;
    deliveredOn?: string | null;
  }) =>
    maintenanceDue({
      today: input.today,
      intervalKm: input.intervalKm,
      intervalMonths: input.intervalMonths,
      readings: input.readings,
      lastService: input.lastServiceOn ? { on: input.lastServiceOn, km: input.lastServiceKm ?? null } : null,
      deliveredOn: input.deliveredOn ?? null,
    });
  const fromService = { countedFrom: 'last_service' as const };

  it('after a service with no other reading, is the time interval alone (low confidence), across a month end', () => {
    expect(
      due({ lastServiceOn: '2026-01-31', lastServiceKm: 12_000, readings: [], intervalKm: 5_000, intervalMonths: 3, today: '2026-03-10' }),
    ).toEqual({
      ...fromService,
      lastServiceOn: '2026-01-31',
      lastServiceKm: 12_000,
      dueOn: '2026-04-30',
      dueKm: 17_000,
      dailyKm: null,
      confidence: 'low',
      basis: 'time_only',
      readingsUsed: 0,
    });
  });

  it('with one reading since the service, estimates 50 km a day; the 3 months come first', () => {
    // Serviced 10 June at 20,000 km; the customer told the agent 23,000 km on 9 August.
    expect(
      due({
        lastServiceOn: '2026-06-10',
        lastServiceKm: 20_000,
        readings: [r('2026-08-09', 23_000)],
        intervalKm: 5_000,
        intervalMonths: 3,
        today: '2026-08-15',
      }),
    ).toMatchObject({
      ...fromService,
      dueOn: '2026-09-10', // the 5,000 km would be reached on 18 September
      dueKm: 25_000,
      dailyKm: 50,
      confidence: 'medium', // two readings over 60 days
      basis: 'time',
      readingsUsed: 2,
    });
  });

  it('for a ride-hailing driver at ~100 km a day, the 5,000 km come first', () => {
    const readings = [r('2026-03-01', 40_000), r('2026-06-01', 49_200), r('2026-07-01', 52_300)];
    // 12,300 km in 122 days; 1,900 km left after 1 July → 19 days. Three readings, but over 4 months only: medium.
    expect(
      due({ lastServiceOn: '2026-06-01', lastServiceKm: 49_200, readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-07-05' }),
    ).toMatchObject({
      dueOn: '2026-07-20',
      dueKm: 54_200,
      dailyKm: 100.8,
      confidence: 'medium',
      basis: 'distance',
      readingsUsed: 3,
    });
  });

  it('for a retired owner driving ~15 km a day on a 10,000 km / 6 month model, the months come first (3 readings over 9 months: high)', () => {
    const readings = [r('2025-09-15', 8_000), r('2026-03-15', 10_700), r('2026-06-20', 12_100)];
    expect(
      due({ lastServiceOn: '2026-03-15', lastServiceKm: 10_700, readings, intervalKm: 10_000, intervalMonths: 6, today: '2026-07-01' }),
    ).toMatchObject({
      dueOn: '2026-09-15',
      dueKm: 20_700,
      dailyKm: 14.7, // 4,100 km in 278 days
      confidence: 'high',
      basis: 'time',
      readingsUsed: 3,
    });
  });

  it('with irregular readings, uses the last 4 when the last 12 months hold fewer, one per day (the highest)', () => {
    const readings = [
      r('2024-05-01', 1_000), // too old: left out
      r('2025-02-10', 9_000),
      r('2025-06-30', 13_500),
      r('2026-01-08', 19_750), // read on an RO…
      r('2026-01-08', 19_800), // …and told on a call the same day
      r('2026-04-21', 22_900),
    ];
    // 13,900 km in 435 days from 10 Feb 2025; the 5,000 km would take until 25 September.
    expect(
      due({ lastServiceOn: '2026-04-21', lastServiceKm: 22_900, readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-05-20' }),
    ).toMatchObject({ dueOn: '2026-07-21', dueKm: 27_900, dailyKm: 32, confidence: 'high', basis: 'time', readingsUsed: 4 });
  });

  it('ignores the readings before an odometer replacement, and shows a distance already overdue', () => {
    // Instrument cluster replaced under warranty on 20 Feb; serviced on the new odometer on 20 March.
    const readings = [
      r('2025-10-01', 80_000),
      r('2026-01-05', 88_000),
      r('2026-02-20', 10, true),
      r('2026-03-20', 2_300),
      r('2026-06-18', 9_500),
    ];
    // 7,300 km was passed between 20 March (2,300) and 18 June (9,500): 5,000 of 7,200 km in 90 days → day 63.
    expect(
      due({ lastServiceOn: '2026-03-20', lastServiceKm: 2_300, readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-06-25' }),
    ).toMatchObject({ dueOn: '2026-05-22', dueKm: 7_300, dailyKm: 80.4, confidence: 'medium', basis: 'distance', readingsUsed: 3 });
  });

  it('when the odometer was replaced after the last service, estimates the distance since then from the daily mileage', () => {
    const readings = [r('2025-10-10', 55_400), r('2026-01-10', 60_000), r('2026-02-01', 5, true), r('2026-03-03', 3_005)];
    // 100 km a day on the new odometer: 5,000 km 50 days after 10 January, at about 2,805 on the new odometer.
    expect(
      due({ lastServiceOn: '2026-01-10', lastServiceKm: 60_000, readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-03-10' }),
    ).toMatchObject({
      lastServiceKm: null,
      dueOn: '2026-03-01',
      dueKm: 2_805,
      dailyKm: 100,
      confidence: 'medium',
      basis: 'distance',
      readingsUsed: 2,
    });
    expect(
      due({
        lastServiceOn: '2026-01-10',
        lastServiceKm: 60_000,
        readings: readings.slice(0, 3),
        intervalKm: 5_000,
        intervalMonths: 3,
        today: '2026-03-10',
      }),
    ).toMatchObject({ dueOn: '2026-04-10', dueKm: null, dailyKm: null, confidence: 'low', basis: 'time_only', readingsUsed: 0 });
  });

  it('a service whose mileage-in was not read still counts: the distance since it comes from the daily mileage', () => {
    // Delivered on 1 June without a reading; the car does 80 km a day by its readings.
    const readings = [r('2026-01-01', 10_000), r('2026-04-01', 17_200), r('2026-07-01', 24_480)];
    expect(
      due({ lastServiceOn: '2026-06-01', lastServiceKm: null, readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-07-05' }),
    ).toMatchObject({
      countedFrom: 'last_service',
      lastServiceOn: '2026-06-01',
      lastServiceKm: null,
      dailyKm: 80, // 14,480 km in 181 days
      dueOn: '2026-08-03', // 5,000 km at 80 a day: 63 days after 1 June, before the 3 months
      basis: 'distance',
      confidence: 'high',
    });
  });

  it('for a car never serviced in the network, counts from its readings (the next 5,000 km mark), never from the delivery at 0 km', () => {
    const readings = [r('2026-01-10', 12_000), r('2026-04-10', 15_600), r('2026-07-10', 19_200)];
    const prediction = due({ readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-08-01', deliveredOn: '2019-01-01' });
    // 40 km a day (7,200 km in 181 days); 800 km to the 20,000 mark after 10 July → 21 days.
    expect(prediction).toEqual({
      countedFrom: 'readings',
      lastServiceOn: null,
      lastServiceKm: null,
      dueOn: '2026-07-31',
      dueKm: 20_000,
      dailyKm: 39.8,
      confidence: 'high',
      basis: 'distance',
      readingsUsed: 3,
    });
    // One reading only: the next mark or one interval after it, whichever first; low confidence.
    expect(
      due({ readings: [r('2026-07-10', 19_200)], intervalKm: 5_000, intervalMonths: 3, today: '2026-08-01', deliveredOn: '2019-01-01' }),
    ).toMatchObject({ countedFrom: 'readings', dueOn: '2026-10-10', dueKm: 20_000, confidence: 'low', basis: 'time_only' });
  });

  it('without any reading or service, counts from the delivery at 0 km (low confidence); with nothing at all there is no prediction', () => {
    expect(due({ readings: [], intervalKm: 5_000, intervalMonths: 3, today: '2026-11-20', deliveredOn: '2026-10-20' })).toEqual({
      countedFrom: 'delivery',
      lastServiceOn: '2026-10-20',
      lastServiceKm: 0,
      dueOn: '2027-01-20',
      dueKm: 5_000,
      dailyKm: null,
      confidence: 'low',
      basis: 'time_only',
      readingsUsed: 0,
    });
    expect(due({ readings: [], intervalKm: 5_000, intervalMonths: 3, today: '2026-11-20' })).toBeNull();
  });

  it('for a car left parked, the months decide and the readings dated after today are ignored', () => {
    const readings = [r('2026-02-01', 15_000), r('2026-05-01', 15_000), r('2026-12-01', 40_000)];
    expect(
      due({ lastServiceOn: '2026-02-01', lastServiceKm: 15_000, readings, intervalKm: 5_000, intervalMonths: 3, today: '2026-05-10' }),
    ).toMatchObject({ dueOn: '2026-05-01', dueKm: 20_000, dailyKm: 0, confidence: 'medium', basis: 'time', readingsUsed: 2 });
  });

  it('a short span of readings gives low confidence', () => {
    expect(
      due({
        lastServiceOn: '2026-05-01',
        lastServiceKm: 10_000,
        readings: [r('2026-05-11', 10_600)],
        intervalKm: 5_000,
        intervalMonths: 3,
        today: '2026-05-12',
      }),
    ).toMatchObject({ dailyKm: 60, confidence: 'low', dueOn: '2026-07-24', basis: 'distance' }); // 4,400 km left at 60 a day → 74 days after 11 May
  });
});
