import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../network/network-cockpit.rules.js';
import {
  achievementOf,
  bookingIncentiveOf,
  DEFAULT_SETTINGS,
  effectiveSettings,
  measuresOf,
  monthCount,
  type PersonCounts,
  scoreCard,
  settingsProblems,
  teamRolesOf,
} from './scorecards.rules.js';

const noCounts = (): PersonCounts => ({
  advisor: null,
  appointmentsBooked: 0,
  bookedDue: 0,
  keptAppointments: 0,
  callsMade: 0,
  tasksDue: 0,
  tasksClosed: 0,
  hoursSold: 0,
  hoursClocked: 0,
  technicianRos: 0,
  technicianReworked: 0,
  additionalApproved: 0,
  additionalRaisedApproved: 0,
  receivablesOpenFen: 0,
});

describe('achievement', () => {
  it('is value ÷ target, capped at 1', () => {
    expect(achievementOf(45, 60, false)).toBe(0.75);
    expect(achievementOf(90, 60, false)).toBe(1);
    expect(achievementOf(0, 60, false)).toBe(0);
  });
  it('is target ÷ value for a lower-is-better measure, full at or under the target', () => {
    expect(achievementOf(1.5, 2, true)).toBe(1);
    expect(achievementOf(4, 2, true)).toBe(0.5);
    // A target of none: any at all earns nothing, none earns everything.
    expect(achievementOf(0, 0, true)).toBe(1);
    expect(achievementOf(300, 0, true)).toBe(0);
  });
});

describe('a scorecard', () => {
  const settings = [
    { metric: 'rosOpened', weight: 40, target: 60 },
    { metric: 'timelyReceptionRate', weight: 30, target: 90 },
    { metric: 'complaintsPer100Ros', weight: 20, target: 2 },
    { metric: 'csiScore', weight: 10, target: 90 },
  ] as const;

  it('adds weight × achievement over the parts, each part explained', () => {
    // ROs 45 of 60 → 0.75 × 40 = 30; timely 81% of 90 → 0.9 × 30 = 27; complaints 4 per 100 against 2 → 0.5 × 20 = 10;
    // CSI 95 against 90 → capped 1 × 10 = 10. Total 77 of 100.
    const card = scoreCard(settings, { rosOpened: 45, timelyReceptionRate: 81, complaintsPer100Ros: 4, csiScore: 95 }, 1);
    expect(card.score).toBe(77);
    expect(card.points).toBe(77);
    expect(card.weightWithData).toBe(100);
    expect(card.parts.map((p) => [p.metric, p.value, p.target, p.weight, p.achievement, p.points])).toEqual([
      ['rosOpened', 45, 60, 40, 0.75, 30],
      ['timelyReceptionRate', 81, 90, 30, 0.9, 27],
      ['complaintsPer100Ros', 4, 2, 20, 0.5, 10],
      ['csiScore', 95, 90, 10, 1, 10],
    ]);
    expect(card.parts[2]).toMatchObject({ group: 'satisfaction', lowerIsBetter: true });
  });

  it('shows a measure without data as no data, and scores over the weights that have data', () => {
    // No survey: CSI has no value and earns no points; the other 90 weights earn 30 + 27 + 10 = 67 → 67 / 90 = 74.4.
    const card = scoreCard(settings, { rosOpened: 45, timelyReceptionRate: 81, complaintsPer100Ros: 4, csiScore: null }, 1);
    expect(card.parts[3]).toMatchObject({ metric: 'csiScore', value: null, achievement: null, points: null, weight: 10 });
    expect(card.weightWithData).toBe(90);
    expect(card.score).toBe(74.4);
  });

  it('has no score when no weighted measure has data', () => {
    const card = scoreCard(settings, {}, 1);
    expect(card.score).toBeNull();
    expect(card.parts.every((p) => p.value === null)).toBe(true);
  });

  it('multiplies the monthly target of a count by the months of the period, never a rate’s', () => {
    // Three months: 120 ROs against 3 × 60 = 180 → 0.667 × 40 = 26.67; timely 90 of 90 → 30; 56.67 of 70 → 81.
    const card = scoreCard(settings.slice(0, 2), { rosOpened: 120, timelyReceptionRate: 90 }, 3);
    expect(card.parts.map((p) => p.target)).toEqual([180, 90]);
    expect(card.parts[0]!.points).toBe(26.67);
    expect(card.score).toBe(81);
  });
});

describe('measures of a role', () => {
  it("takes an advisor's rates and CSI from the cockpit's formulas over their counts", () => {
    const advisor = {
      ...emptyCounts(),
      ros_opened: 50,
      vehicles_in: 40,
      timely: 36,
      delivered: 20,
      delivered_on_time: 19,
      process_visits: 40,
      process_complete: 30,
      revenue_fen: 1_234_500,
      complaints: 1,
      csi_sum: 182,
      csi_count: 2,
    };
    const m = measuresOf('service_advisor', { ...noCounts(), advisor, appointmentsBooked: 7, additionalApproved: 3 });
    expect(m).toMatchObject({
      rosOpened: 50,
      appointmentsBooked: 7,
      timelyReceptionRate: 90,
      onTimeDeliveryRate: 95,
      processExecutionRate: 75,
      revenueFen: 1_234_500,
      additionalWorkApproved: 3,
      complaintsPer100Ros: 2,
      csiScore: 91,
      csiAdvisor: null,
      firstTimeFixRate: null,
    });
  });

  it('gives a person with no record of the role’s work in the period no data, not zeros', () => {
    for (const role of ['service_advisor', 'technician', 'appointment_agent', 'customer_relations'] as const)
      expect(
        Object.values(measuresOf(role, noCounts())).every((v) => v === null),
        role,
      ).toBe(true);
    // Only follow-up tasks of earlier orders: no work of the advisor's own this period.
    const tasksOnly = measuresOf('service_advisor', { ...noCounts(), advisor: { ...emptyCounts(), tasks_due: 3 } });
    expect(Object.values(tasksOnly).every((v) => v === null)).toBe(true);
    // Some work recorded: what was not done counts as 0.
    const m = measuresOf('service_advisor', { ...noCounts(), appointmentsBooked: 2 });
    expect(m).toMatchObject({ appointmentsBooked: 2, rosOpened: 0, revenueFen: 0, timelyReceptionRate: null });
  });

  it("a technician's efficiency is hours sold ÷ clocked and rework the share of their orders that failed a check", () => {
    const m = measuresOf('technician', { ...noCounts(), hoursSold: 30, hoursClocked: 24, technicianRos: 8, technicianReworked: 1 });
    expect(m).toMatchObject({ hoursSold: 30, hoursClocked: 24, labourEfficiency: 125, reworkRate: 12.5 });
    expect(measuresOf('technician', { ...noCounts(), hoursSold: 2 })).toMatchObject({
      labourEfficiency: null,
      reworkRate: null,
      hoursClocked: 0,
    });
  });

  it("an agent's call completion is the owned tasks closed ÷ due", () => {
    const m = measuresOf('appointment_agent', { ...noCounts(), appointmentsBooked: 12, callsMade: 40, tasksDue: 30, tasksClosed: 27 });
    expect(m).toEqual({ appointmentsBooked: 12, keptAppointmentRate: null, callsMade: 40, callCompletionRate: 90 });
  });
  it('the booked customers on time are the kept ÷ due of the appointments the person booked, and earn the dealer’s incentive each', () => {
    const counts = { ...noCounts(), appointmentsBooked: 20, bookedDue: 16, keptAppointments: 12 };
    expect(measuresOf('customer_relations', counts).keptAppointmentRate).toBe(75);
    expect(measuresOf('service_advisor', counts).keptAppointmentRate).toBe(75);
    expect(bookingIncentiveOf('appointment_agent', 12, 500)).toEqual({ keptAppointments: 12, perKeptFen: 500, earnedFen: 6_000 });
    expect(bookingIncentiveOf('appointment_agent', 12, 0)).toBeNull();
    expect(bookingIncentiveOf('technician', 12, 500)).toBeNull();
  });
});

describe('settings', () => {
  it('the defaults of every role add up to 100', () => {
    for (const role of Object.keys(DEFAULT_SETTINGS) as (keyof typeof DEFAULT_SETTINGS)[])
      expect(
        DEFAULT_SETTINGS[role].reduce((s, m) => s + m.weight, 0),
        role,
      ).toBe(100);
  });

  it('names the field of a measure not kept for the role, a repeated one, and weights not adding to 100', () => {
    expect(
      settingsProblems('technician', [
        { metric: 'hoursSold', weight: 50, target: 100 },
        { metric: 'csiScore', weight: 30, target: 90 },
        { metric: 'hoursSold', weight: 10, target: 100 },
      ]).map((p) => [p.field, p.code]),
    ).toEqual([
      ['metrics.1.metric', 'not_for_role'],
      ['metrics.2.metric', 'duplicate'],
      ['metrics', 'weights_sum'],
    ]);
    expect(settingsProblems('appointment_agent', [...DEFAULT_SETTINGS.appointment_agent])).toEqual([]);
  });

  it("a dealer's settings keep the role's order; a measure left out shows unweighted at its default target", () => {
    const own = effectiveSettings('appointment_agent', [
      { metric: 'callCompletionRate', weight: 50, target: 95 },
      { metric: 'appointmentsBooked', weight: 50, target: 80 },
    ]);
    expect(own).toEqual([
      { metric: 'appointmentsBooked', weight: 50, target: 80 },
      { metric: 'keptAppointmentRate', weight: 0, target: 80 },
      { metric: 'callsMade', weight: 0, target: 200 },
      { metric: 'callCompletionRate', weight: 50, target: 95 },
    ]);
  });
});

describe('teams and periods', () => {
  it('a manager sees every scored role, a front-desk supervisor the advisors, a workshop controller the technicians', () => {
    expect(teamRolesOf(['service_manager'])).toEqual(['service_advisor', 'technician', 'appointment_agent', 'customer_relations']);
    expect(teamRolesOf(['front_desk_supervisor'])).toEqual(['service_advisor']);
    expect(teamRolesOf(['workshop_controller', 'front_desk_supervisor'])).toEqual(['service_advisor', 'technician']);
    expect(teamRolesOf(['service_advisor', 'cashier'])).toEqual([]);
  });
  it('counts the months of a period, across a year end', () => {
    expect(monthCount('2026-11', '2026-11')).toBe(1);
    expect(monthCount('2026-11', '2027-02')).toBe(4);
  });
});
