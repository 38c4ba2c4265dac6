import { describe, expect, it } from 'vitest';
import { applyAttempt, careRules, careWindow, DEFAULT_CARE_RULES, isOverdue, leastLoaded, nextBirthday, planStanding, windowOpen } from './follow-up.rules.js';

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
    expect(applyAttempt(task, { result: 'no_answer' }, 3)).toEqual({ status: 'unreachable', attempts: 3, outcome: 'no_answer', callBackAt: null });
    expect(applyAttempt(task, { result: 'no_answer' }, 5).status).toBe('open');
  });

  it('call back keeps the agreed time; a wrong number ends the task at once', () => {
    expect(applyAttempt(open, { result: 'call_back', callBackAt: '2026-11-22T10:00:00.000Z' }, 3)).toMatchObject({ status: 'open', callBackAt: '2026-11-22T10:00:00.000Z' });
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
    expect(leastLoaded([{ id: 'a', openTasks: 4 }, { id: 'b', openTasks: 2 }, { id: 'c', openTasks: 2 }])?.id).toBe('b');
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
