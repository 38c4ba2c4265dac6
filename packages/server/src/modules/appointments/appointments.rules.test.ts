import { describe, expect, it } from 'vitest';
import {
  appointmentKpis,
  appointmentNumber,
  arrivalStatus,
  type BookingSettings,
  bookingProblem,
  buildSlots,
  canTransition,
  daySlots,
  quietHoursEnd,
  reminderPlan,
  slotCapacity,
  suggestedQuotas,
  suggestSlots,
} from './appointments.rules.js';

const settings: BookingSettings = {
  timeZone: 'Asia/Shanghai',
  opensAt: '08:30',
  closesAt: '20:00',
  slotMinutes: 30,
  capacityRatio: 0.7,
  onTimeWindowMinutes: 15,
  noShowGraceMinutes: 30,
  confirmationSmsAt: '10:00',
  assignmentDeadline: '17:00',
  saCallLeadMinutes: 60,
  quietHoursStart: '21:00',
  quietHoursEnd: '08:00',
  keptLabourDiscountPercent: 0,
  dedicatedLane: false,
  apologyGift: '',
  noShowForfeitCount: 2,
  noShowForfeitMonths: 12,
  bookingIncentiveFen: 0,
};
const at = (local: string) => new Date(`${local}+08:00`);

describe('slot capacity (domain.md §3)', () => {
  it('is 3 for 6 SAs, 10 technicians, 70% and one SA off — the worked example', () => {
    expect(slotCapacity({ ratio: 0.7, serviceAdvisors: 6, technicians: 10, staffOff: 1 })).toBe(3);
  });
  it('follows the smaller team, never drops below zero, and takes exact products whole', () => {
    expect(slotCapacity({ ratio: 0.7, serviceAdvisors: 10, technicians: 4, staffOff: 0 })).toBe(2);
    expect(slotCapacity({ ratio: 0.7, serviceAdvisors: 2, technicians: 10, staffOff: 3 })).toBe(0);
    expect(slotCapacity({ ratio: 0.7, serviceAdvisors: 10, technicians: 10, staffOff: 0 })).toBe(7);
  });
});

describe('slots', () => {
  it('lays the day out from opening to closing', () => {
    const slots = daySlots(settings);
    expect(slots[0]).toBe('08:30');
    expect(slots.at(-1)).toBe('19:30');
    expect(slots).toHaveLength(23);
  });
  it('offers the 3 open slots nearest the wanted time, skipping full and past ones', () => {
    const booked = new Map([
      ['10:00', 3],
      ['10:30', 3],
    ]);
    const slots = buildSlots('2026-11-23', settings, 3, booked, at('2026-11-23T09:10:00'));
    expect(slots[0]!.time).toBe('09:30'); // past slots are gone
    const offered = suggestSlots(slots, at('2026-11-23T10:15:00'));
    expect(offered.map((s) => s.time)).toEqual(['09:30', '11:00', '11:30']);
    expect(slots.find((s) => s.time === '10:00')!.remaining).toBe(0);
  });
  it('refuses times outside opening hours, off the slot grid, in the past, and work longer than the day', () => {
    const now = at('2026-11-22T12:00:00');
    expect(bookingProblem(at('2026-11-23T07:30:00'), 60, settings, now)?.code).toBe('outside_opening_hours');
    expect(bookingProblem(at('2026-11-23T19:45:00'), 60, settings, now)?.code).toBe('outside_opening_hours');
    expect(bookingProblem(at('2026-11-23T09:10:00'), 60, settings, now)?.code).toBe('not_a_slot_start');
    expect(bookingProblem(at('2026-11-22T09:00:00'), 60, settings, now)?.code).toBe('in_past');
    expect(bookingProblem(at('2026-11-23T09:00:00'), 12 * 60, settings, now)).toEqual({
      field: 'durationMinutes',
      code: 'duration_too_long',
    });
    expect(bookingProblem(at('2026-11-23T09:00:00'), 90, settings, now)).toBeNull();
  });
});

describe('arrival', () => {
  const start = at('2026-11-23T09:00:00');
  it('is on time within ±15 minutes, late after, early before', () => {
    expect(arrivalStatus(start, at('2026-11-23T09:15:00'), 15)).toBe('on_time');
    expect(arrivalStatus(start, at('2026-11-23T08:45:00'), 15)).toBe('on_time');
    expect(arrivalStatus(start, at('2026-11-23T09:16:00'), 15)).toBe('late');
    expect(arrivalStatus(start, at('2026-11-23T08:40:00'), 15)).toBe('early');
  });
  it('moves only along the allowed transitions', () => {
    expect(canTransition('booked', 'confirmed')).toBe(true);
    expect(canTransition('no_show', 'arrived')).toBe(true);
    expect(canTransition('cancelled', 'booked')).toBe(false);
    expect(canTransition('arrived', 'no_show')).toBe(false);
  });
});

describe('reminders', () => {
  it('plans the N−1 SMS at the set time, the 17:00 assignment, the call an hour before and the no-show check', () => {
    const plan = reminderPlan(at('2026-11-25T09:00:00'), settings, at('2026-11-22T12:00:00'));
    expect(plan.confirmationSmsAt).toEqual(at('2026-11-24T10:00:00'));
    expect(plan.assignmentDeadlineAt).toEqual(at('2026-11-24T17:00:00'));
    expect(plan.saCallAt).toEqual(at('2026-11-25T08:00:00'));
    expect(plan.noShowAt).toEqual(at('2026-11-25T09:30:00'));
  });
  it('does not plan an N−1 SMS whose time has already passed', () => {
    expect(reminderPlan(at('2026-11-23T09:00:00'), settings, at('2026-11-22T15:00:00')).confirmationSmsAt).toBeNull();
  });
  it('knows when quiet hours end, across midnight', () => {
    expect(quietHoursEnd(at('2026-11-22T22:30:00'), settings)).toEqual(at('2026-11-23T08:00:00'));
    expect(quietHoursEnd(at('2026-11-23T06:00:00'), settings)).toEqual(at('2026-11-23T08:00:00'));
    expect(quietHoursEnd(at('2026-11-23T12:00:00'), settings)).toBeNull();
  });
});

describe('KPIs', () => {
  it('computes the formulas of domain.md §3', () => {
    const k = appointmentKpis({
      arrivalsAll: 40,
      arrivalsWithAppointment: 18,
      due: 20,
      noShows: 2,
      confirmationTargets: 20,
      confirmed: 17,
      arrivedOnTime: 15,
    });
    expect(k).toEqual({ appointmentRate: 45, noShowRate: 10, confirmationRate: 85, successRate: 90, onTimeRate: 83.3 });
    expect(
      appointmentKpis({
        arrivalsAll: 0,
        arrivalsWithAppointment: 0,
        due: 0,
        noShows: 0,
        confirmationTargets: 0,
        confirmed: 0,
        arrivedOnTime: 0,
      }).noShowRate,
    ).toBeNull();
  });
  it('suggests per-hour quotas that leave room for the usual walk-ins', () => {
    const quotas = suggestedQuotas(
      new Map([
        [9, 180],
        [14, 30],
      ]),
      90,
      3,
    );
    expect(quotas.get(9)).toBe(1);
    expect(quotas.get(14)).toBe(3);
  });
});

describe('appointmentNumber', () => {
  it('names the dealer-local day, the slot time and the seat handed out', () => {
    expect(appointmentNumber(new Date('2026-11-23T01:30:00Z'), 'Asia/Shanghai', 3)).toBe('AP-20261123-0930-03');
    expect(appointmentNumber(new Date('2026-11-23T16:30:00Z'), 'Asia/Shanghai', 12)).toBe('AP-20261124-0030-12');
    expect(appointmentNumber(new Date('2026-11-23T01:30:00Z'), 'Asia/Shanghai', 104)).toBe('AP-20261123-0930-104');
  });
});
