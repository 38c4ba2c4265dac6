import {
  AUTO_CHECK_ITEMS,
  type AutoCheckCode,
  type CheckResult,
  DEFAULT_MANUAL_CHECK_ITEMS,
  PROCESS_CHECK_STEPS,
  type ProcessChecklistItem,
} from '@servicebay/contracts';

// Process spot-checks (流程点检, domain.md §10) as pure rules: the standard checklist, the judgement of
// a visit's automatic items from what was recorded, the figures against their targets, and the sample
// of visits that brings the spot-check coverage to its target.

/** The standard checklist a dealer starts from: every automatic item, then the standard's manual ones. */
export const DEFAULT_CHECKLIST: readonly ProcessChecklistItem[] = [
  ...AUTO_CHECK_ITEMS.map((i) => ({ step: i.step, code: i.code, kind: 'auto' as const, label: null, active: true })),
  ...DEFAULT_MANUAL_CHECK_ITEMS.map((i) => ({ step: i.step, code: i.code, kind: 'manual' as const, label: null, active: true })),
];

const stepOrder = (item: { step: string }) => PROCESS_CHECK_STEPS.indexOf(item.step as never);

/** A dealer's checklist: its own when it saved one, else the standard. */
export function effectiveChecklist(saved: readonly ProcessChecklistItem[]): ProcessChecklistItem[] {
  const list = saved.length > 0 ? [...saved] : [...DEFAULT_CHECKLIST];
  return list
    .map((item, i) => ({ item, i }))
    .sort((a, b) => stepOrder(a.item) - stepOrder(b.item) || a.i - b.i)
    .map((x) => x.item);
}

export type ChecklistProblem = { field: string; code: string };

/**
 * What is wrong with a checklist a dealer saves (the first problem, named by its field): an automatic
 * item must be one the system can judge, at its own step and without a text of its own; codes are
 * unique; a manual item that is not the standard's needs the dealer's text.
 */
export function checklistProblem(items: readonly ProcessChecklistItem[]): ChecklistProblem | null {
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (seen.has(item.code)) return { field: `items.${i}.code`, code: 'duplicate' };
    seen.add(item.code);
    if (item.kind === 'auto') {
      const known = AUTO_CHECK_ITEMS.find((a) => a.code === item.code);
      if (!known) return { field: `items.${i}.code`, code: 'not_judgeable' };
      if (known.step !== item.step) return { field: `items.${i}.step`, code: 'wrong_step' };
      if (item.label !== null) return { field: `items.${i}.label`, code: 'not_allowed' };
    } else {
      if ((AUTO_CHECK_ITEMS as readonly { code: string }[]).some((a) => a.code === item.code))
        return { field: `items.${i}.kind`, code: 'is_automatic' };
      const standard = DEFAULT_MANUAL_CHECK_ITEMS.some((m) => m.code === item.code);
      if (!standard && item.label === null) return { field: `items.${i}.label`, code: 'required' };
    }
  }
  return null;
}

/** What a visit recorded, as the automatic items read it. Days are the dealer's (YYYY-MM-DD). */
export type VisitRecord = {
  arrivedAt: Date;
  greetedAt: Date;
  /** The dealer's "timely" reception, in minutes from arrival to greeting (dealer_settings). */
  timelyMinutes: number;
  inspection: { coversApplied: boolean; signed: boolean } | null;
  ro: {
    promisedAt: Date | null;
    delivered: boolean;
    /** The delivery checklist the advisor ticked (null when none was recorded). */
    delivery: { workExplained: boolean; oldPartsShown: boolean } | null;
    nextDueGiven: boolean;
  } | null;
  /** The post-service call of the visit's order. */
  followUp: { status: 'open' | 'done' | 'unreachable' | 'cancelled'; dueUntil: string; closedOn: string | null } | null;
};

/**
 * One automatic item of a visit: true met, false missed, null when it does not apply (yet) — no order,
 * not delivered, the follow-up call still in its window.
 */
export function judgeItem(code: AutoCheckCode, visit: VisitRecord, today: string): boolean | null {
  const ro = visit.ro;
  switch (code) {
    case 'timely_reception':
      return visit.greetedAt.getTime() - visit.arrivedAt.getTime() <= visit.timelyMinutes * 60_000;
    case 'covers_used':
      return visit.inspection?.coversApplied ?? false;
    case 'walkaround_signed':
      return visit.inspection?.signed ?? false;
    case 'promised_time_on_ro':
      return ro ? ro.promisedAt !== null : null;
    case 'charges_explained':
      return ro?.delivered ? (ro.delivery?.workExplained ?? false) : null;
    case 'old_parts_shown':
      return ro?.delivered ? (ro.delivery?.oldPartsShown ?? false) : null;
    case 'next_due_given':
      return ro?.delivered ? ro.nextDueGiven : null;
    case 'follow_up_call_in_window': {
      const call = visit.followUp;
      if (!ro?.delivered || !call || call.status === 'cancelled') return null;
      if ((call.status === 'done' || call.status === 'unreachable') && call.closedOn !== null) return call.closedOn <= call.dueUntil;
      return today > call.dueUntil ? false : null;
    }
  }
}

export type VisitJudgement = { items: { code: AutoCheckCode; met: boolean | null }[]; executed: boolean };

/** The visit against the dealer's active automatic items: executed when none of them was missed. */
export function judgeVisit(visit: VisitRecord, activeAutoCodes: readonly AutoCheckCode[], today: string): VisitJudgement {
  const items = activeAutoCodes.map((code) => ({ code, met: judgeItem(code, visit, today) }));
  return { items, executed: items.every((i) => i.met !== false) };
}

/** part ÷ whole to four decimals; null without a whole. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** 流程执行率 and each item's share among the visits it applies to. */
export function executionFigures(judged: readonly VisitJudgement[], codes: readonly AutoCheckCode[]) {
  const executed = judged.filter((j) => j.executed).length;
  const perItem = codes.map((code) => {
    const applicable = judged.map((j) => j.items.find((i) => i.code === code)?.met ?? null).filter((m) => m !== null);
    const passed = applicable.filter((m) => m === true).length;
    return { code, applicable: applicable.length, passed, rate: rate(passed, applicable.length) };
  });
  return { visits: judged.length, executed, executionRate: rate(executed, judged.length), perItem };
}

/** 演练通过率: passed participations ÷ participations. */
export function drillPassFigures(results: readonly ('pass' | 'fail')[]) {
  const passed = results.filter((r) => r === 'pass').length;
  return { drillParticipants: results.length, drillPassed: passed, drillPassRate: rate(passed, results.length) };
}

/** Spot-checks still needed for `checked` of `visits` to reach the coverage target. */
export function spotChecksNeeded(visits: number, checked: number, target: number): number {
  // Rounded to six decimals first so that 0.5 × 10 is 5, not 5.000000001.
  return Math.max(0, Math.ceil(Math.round(visits * target * 1e6) / 1e6) - checked);
}

export type SampleCandidate = { visitId: string; saId: string | null; arrivedAt: Date; checked: boolean; executed: boolean };

/**
 * The visits to spot-check so that coverage reaches its target: of the visits not yet checked and
 * arrived before `now`, taken advisor by advisor (the one checked least so far first, so every advisor
 * is seen), each advisor's visits with a missed automatic item first and then the most recent.
 * Deterministic: ties fall to the advisor's id and the visit's id.
 */
export function proposeSample(candidates: readonly SampleCandidate[], target: number, now: Date) {
  const arrived = candidates.filter((c) => c.arrivedAt.getTime() <= now.getTime());
  const checked = arrived.filter((c) => c.checked).length;
  const needed = spotChecksNeeded(arrived.length, checked, target);
  const counts = new Map<string, number>();
  const queues = new Map<string, SampleCandidate[]>();
  for (const c of arrived) {
    const sa = c.saId ?? '';
    counts.set(sa, (counts.get(sa) ?? 0) + (c.checked ? 1 : 0));
    if (!c.checked) queues.set(sa, [...(queues.get(sa) ?? []), c]);
  }
  for (const queue of queues.values())
    queue.sort(
      (a, b) =>
        Number(a.executed) - Number(b.executed) ||
        b.arrivedAt.getTime() - a.arrivedAt.getTime() ||
        (a.visitId < b.visitId ? -1 : a.visitId > b.visitId ? 1 : 0),
    );
  const picks: SampleCandidate[] = [];
  while (picks.length < needed) {
    const open = [...queues.entries()].filter(([, q]) => q.length > 0);
    if (open.length === 0) break;
    open.sort(([a], [b]) => counts.get(a)! - counts.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
    const [sa, queue] = open[0]!;
    picks.push(queue.shift()!);
    counts.set(sa, counts.get(sa)! + 1);
  }
  return { visits: arrived.length, checked, needed, picks };
}

export type SubmissionProblem = { field: string; code: string };

/**
 * A spot-check's results against the manual items it checks: every item judged once, nothing else;
 * a failed item needs a note saying what was seen. Returns the first problem, or the failed items.
 */
export function judgeSubmission(
  items: readonly { code: string }[],
  results: readonly { code: string; result: CheckResult; note?: string | null }[],
): { problem: SubmissionProblem } | { failed: string[] } {
  const codes = new Set(items.map((i) => i.code));
  const seen = new Set<string>();
  for (const [i, r] of results.entries()) {
    if (!codes.has(r.code)) return { problem: { field: `results.${i}.code`, code: 'not_on_checklist' } };
    if (seen.has(r.code)) return { problem: { field: `results.${i}.code`, code: 'duplicate' } };
    seen.add(r.code);
    if (r.result === 'fail' && !r.note) return { problem: { field: `results.${i}.note`, code: 'required' } };
  }
  const missing = items.findIndex((i) => !seen.has(i.code));
  if (missing >= 0) return { problem: { field: 'results', code: 'incomplete' } };
  return { failed: results.filter((r) => r.result === 'fail').map((r) => r.code) };
}
