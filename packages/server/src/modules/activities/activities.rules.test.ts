import { describe, expect, it } from 'vitest';
import {
  activityStep,
  activityStepAllowed,
  attendanceProblem,
  cancelProblem,
  reportRatios,
  revenueWindow,
  scheduleProblem,
  signUpProblem,
} from './activities.rules.js';

const at = (iso: string) => new Date(`2026-12-0${iso}Z`);
const times = { startsAt: at('5T01:00:00'), endsAt: at('5T09:00:00') };
const before = at('1T00:00:00');
const during = at('5T03:00:00');
const after = at('6T00:00:00');

describe('the activity state machine', () => {
  it('opens a draft before it begins, closes an open one once begun, cancels before it ends', () => {
    expect(activityStep('draft', 'open', times, before)).toEqual({ ok: true, to: 'open' });
    expect(activityStepAllowed('draft', 'open', times, during)).toBe(false);
    expect(activityStepAllowed('open', 'open', times, before)).toBe(false);
    expect(activityStepAllowed('open', 'close', times, before)).toBe(false);
    expect(activityStep('open', 'close', times, during)).toEqual({ ok: true, to: 'closed' });
    expect(activityStepAllowed('draft', 'close', times, after)).toBe(false);
    expect(activityStep('draft', 'cancel', times, before)).toEqual({ ok: true, to: 'cancelled' });
    expect(activityStepAllowed('open', 'cancel', times, during)).toBe(true);
    expect(activityStepAllowed('open', 'cancel', times, after)).toBe(false);
    expect(activityStepAllowed('closed', 'cancel', times, after)).toBe(false);
    expect(activityStepAllowed('cancelled', 'open', times, before)).toBe(false);
  });

  it('edits a draft or open activity until it is over, and invites only while open and not begun', () => {
    expect(activityStepAllowed('draft', 'edit', times, before)).toBe(true);
    expect(activityStepAllowed('open', 'edit', times, during)).toBe(true);
    expect(activityStepAllowed('open', 'edit', times, after)).toBe(false);
    expect(activityStepAllowed('closed', 'edit', times, during)).toBe(false);
    expect(activityStepAllowed('draft', 'invite', times, before)).toBe(false);
    expect(activityStepAllowed('open', 'invite', times, before)).toBe(true);
    expect(activityStepAllowed('open', 'invite', times, during)).toBe(false);
  });

  it('plans an activity in the future, at most a year ahead', () => {
    expect(scheduleProblem(times.startsAt, before)).toBeNull();
    expect(scheduleProblem(times.startsAt, times.startsAt)).toBe('in_past');
    expect(scheduleProblem(new Date(before.getTime() + 367 * 86_400_000), before)).toBe('too_far_ahead');
  });
});

describe('the sign-up window', () => {
  const open = { state: 'open' as const, startsAt: times.startsAt, capacity: 2, seatsTaken: 1 };

  it('takes sign-ups while open, before the start, with a seat free', () => {
    expect(signUpProblem(open, 'invited', before)).toBeNull();
    expect(signUpProblem(open, 'cancelled', before)).toBeNull();
    expect(signUpProblem({ ...open, seatsTaken: 2 }, 'invited', before)).toBe('full');
    // One signed up already holds a seat: asking again is not refused as full.
    expect(signUpProblem({ ...open, seatsTaken: 2 }, 'signed_up', before)).toBeNull();
    expect(signUpProblem(open, 'invited', times.startsAt)).toBe('started');
    for (const state of ['draft', 'closed', 'cancelled'] as const)
      expect(signUpProblem({ ...open, state }, 'invited', before)).toBe('not_open');
  });

  it('takes cancellations while open and before the start', () => {
    expect(cancelProblem(open, before)).toBeNull();
    expect(cancelProblem(open, during)).toBe('started');
    expect(cancelProblem({ ...open, state: 'cancelled' }, before)).toBe('not_open');
  });

  it('lets staff mark attendance once begun, while open or closed', () => {
    expect(attendanceProblem(open, before)).not.toBeNull();
    expect(attendanceProblem(open, during)).toBeNull();
    expect(attendanceProblem({ ...open, state: 'closed' }, after)).toBeNull();
    expect(attendanceProblem({ ...open, state: 'cancelled' }, after)).not.toBeNull();
    expect(attendanceProblem({ ...open, state: 'draft' }, during)).not.toBeNull();
  });
});

describe('the report', () => {
  it('counts revenue from the start for the given days', () => {
    expect(revenueWindow(times.startsAt, 30)).toEqual({ from: times.startsAt, until: new Date('2027-01-04T01:00:00Z') });
  });

  it('divides cost by attendees and revenue by cost, null without a base', () => {
    expect(reportRatios({ signedUp: 4, attended: 3, costFen: 100_000, revenueFen: 250_000 })).toEqual({
      attendanceRate: 0.75,
      costPerAttendeeFen: 33_333,
      revenuePerCost: 2.5,
    });
    expect(reportRatios({ signedUp: 0, attended: 0, costFen: 0, revenueFen: 0 })).toEqual({
      attendanceRate: null,
      costPerAttendeeFen: null,
      revenuePerCost: null,
    });
  });
});
