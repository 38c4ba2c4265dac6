import type {
  ClaimAction,
  ClaimKind,
  ClaimStatus,
  PartsReturnStatus,
  SanbaoFlag,
  SanbaoSettings,
  TermCoverage,
  UseType,
  WarrantyExclusion,
  WarrantyFindings,
  WarrantyTerms,
} from '@servicebay/contracts';
import { normalizeVin, vinProblem } from '@servicebay/contracts';
import { addDays } from '../../platform/dealer-time.js';
import { addMonths } from '../repair-orders/repair-orders.rules.js';

// Warranty eligibility and the claim's life (domain.md §8), without I/O: `today` is passed in.

export type PolicyVersion = { id: string; model_year: number | null; version: number; effective_from: string; terms: WarrantyTerms };

/**
 * The policy a vehicle is judged by: the one in force on its sale day. A model year's own policy
 * wins over the model's general one; of those, the latest version effective on the sale day.
 */
export function policyInForce(policies: readonly PolicyVersion[], modelYear: number | null, soldOn: string): PolicyVersion | null {
  const inForce = (p: PolicyVersion) => p.effective_from <= soldOn;
  const latest = (list: PolicyVersion[]) =>
    list.sort((a, b) => b.effective_from.localeCompare(a.effective_from) || b.version - a.version)[0] ?? null;
  const own = modelYear === null ? [] : policies.filter((p) => p.model_year === modelYear && inForce(p));
  return latest(own) ?? latest(policies.filter((p) => p.model_year === null && inForce(p)));
}

/** The whole-vehicle term for a use at sale; a use the policy does not name falls back to private use. */
export function vehicleTermFor(terms: WarrantyTerms, useTypeAtSale: UseType) {
  return terms.vehicle.find((v) => v.useType === useTypeAtSale) ?? terms.vehicle.find((v) => v.useType === 'private') ?? terms.vehicle[0]!;
}

type CoverageInput = {
  terms: WarrantyTerms;
  soldOn: string;
  /** A change of use keeps the period of the use at sale. */
  useTypeAtSale: UseType;
  /** The latest odometer reading, when there is one. */
  km: number | null;
  today: string;
  /** A free first maintenance has already been claimed for the car. */
  firstMaintenanceUsed: boolean;
};

function term(
  name: string,
  kind: TermCoverage['kind'],
  label: string | null,
  months: number,
  km: number | null,
  input: CoverageInput,
): TermCoverage {
  // The last covered day is the day before the anniversary: 24 months from 2024-03-15 end on 2026-03-14.
  const endsOn = addDays(addMonths(input.soldOn, months), -1);
  const endedBy = input.today > endsOn ? 'time' : km !== null && input.km !== null && input.km > km ? 'distance' : null;
  return { term: name, kind, name: label, months, km, endsOn, endsKm: km, active: endedBy === null, endedBy };
}

/** Every term of the policy as it stands today for this car: its end date and km, or what ended it. */
export function coverageOf(input: CoverageInput): TermCoverage[] {
  const { terms } = input;
  const whole = vehicleTermFor(terms, input.useTypeAtSale);
  const list = [term('vehicle', 'vehicle', null, whole.months, whole.km, input)];
  for (const c of terms.components) list.push(term(`component:${c.code}`, 'component', c.name, c.months, c.km, input));
  if (terms.firstMaintenance) {
    const first = term(
      'free_first_maintenance',
      'free_first_maintenance',
      null,
      terms.firstMaintenance.months,
      terms.firstMaintenance.km,
      input,
    );
    list.push(input.firstMaintenanceUsed ? { ...first, active: false, endedBy: first.endedBy ?? 'used' } : first);
  }
  // Parts fitted at a dealer are judged per part from their fitting day; the list shows the rule.
  list.push({
    term: 'fitted_parts',
    kind: 'fitted_parts',
    name: null,
    months: terms.fittedPartsMonths,
    km: null,
    endsOn: null,
    endsKm: null,
    active: true,
    endedBy: null,
  });
  return list;
}

/** How late a service may be, past the model's interval, and still count as on schedule. */
export const SCHEDULE_GRACE = { days: 30, km: 1000 } as const;

type ScheduleInput = {
  soldOn: string;
  intervalMonths: number;
  intervalKm: number;
  /** Services at authorised dealers: the odometer readings taken at a dealer's service visit. */
  services: readonly { readOn: string; km: number }[];
  /** The car's odometer today (at this repair), when known. */
  km: number | null;
  today: string;
};

/**
 * Whether the car was serviced on schedule since its sale: no gap between services (from the sale,
 * up to today) longer than the model's interval in months or km, plus the grace. The first day a
 * service was overdue, when one was.
 */
export function serviceSchedule(input: ScheduleInput): { onSchedule: boolean; overdueSince: string | null } {
  const visits = [...input.services].filter((s) => s.readOn >= input.soldOn).sort((a, b) => a.readOn.localeCompare(b.readOn));
  let last = { on: input.soldOn, km: 0 };
  const stops = [...visits.map((v) => ({ on: v.readOn, km: v.km, done: true })), { on: input.today, km: input.km, done: false }];
  for (const stop of stops) {
    const dueOn = addDays(addMonths(last.on, input.intervalMonths), SCHEDULE_GRACE.days);
    if (stop.on > dueOn) return { onSchedule: false, overdueSince: addDays(dueOn, 1) };
    // A service done at a km past the interval is late; today's reading only counts once it is past too.
    if (stop.km !== null && stop.km > last.km + input.intervalKm + SCHEDULE_GRACE.km) return { onSchedule: false, overdueSince: stop.on };
    if (stop.done) last = { on: stop.on, km: stop.km ?? last.km };
  }
  return { onSchedule: true, overdueSince: null };
}

type EligibilityInput = {
  /** The car's terms today, or why there are none. */
  coverage: TermCoverage[] | { unknownBecause: 'no_policy' | 'not_delivered' };
  /** `vehicle`, `component:<code>`, `fitted_parts`, `free_first_maintenance`. */
  term: string;
  onSchedule: boolean;
  findings: WarrantyFindings;
  /** For `fitted_parts`: the day the part was fitted at a dealer of the network, or null if it was not. */
  fittedOn?: string | null;
  fittedPartsMonths?: number;
  today: string;
};

/** The exclusions the clerk's findings name, in the order the domain lists them. */
const FINDING_EXCLUSIONS: [keyof WarrantyFindings, WarrantyExclusion][] = [
  ['nonAuthorisedRepair', 'non_authorised_repair'],
  ['unapprovedParts', 'unapproved_parts'],
  ['misuse', 'misuse'],
  ['accident', 'accident'],
];

/**
 * Whether this repair is covered by this term, and if not, the exclusion that ends it. Expiry comes
 * first (nothing else matters then), then the maintenance schedule (not for the first maintenance
 * itself, which is the schedule's start), then what was found on the car.
 */
export function judgeEligibility(input: EligibilityInput): { eligible: boolean; exclusion: WarrantyExclusion | null } {
  const no = (exclusion: WarrantyExclusion) => ({ eligible: false, exclusion });
  if (!Array.isArray(input.coverage)) return no(input.coverage.unknownBecause);
  if (input.term === 'fitted_parts') {
    if (!input.fittedOn) return no('not_fitted_here');
    const endsOn = addDays(addMonths(input.fittedOn, input.fittedPartsMonths ?? 12), -1);
    if (input.today > endsOn) return no('expired');
  } else {
    const covered = input.coverage.find((t) => t.term === input.term);
    if (!covered || !covered.active) return no('expired');
  }
  if (input.term !== 'free_first_maintenance' && !input.onSchedule) return no('not_serviced_on_schedule');
  for (const [finding, exclusion] of FINDING_EXCLUSIONS) if (input.findings[finding]) return no(exclusion);
  return { eligible: true, exclusion: null };
}

/** The claim kind a check's term leads to. */
export const claimKindOfTerm = (term: string): ClaimKind => (term === 'free_first_maintenance' ? 'free_first_maintenance' : 'warranty');

/** The statuses each action of the claim may start from; the parts' steps also need the return's own status. */
export const CLAIM_STEPS: Record<ClaimAction, readonly ClaimStatus[]> = {
  // A rejected claim may be corrected and submitted again (the dealer's appeal); the car maker decides it anew.
  update: ['draft', 'returned', 'rejected'],
  submit: ['draft', 'returned', 'rejected'],
  approve: ['submitted'],
  reject: ['submitted'],
  return: ['submitted'],
  shipParts: ['approved'],
  receiveParts: ['approved'],
};

const RETURN_STEP: Partial<Record<ClaimAction, PartsReturnStatus>> = { shipParts: 'requested', receiveParts: 'shipped' };

export const claimStepAllowed = (action: ClaimAction, claim: { status: ClaimStatus; return_status: PartsReturnStatus | null }) =>
  CLAIM_STEPS[action].includes(claim.status) && (RETURN_STEP[action] === undefined || RETURN_STEP[action] === claim.return_status);

/** The car maker's window after the repair, in days: a claim submitted after it is late. */
export const submitByOf = (repairedAt: Date, windowDays: number) => new Date(repairedAt.getTime() + windowDays * 86_400_000);

export type PricedLine = {
  kind: 'labour' | 'parts' | 'sublet';
  hours?: number | null;
  rateFen?: number | null;
  quantity?: number | null;
  unitPriceFen?: number | null;
  amountFen?: number | null;
};

/** A claim line's amount in fen: labour at the car maker's rate, parts at its price, sublet as invoiced. */
export function claimLineAmount(line: PricedLine): number {
  if (line.kind === 'labour') return Math.round((line.hours ?? 0) * (line.rateFen ?? 0));
  if (line.kind === 'parts') return Math.round((line.quantity ?? 0) * (line.unitPriceFen ?? 0));
  return line.amountFen ?? 0;
}

/** What the car maker pays for the lines: each line's approved amount, or its claimed amount. */
export const approvedTotal = (lines: readonly { amountFen: number; approvedFen: number | null }[]) =>
  lines.reduce((sum, l) => sum + (l.approvedFen ?? l.amountFen), 0);

/** A share, or null when there is nothing to share out. */
export const rateOf = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Rows by approved amount, most first (then by claims, then key), each with its share and the running share (a Pareto chart). */
export function paretoOf<T extends { key: string; claims: number; approvedFen: number }>(rows: T[]) {
  const sorted = [...rows].sort((a, b) => b.approvedFen - a.approvedFen || b.claims - a.claims || a.key.localeCompare(b.key));
  const total = sorted.reduce((s, r) => s + r.approvedFen, 0);
  let running = 0;
  return sorted.map((r) => {
    running += r.approvedFen;
    return { ...r, share: total > 0 ? r.approvedFen / total : 0, cumulativeShare: total > 0 ? running / total : 0 };
  });
}

/**
 * An imported list of VINs: each normalised and checked (length, characters, check digit); the bad
 * rows named by their index, repeated VINs kept once.
 */
export function readVinList(rows: readonly string[]): { vins: string[]; bad: { index: number; code: string }[] } {
  const vins = new Set<string>();
  const bad: { index: number; code: string }[] = [];
  rows.forEach((row, index) => {
    const problem = vinProblem(row);
    if (problem) bad.push({ index, code: problem });
    else vins.add(normalizeVin(row));
  });
  return { vins: [...vins], bad };
}

/** A campaign's cars and completions per dealer added up by the dealers' region, the largest first. */
export function completionByRegion(dealers: readonly { region: string | null; vehicles: number; completed: number }[]) {
  const byRegion = new Map<string | null, { region: string | null; vehicles: number; completed: number }>();
  for (const d of dealers) {
    const row = byRegion.get(d.region) ?? { region: d.region, vehicles: 0, completed: 0 };
    row.vehicles += d.vehicles;
    row.completed += d.completed;
    byRegion.set(d.region, row);
  }
  return [...byRegion.values()].sort((a, b) => b.vehicles - a.vehicles || (a.region ?? '').localeCompare(b.region ?? ''));
}

/** Counts per period in order, each with the running total. */
export function cumulativeOf<T extends { completed: number }>(rows: readonly T[]): (T & { cumulative: number })[] {
  let total = 0;
  return rows.map((r) => {
    total += r.completed;
    return { ...r, cumulative: total };
  });
}

/** A campaign is open from its first day to its last (none: until it is closed). */
export const campaignOpen = (c: { valid_from: string; valid_to: string | null }, today: string) =>
  c.valid_from <= today && (c.valid_to === null || today <= c.valid_to);

/** The national rules' values (三包 regulation on household cars), the network's until it sets its own. */
export const SANBAO_DEFAULTS: SanbaoSettings = {
  periodMonths: 24,
  periodKm: 50_000,
  repairDaysLimit: 35,
  sameDefectLimit: 5,
  majorPartLimit: 2,
  earlyDays: 60,
  earlyKm: 3_000,
  warnAtShare: 0.8,
};

type SanbaoInput = {
  soldOn: string;
  today: string;
  /** The latest odometer reading. */
  km: number | null;
  settings: SanbaoSettings;
  /** Warranty repairs: the day the car came in and the day it was done (null: still in). */
  repairs: readonly { arrivedOn: string; doneOn: string | null }[];
  /**
   * Warranty claims not rejected: the causal part, the term (a component term is a major part), the
   * day the car came in, the day and km of the repair.
   */
  claims: readonly { part: string; term: string; arrivedOn: string; repairedOn: string; km: number | null }[];
};

/**
 * A car against the 三包 thresholds: what happened within its period (the period's end by time or
 * distance), counted as the regulation counts it — days under repair (each calendar day once), repairs
 * of the same defect, repairs of a major part, a major part failing early or within 24 hours of
 * delivery (the car brought in on its delivery day or the next: the delivery is known by its day only)
 * — each flagged near (at the warning share of its limit) or reached.
 */
export function sanbaoStanding(input: SanbaoInput) {
  const { settings: s } = input;
  const endsOn = addDays(addMonths(input.soldOn, s.periodMonths), -1);
  const inPeriod = input.today <= endsOn && (input.km === null || input.km <= s.periodKm);
  const within = (day: string) => day >= input.soldOn && day <= endsOn;
  const days = new Set<string>();
  for (const r of input.repairs) {
    if (!within(r.arrivedOn)) continue;
    const last = [r.doneOn ?? input.today, endsOn, input.today].sort()[0]!;
    for (let day = r.arrivedOn; day <= last; day = addDays(day, 1)) days.add(day);
  }
  const claims = input.claims.filter((c) => within(c.repairedOn) && (c.km === null || c.km <= s.periodKm));
  const byPart = new Map<string, number>();
  for (const c of claims) byPart.set(c.part, (byPart.get(c.part) ?? 0) + 1);
  const [part, count] = [...byPart].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [null, 0];
  const major = claims.filter((c) => c.term.startsWith('component:'));
  const early = major.some((c) => c.repairedOn <= addDays(input.soldOn, s.earlyDays) && (c.km === null || c.km <= s.earlyKm));
  const atDelivery = major.some((c) => c.arrivedOn <= addDays(input.soldOn, 1));
  const flags: SanbaoFlag[] = [];
  const flag = (threshold: SanbaoFlag['threshold'], value: number, limit: number) => {
    if (value >= limit) flags.push({ threshold, value, limit, level: 'reached' });
    else if (value > 0 && value >= Math.ceil(limit * s.warnAtShare)) flags.push({ threshold, value, limit, level: 'near' });
  };
  flag('repair_days', days.size, s.repairDaysLimit);
  flag('same_defect', count, s.sameDefectLimit);
  flag('major_part', major.length, s.majorPartLimit);
  if (early) flags.push({ threshold: 'early_major_failure', value: 1, limit: 1, level: 'reached' });
  if (atDelivery) flags.push({ threshold: 'failure_at_delivery', value: 1, limit: 1, level: 'reached' });
  return {
    inPeriod,
    periodEndsOn: endsOn,
    periodEndsKm: s.periodKm,
    repairDays: days.size,
    sameDefect: { part, count },
    majorPartRepairs: major.length,
    earlyMajorFailure: early,
    failureAtDelivery: atDelivery,
    flags,
  };
}
