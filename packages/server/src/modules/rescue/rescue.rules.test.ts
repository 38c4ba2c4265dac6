import { describe, expect, it } from 'vitest';
import {
  type KpiCall,
  median,
  receivedAtProblem,
  rescueFigures,
  rescueStepAllowed,
  responseMinutes,
  stepTimeProblem,
} from './rescue.rules.js';

const at = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00Z`);

describe('the rescue state machine', () => {
  it('moves forward one step at a time and cancels only before the unit is on site', () => {
    expect(rescueStepAllowed('received', 'dispatch')).toBe(true);
    expect(rescueStepAllowed('received', 'arrive')).toBe(false);
    expect(rescueStepAllowed('dispatched', 'arrive')).toBe(true);
    expect(rescueStepAllowed('dispatched', 'dispatch')).toBe(false);
    expect(rescueStepAllowed('arrived', 'complete')).toBe(true);
    expect(rescueStepAllowed('dispatched', 'complete')).toBe(false);
    expect(rescueStepAllowed('received', 'cancel')).toBe(true);
    expect(rescueStepAllowed('dispatched', 'cancel')).toBe(true);
    expect(rescueStepAllowed('arrived', 'cancel')).toBe(false);
    expect(rescueStepAllowed('completed', 'cancel')).toBe(false);
    expect(rescueStepAllowed('cancelled', 'dispatch')).toBe(false);
  });

  it('keeps the times monotonic, never in the future, and at most a day back', () => {
    const now = at('10:00');
    const times = { receivedAt: at('09:00'), dispatchedAt: at('09:05'), arrivedAt: null };
    expect(stepTimeProblem('arrive', at('09:40'), times, now)).toBeNull();
    expect(stepTimeProblem('arrive', at('09:05'), times, now)).toBeNull(); // the same minute is fine
    expect(stepTimeProblem('arrive', at('09:04'), times, now)).toBe('before_previous_step');
    expect(stepTimeProblem('arrive', at('10:01'), times, now)).toBe('in_future');
    expect(stepTimeProblem('dispatch', at('08:59'), times, now)).toBe('before_previous_step');
    expect(stepTimeProblem('complete', at('09:30'), { ...times, arrivedAt: at('09:40') }, now)).toBe('before_previous_step');
    expect(stepTimeProblem('cancel', at('09:01'), times, now)).toBe('before_previous_step');
    expect(receivedAtProblem(new Date('2026-11-19T09:59:00Z'), now)).toBe('too_far_back');
    expect(receivedAtProblem(new Date('2026-11-19T10:00:00Z'), now)).toBeNull();
    expect(receivedAtProblem(at('10:00'), now)).toBeNull();
    expect(receivedAtProblem(at('10:01'), now)).toBe('in_future');
  });
});

describe('the response KPI', () => {
  it('measures the response from the call to the arrival on site', () => {
    expect(responseMinutes(at('09:00'), at('09:42'))).toBe(42);
    expect(responseMinutes(at('09:00'), null)).toBeNull();
  });

  it('takes the median, the average and the share within each dealer’s target (hand-computed)', () => {
    const call = (received: string, arrived: string | null, status: KpiCall['status'], targetMinutes = 60): KpiCall => ({
      status,
      receivedAt: at(received),
      arrivedAt: arrived ? at(arrived) : null,
      outcome: status === 'completed' ? 'fixed_on_site' : null,
      targetMinutes,
    });
    // Responses 30, 45, 60 (on target: at most 60 counts), 95 (late) → median (45 + 60) / 2 = 52.5,
    // average 230 / 4 = 57.5, 3 of 4 within target. The cancelled call and the one still on its way
    // count as calls only.
    const figures = rescueFigures([
      call('08:00', '08:30', 'completed'),
      call('09:00', '09:45', 'completed'),
      call('10:00', '11:00', 'arrived'),
      call('11:00', '12:35', 'completed'),
      call('12:00', null, 'cancelled'),
      call('13:00', null, 'dispatched'),
    ]);
    expect(figures).toEqual({
      calls: 6,
      arrived: 4,
      completed: 3,
      cancelled: 1,
      medianResponseMinutes: 52.5,
      averageResponseMinutes: 57.5,
      withinTarget: 3,
      withinTargetShare: 0.75,
      towedToDealer: 0,
    });
    // A dealer with a 40-minute target: 30 on target, 45 late → half.
    expect(rescueFigures([call('08:00', '08:30', 'completed', 40), call('09:00', '09:45', 'completed', 40)]).withinTargetShare).toBe(0.5);
    // Odd count: the middle one; averages to one decimal (10 + 20 + 21 = 51 / 3 = 17).
    expect(median([21, 10, 20])).toBe(20);
    expect(
      rescueFigures([call('08:00', '08:10', 'arrived'), call('08:00', '08:20', 'arrived'), call('08:00', '08:21', 'arrived')]),
    ).toMatchObject({
      medianResponseMinutes: 20,
      averageResponseMinutes: 17,
    });
  });

  it('has no response figures without arrivals', () => {
    expect(rescueFigures([])).toMatchObject({
      calls: 0,
      medianResponseMinutes: null,
      averageResponseMinutes: null,
      withinTargetShare: null,
    });
  });
});
