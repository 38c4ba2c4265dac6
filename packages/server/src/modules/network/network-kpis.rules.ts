// The headline KPIs of domain §11 that are not counts of one table: first-time fix, repeat repair,
// customer retention and process execution. Pure: the caller reads the rows, these decide.

import { addDays } from '../../platform/dealer-time.js';

/** A return for the same concern within this many days means the first repair did not fix it. */
export const FIX_WINDOW_DAYS = 30;
/** A vehicle seen (delivered or serviced) within this many months belongs to the active base. */
export const ACTIVE_BASE_MONTHS = 24;

/** A delivered repair visit: the day it was delivered and the concerns it repaired (labour operation codes or the like). */
export type RepairVisit = { id: string; vehicleId: string; deliveredOn: string; concerns: readonly string[] };

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/** For each visit, the later visit of the same vehicle within the window that repaired one of its concerns again (or null). */
function comebacks(visits: readonly RepairVisit[], windowDays: number): Map<string, RepairVisit | null> {
  const byVehicle = new Map<string, RepairVisit[]>();
  for (const v of visits) byVehicle.set(v.vehicleId, [...(byVehicle.get(v.vehicleId) ?? []), v]);
  const result = new Map<string, RepairVisit | null>();
  for (const list of byVehicle.values()) {
    const sorted = [...list].sort((a, b) =>
      a.deliveredOn < b.deliveredOn ? -1 : a.deliveredOn > b.deliveredOn ? 1 : a.id.localeCompare(b.id),
    );
    sorted.forEach((visit, i) => {
      const until = addDays(visit.deliveredOn, windowDays);
      const again = sorted
        .slice(i + 1)
        .find((later) => later.deliveredOn <= until && later.concerns.some((c) => visit.concerns.includes(c)));
      result.set(visit.id, again ?? null);
    });
  }
  return result;
}

/**
 * 一次修复率: the share of repair visits delivered in the period whose concerns did not bring the car
 * back within 30 days. A visit whose window has not closed by `today` is not counted yet (it may still
 * come back). Visits with no concern (maintenance only) are not repairs.
 */
export function firstTimeFixRate(
  visits: readonly RepairVisit[],
  period: { from: string; to: string },
  today: string,
  windowDays = FIX_WINDOW_DAYS,
) {
  const returns = comebacks(
    visits.filter((v) => v.concerns.length > 0),
    windowDays,
  );
  const judged = visits.filter(
    (v) =>
      v.concerns.length > 0 &&
      v.deliveredOn >= period.from &&
      v.deliveredOn <= period.to &&
      (addDays(v.deliveredOn, windowDays) < today || returns.get(v.id)),
  );
  const fixed = judged.filter((v) => !returns.get(v.id)).length;
  return { judged: judged.length, fixed, rate: share(fixed, judged.length) };
}

/**
 * 返修率: the share of repair visits delivered in the period that came back for a concern repaired on
 * the same vehicle in the 30 days before (a comeback).
 */
export function repeatRepairRate(visits: readonly RepairVisit[], period: { from: string; to: string }, windowDays = FIX_WINDOW_DAYS) {
  const repairs = visits.filter((v) => v.concerns.length > 0);
  const returns = comebacks(repairs, windowDays);
  const comebackIds = new Set([...returns.values()].filter((v): v is RepairVisit => v !== null).map((v) => v.id));
  const inPeriod = repairs.filter((v) => v.deliveredOn >= period.from && v.deliveredOn <= period.to);
  const repeats = inPeriod.filter((v) => comebackIds.has(v.id)).length;
  return { repairs: inPeriod.length, repeats, rate: share(repeats, inPeriod.length) };
}

/**
 * 客户保持率: vehicles that visited in the 12 months to `today` ÷ the active base (vehicles delivered
 * or seen in the last 24 months). A vehicle sold in the last year and not yet due counts as retained
 * only once it has visited.
 */
export function retentionRate(vehicles: readonly { deliveredOn: string | null; lastVisitOn: string | null }[], today: string) {
  const monthsAgo = (months: number) => {
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    const total = y * 12 + (m - 1) - months;
    const month = String((total % 12) + 1).padStart(2, '0');
    const lastDay = new Date(Date.UTC(Math.floor(total / 12), (total % 12) + 1, 0)).getUTCDate();
    return `${Math.floor(total / 12)}-${month}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
  };
  const activeSince = monthsAgo(ACTIVE_BASE_MONTHS);
  const retainedSince = monthsAgo(12);
  const active = vehicles.filter((v) => [v.deliveredOn, v.lastVisitOn].some((day) => day !== null && day > activeSince && day <= today));
  const retained = active.filter((v) => v.lastVisitOn !== null && v.lastVisitOn > retainedSince && v.lastVisitOn <= today).length;
  return { active: active.length, retained, rate: share(retained, active.length) };
}

/** The steps of a visit that the data records (domain §10: spot-checks read from the RO data). */
export const PROCESS_STEPS = ['timelyReception', 'walkaroundSigned', 'promisedTimeOnRo', 'chargesExplained', 'followUpCallMade'] as const;
export type ProcessStep = (typeof PROCESS_STEPS)[number];
export type VisitSteps = Record<ProcessStep, boolean | null>;

/**
 * 流程执行率: the share of visits whose every recorded step met the standard. A step that does not
 * apply yet (`null`: the follow-up call still in its window) is not held against the visit; the
 * per-step shares show where the process breaks.
 */
export function processExecution(visits: readonly VisitSteps[]) {
  const perStep = Object.fromEntries(
    PROCESS_STEPS.map((step) => {
      const applicable = visits.filter((v) => v[step] !== null);
      return [step, share(applicable.filter((v) => v[step] === true).length, applicable.length)];
    }),
  ) as Record<ProcessStep, number | null>;
  const complete = visits.filter((v) => PROCESS_STEPS.every((step) => v[step] !== false)).length;
  return { visits: visits.length, complete, rate: share(complete, visits.length), perStep };
}
