// Staff scorecards (人员考核, domain.md §10): which measures each role is judged on, with the default
// weights and monthly targets, and how a measure's value becomes points. Pure: the repository reads
// the measures, these decide. Every part of a score is returned, so the page can explain it.

import {
  SCORECARD_ROLES,
  SCORECARD_TEAM_OF,
  type ScorecardGroup,
  type ScorecardMetric,
  type ScorecardMetricSetting,
  type ScorecardPart,
  type ScorecardRole,
  type ScorecardUnit,
} from '@servicebay/contracts';
import { type KpiCounts, kpiValues } from '../network/network-cockpit.rules.js';

type MetricDefinition = { group: ScorecardGroup; unit: ScorecardUnit; lowerIsBetter: boolean };

/** What each measure is: its part of the evaluation, its unit, and whether less is better. */
export const METRICS: Record<ScorecardMetric, MetricDefinition> = {
  appointmentsBooked: { group: 'workload', unit: 'count', lowerIsBetter: false },
  rosOpened: { group: 'workload', unit: 'count', lowerIsBetter: false },
  callsMade: { group: 'workload', unit: 'count', lowerIsBetter: false },
  hoursSold: { group: 'workload', unit: 'hours', lowerIsBetter: false },
  hoursClocked: { group: 'workload', unit: 'hours', lowerIsBetter: false },
  processExecutionRate: { group: 'execution', unit: 'percent', lowerIsBetter: false },
  timelyReceptionRate: { group: 'execution', unit: 'percent', lowerIsBetter: false },
  onTimeDeliveryRate: { group: 'execution', unit: 'percent', lowerIsBetter: false },
  firstTimeFixRate: { group: 'execution', unit: 'percent', lowerIsBetter: false },
  labourEfficiency: { group: 'execution', unit: 'percent', lowerIsBetter: false },
  reworkRate: { group: 'execution', unit: 'percent', lowerIsBetter: true },
  callCompletionRate: { group: 'execution', unit: 'percent', lowerIsBetter: false },
  keptAppointmentRate: { group: 'execution', unit: 'percent', lowerIsBetter: false },
  revenueFen: { group: 'results', unit: 'fen', lowerIsBetter: false },
  additionalWorkApproved: { group: 'results', unit: 'count', lowerIsBetter: false },
  receivablesOpenFen: { group: 'results', unit: 'fen', lowerIsBetter: true },
  csiScore: { group: 'satisfaction', unit: 'score', lowerIsBetter: false },
  csiInitiation: { group: 'satisfaction', unit: 'score', lowerIsBetter: false },
  csiAdvisor: { group: 'satisfaction', unit: 'score', lowerIsBetter: false },
  csiFacility: { group: 'satisfaction', unit: 'score', lowerIsBetter: false },
  csiPickup: { group: 'satisfaction', unit: 'score', lowerIsBetter: false },
  csiQuality: { group: 'satisfaction', unit: 'score', lowerIsBetter: false },
  complaintsPer100Ros: { group: 'satisfaction', unit: 'percent', lowerIsBetter: true },
};

/** Counts, amounts and hours add up over months, so their monthly target does too; rates and scores do not. */
const FLOWS: readonly ScorecardUnit[] = ['count', 'fen', 'hours'];

const m = (metric: ScorecardMetric, weight: number, target: number): ScorecardMetricSetting => ({ metric, weight, target });

/**
 * The defaults a dealer starts from: per role, the measures in the order shown, each with its weight
 * (the weights of a role add up to 100) and its monthly target. A weight of 0 shows a measure without
 * scoring it (receivables, the CSI factors besides the advisor's own).
 */
export const DEFAULT_SETTINGS: Record<ScorecardRole, readonly ScorecardMetricSetting[]> = {
  service_advisor: [
    m('rosOpened', 10, 60),
    m('appointmentsBooked', 5, 15),
    m('keptAppointmentRate', 0, 80),
    m('processExecutionRate', 10, 90),
    m('timelyReceptionRate', 10, 90),
    m('onTimeDeliveryRate', 10, 95),
    m('firstTimeFixRate', 5, 95),
    m('revenueFen', 15, 6_000_000),
    m('additionalWorkApproved', 5, 10),
    m('receivablesOpenFen', 0, 0),
    m('csiScore', 15, 90),
    m('csiAdvisor', 5, 90),
    m('csiInitiation', 0, 90),
    m('csiFacility', 0, 90),
    m('csiPickup', 0, 90),
    m('csiQuality', 0, 90),
    m('complaintsPer100Ros', 10, 2),
  ],
  technician: [
    m('hoursSold', 25, 120),
    m('hoursClocked', 15, 140),
    m('labourEfficiency', 20, 100),
    m('reworkRate', 25, 2),
    m('additionalWorkApproved', 15, 5),
  ],
  appointment_agent: [
    m('appointmentsBooked', 40, 120),
    m('keptAppointmentRate', 0, 80),
    m('callsMade', 30, 200),
    m('callCompletionRate', 30, 90),
  ],
  customer_relations: [
    m('callsMade', 40, 200),
    m('callCompletionRate', 40, 90),
    m('appointmentsBooked', 20, 20),
    m('keptAppointmentRate', 0, 80),
  ],
};

/** The measures a role may be scored on (its settings may weigh and target them, never add others). */
export const metricsOfRole = (role: ScorecardRole): ScorecardMetric[] => DEFAULT_SETTINGS[role].map((s) => s.metric);

/** What is wrong with a role's settings, as field errors (`metrics.2.metric`), or none. */
export function settingsProblems(role: ScorecardRole, metrics: readonly ScorecardMetricSetting[]) {
  const allowed = metricsOfRole(role);
  const problems: { field: string; code: string; message: string }[] = [];
  const seen = new Set<ScorecardMetric>();
  metrics.forEach((s, i) => {
    if (!allowed.includes(s.metric))
      problems.push({ field: `metrics.${i}.metric`, code: 'not_for_role', message: `${s.metric} is not measured for ${role}` });
    else if (seen.has(s.metric)) problems.push({ field: `metrics.${i}.metric`, code: 'duplicate', message: `${s.metric} twice` });
    seen.add(s.metric);
    if (METRICS[s.metric]?.lowerIsBetter === false && s.weight > 0 && s.target <= 0)
      problems.push({ field: `metrics.${i}.target`, code: 'target_required', message: 'a weighted measure needs a target above 0' });
  });
  const total = metrics.reduce((sum, s) => sum + s.weight, 0);
  if (total !== 100) problems.push({ field: 'metrics', code: 'weights_sum', message: `the weights add up to ${total}, not 100` });
  return problems;
}

/**
 * A role's settings as they apply: the dealer's own for the measures it names, in the role's order,
 * and any measure of the role it does not name shown unweighted at its default target.
 */
export function effectiveSettings(role: ScorecardRole, saved: readonly ScorecardMetricSetting[] | null): ScorecardMetricSetting[] {
  if (!saved) return DEFAULT_SETTINGS[role].map((s) => ({ ...s }));
  return DEFAULT_SETTINGS[role].map((d) => {
    const own = saved.find((s) => s.metric === d.metric);
    return own ? { ...own } : { ...d, weight: 0 };
  });
}

/** What a person did in the period, each measure's value (null: no data to judge on). */
export type Measures = Partial<Record<ScorecardMetric, number | null>>;

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * value ÷ target, or for a lower-is-better measure target ÷ value (at or below target: full), capped
 * at 1 so that one measure cannot make up for another. A target of 0 on a lower-is-better measure
 * asks for none at all: any is 0.
 */
export function achievementOf(value: number, target: number, lowerIsBetter: boolean): number {
  if (lowerIsBetter) {
    if (value <= target) return 1;
    return target <= 0 ? 0 : Math.min(1, target / value);
  }
  if (target <= 0) return 1;
  return Math.min(1, Math.max(0, value / target));
}

/**
 * One scorecard: each part with its value, the target for the period (a count's, an amount's or
 * hours' monthly target times the months), weight, achievement and points (weight × achievement);
 * the score is Σ points ÷ Σ weights of the parts with data × 100. A part without data earns nothing
 * and its weight does not count; a card with no weighted data has no score.
 */
export function scoreCard(settings: readonly ScorecardMetricSetting[], measures: Measures, months: number) {
  const parts: ScorecardPart[] = settings.map((s) => {
    const definition = METRICS[s.metric];
    const value = measures[s.metric] ?? null;
    const target = FLOWS.includes(definition.unit) ? s.target * months : s.target;
    const achievement = value === null ? null : achievementOf(value, target, definition.lowerIsBetter);
    return {
      metric: s.metric,
      group: definition.group,
      unit: definition.unit,
      lowerIsBetter: definition.lowerIsBetter,
      value,
      target,
      weight: s.weight,
      achievement: achievement === null ? null : round2(achievement),
      points: achievement === null ? null : round2(s.weight * achievement),
    };
  });
  const withData = parts.filter((p) => p.value !== null);
  const weightWithData = withData.reduce((sum, p) => sum + p.weight, 0);
  const earned = settings.reduce((sum, s, i) => {
    const p = parts[i]!;
    return p.value === null ? sum : sum + s.weight * achievementOf(p.value, p.target, p.lowerIsBetter);
  }, 0);
  return {
    score: weightWithData === 0 ? null : round1((earned / weightWithData) * 100),
    points: round2(earned),
    weightWithData,
    weightTotal: settings.reduce((sum, s) => sum + s.weight, 0),
    parts,
  };
}

/** What the repository counted for one person (the SA counts come from the KPI rollup's definitions). */
export type PersonCounts = {
  advisor: KpiCounts | null;
  appointmentsBooked: number;
  /** Of the appointments the person booked, those due in the period, and those kept on time. */
  bookedDue: number;
  keptAppointments: number;
  callsMade: number;
  tasksDue: number;
  tasksClosed: number;
  hoursSold: number;
  hoursClocked: number;
  technicianRos: number;
  technicianReworked: number;
  additionalApproved: number;
  additionalRaisedApproved: number;
  receivablesOpenFen: number;
};

const percent = (part: number, whole: number) => (whole === 0 ? null : round1((part / whole) * 100));

/**
 * A person's measures in a role from their counts. A measure whose denominator is empty has no
 * data (null), so an advisor with no survey has no CSI rather than 0. Counts of work are 0 when
 * none was done while other work of the role was recorded (doing none is then a result); a person
 * with no record of the role's work at all in the period (on leave, new, or a workshop that does not
 * clock on the tablet) has no data rather than a row of zeros. The advisor's rates and CSI are the
 * cockpit's own formulas (network-cockpit.rules.ts#kpiValues) over their share of the counts.
 */
export function measuresOf(role: ScorecardRole, c: PersonCounts): Measures {
  const measures = measuresFrom(role, c);
  return recordedAny(role, c) ? measures : Object.fromEntries(Object.keys(measures).map((k) => [k, null]));
}

/** Whether anything of the role's work was recorded for the person in the period. */
function recordedAny(role: ScorecardRole, c: PersonCounts): boolean {
  switch (role) {
    case 'service_advisor':
      // The advisor's own work of the period: cars received, orders opened or delivered, money taken, surveys,
      // complaints (follow-up tasks of earlier orders are not the advisor's work this period).
      return (
        (c.advisor !== null &&
          c.advisor.vehicles_in +
            c.advisor.ros_opened +
            c.advisor.delivered +
            c.advisor.revenue_fen +
            c.advisor.csi_count +
            c.advisor.complaints >
            0) ||
        c.appointmentsBooked > 0 ||
        c.additionalApproved > 0 ||
        c.receivablesOpenFen > 0
      );
    case 'technician':
      return c.hoursSold > 0 || c.hoursClocked > 0 || c.technicianRos > 0 || c.additionalRaisedApproved > 0;
    case 'appointment_agent':
    case 'customer_relations':
      return c.appointmentsBooked > 0 || c.callsMade > 0 || c.tasksDue > 0;
  }
}

function measuresFrom(role: ScorecardRole, c: PersonCounts): Measures {
  switch (role) {
    case 'service_advisor': {
      const k = c.advisor ? kpiValues(c.advisor) : null;
      return {
        rosOpened: c.advisor?.ros_opened ?? 0,
        appointmentsBooked: c.appointmentsBooked,
        keptAppointmentRate: percent(c.keptAppointments, c.bookedDue),
        processExecutionRate: k?.processExecutionRate ?? null,
        timelyReceptionRate: k?.timelyReceptionRate ?? null,
        onTimeDeliveryRate: k?.onTimeDeliveryRate ?? null,
        firstTimeFixRate: k?.firstTimeFixRate ?? null,
        revenueFen: c.advisor?.revenue_fen ?? 0,
        additionalWorkApproved: c.additionalApproved,
        receivablesOpenFen: c.receivablesOpenFen,
        csiScore: k?.csiScore ?? null,
        csiInitiation: k?.csiInitiation ?? null,
        csiAdvisor: k?.csiAdvisor ?? null,
        csiFacility: k?.csiFacility ?? null,
        csiPickup: k?.csiPickup ?? null,
        csiQuality: k?.csiQuality ?? null,
        complaintsPer100Ros: k?.complaintsPer100Ros ?? null,
      };
    }
    case 'technician':
      return {
        hoursSold: round2(c.hoursSold),
        hoursClocked: round2(c.hoursClocked),
        labourEfficiency: percent(c.hoursSold, c.hoursClocked),
        reworkRate: percent(c.technicianReworked, c.technicianRos),
        additionalWorkApproved: c.additionalRaisedApproved,
      };
    case 'appointment_agent':
    case 'customer_relations':
      return {
        appointmentsBooked: c.appointmentsBooked,
        keptAppointmentRate: percent(c.keptAppointments, c.bookedDue),
        callsMade: c.callsMade,
        callCompletionRate: percent(c.tasksClosed, c.tasksDue),
      };
  }
}

/** The scored roles a person holds, in the contracts' order. */
export const scoredRolesOf = (roles: readonly string[]): ScorecardRole[] => SCORECARD_ROLES.filter((r) => roles.includes(r));

/** The roles whose cards a manager sees (their team), from all the roles they hold. */
export function teamRolesOf(roles: readonly string[]): ScorecardRole[] {
  const team = new Set<ScorecardRole>();
  for (const role of roles) for (const member of SCORECARD_TEAM_OF[role] ?? []) team.add(member);
  return scoredRolesOf([...team]);
}

/** Months of a period `from`..`to` (YYYY-MM, both included). */
export function monthCount(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The mean of the values that exist (null when none does), for the car maker's dealer averages. */
export function meanOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : round1(present.reduce((a, b) => a + b, 0) / present.length);
}

/**
 * The booking incentive (domain.md §3: the on-time rate of booked customers is part of the staff's
 * evaluation): the dealer's amount per appointment the person booked that was kept on time. Only
 * for the roles that book; null when the dealer sets none.
 */
export function bookingIncentiveOf(role: ScorecardRole, keptAppointments: number, perKeptFen: number) {
  if (perKeptFen <= 0 || !metricsOfRole(role).includes('keptAppointmentRate')) return null;
  return { keptAppointments, perKeptFen, earnedFen: keptAppointments * perKeptFen };
}
