import {
  type AutoCheckCode,
  type Drill,
  type DrillInput,
  formatPlate,
  PROCESS_CHECK_DEFAULT_TARGETS,
  type ProcessChecklist,
  type ProcessChecklistItem,
  type ProcessFigures,
  type ProcessPeriodQuery,
  type ProcessSample,
  type ProcessTargets,
  type SpotCheck,
  type SpotCheckSubmit,
  type VisitCheck,
} from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { addDays, localDate } from '../../platform/dealer-time.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId, newIdAt } from '../../platform/ids.js';
import { dealerScopeOf, requireDealer, type Scope, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { createProcessChecksRepository, type VisitRecordRow } from './process-checks.repository.js';
import {
  checklistProblem,
  drillPassFigures,
  effectiveChecklist,
  executionFigures,
  judgeSubmission,
  judgeVisit,
  proposeSample,
  rate,
  type VisitRecord,
} from './process-checks.rules.js';

type Deps = { db: Database; clock: Clock };

/** A coaching task is due within three days of the spot-check that found the failure. */
const COACHING_DUE_MS = 3 * 86_400_000;

const recordOf = (r: VisitRecordRow): VisitRecord => ({
  arrivedAt: r.arrived_at,
  greetedAt: r.greeted_at,
  timelyMinutes: r.timely_minutes,
  inspection: r.covers_applied === null ? null : { coversApplied: r.covers_applied, signed: r.walkaround_signed === true },
  ro: r.ro_id
    ? {
        promisedAt: r.promised_at,
        delivered: r.delivered === true,
        delivery: r.delivery_checklist
          ? { workExplained: r.delivery_checklist.workExplained === true, oldPartsShown: r.delivery_checklist.oldPartsShown === true }
          : null,
        nextDueGiven: r.next_due_given === true,
      }
    : null,
  followUp: r.call_status && r.call_due_until ? { status: r.call_status, dueUntil: r.call_due_until, closedOn: r.call_closed_on } : null,
});

/** An item's place on the dealer's checklist (an item since taken off it: last). */
const rank = (list: readonly ProcessChecklistItem[], code: string) => {
  const i = list.findIndex((item) => item.code === code);
  return i < 0 ? list.length : i;
};

const autoCodes = (list: readonly ProcessChecklistItem[]) =>
  list.filter((i) => i.kind === 'auto' && i.active).map((i) => i.code as AutoCheckCode);

/** Process spot-checks (流程点检, domain.md §10): the dealer's standard, the automatic judgement, the sample, checks and drills. */
export function createProcessChecksService({ db, clock }: Deps) {
  /** The period of a query in the actor's days: [from, until); by default the last 30 days to today. */
  function periodOf(actor: Actor, query: ProcessPeriodQuery) {
    const today = localDate(clock.now(), actor.timeZone);
    const from = query.from ?? addDays(today, -29);
    const to = query.to ?? today;
    if (to < from) throw AppError.field('validation_failed', 'to', 'before_from', 'the period ends before it starts');
    if (addDays(from, 366) < to) throw AppError.field('validation_failed', 'to', 'too_long', 'at most a year at a time');
    return { from, to, until: addDays(to, 1), today };
  }

  const narrowing = (query: { dealerId?: string }) => (query.dealerId ? { dealerIds: [query.dealerId] } : {});

  async function checklistsOf(repo: ReturnType<typeof createProcessChecksRepository>, scope: Scope) {
    const saved = await repo.checklists(scope);
    return (dealerId: string) => effectiveChecklist(saved.get(dealerId) ?? []);
  }

  function visitCheckOf(row: VisitRecordRow, list: readonly ProcessChecklistItem[], today: string): VisitCheck {
    const judgement = judgeVisit(recordOf(row), autoCodes(list), today);
    return {
      visitId: row.id,
      arrivedAt: row.arrived_at.toISOString(),
      sa: row.sa_id ? { id: row.sa_id, name: row.sa_name ?? '' } : null,
      plate: row.plate_key ? formatPlate(row.plate_key) : '',
      roNumber: row.ro_number,
      items: judgement.items.map((i) => ({ code: i.code, step: list.find((l) => l.code === i.code)!.step, met: i.met })),
      executed: judgement.executed,
      spotCheck: row.spot_check_id ? { id: row.spot_check_id, status: row.spot_check_status!, failedCount: row.failed_count ?? 0 } : null,
    };
  }

  async function checklist(actor: Actor): Promise<ProcessChecklist> {
    authorize(actor, 'process_check.read');
    const scope = dealerScopeOf(actor);
    const of = await checklistsOf(createProcessChecksRepository(db), scope);
    return { items: of(scope.dealerId) };
  }

  async function saveChecklist(actor: Actor, input: ProcessChecklist): Promise<ProcessChecklist> {
    authorize(actor, 'process_check.manage');
    const dealerId = requireDealer(actor);
    const problem = checklistProblem(input.items);
    if (problem) throw AppError.field('validation_failed', problem.field, problem.code, `checklist: ${problem.code}`);
    return inTransaction(db, async (tx) => {
      const repo = createProcessChecksRepository(tx);
      const before = (await repo.checklists(dealerScopeOf(actor))).get(dealerId) ?? [];
      await repo.replaceChecklist(dealerId, input.items, newId);
      await recordAudit(
        tx,
        actor,
        { action: 'process_check.checklist_saved', entityType: 'dealer', entityId: dealerId, before, after: input.items },
        clock.now(),
      );
      return { items: effectiveChecklist(input.items) };
    });
  }

  async function targets(actor: Actor): Promise<ProcessTargets> {
    authorize(actor, 'process_check.read');
    const scope = dealerScopeOf(actor);
    return (await createProcessChecksRepository(db).targets(scope)).get(scope.dealerId) ?? { ...PROCESS_CHECK_DEFAULT_TARGETS };
  }

  async function saveTargets(actor: Actor, input: ProcessTargets): Promise<ProcessTargets> {
    authorize(actor, 'process_check.manage');
    const dealerId = requireDealer(actor);
    return inTransaction(db, async (tx) => {
      await createProcessChecksRepository(tx).saveTargets(dealerId, input, clock.now());
      await recordAudit(
        tx,
        actor,
        { action: 'process_check.targets_saved', entityType: 'dealer', entityId: dealerId, after: input },
        clock.now(),
      );
      return input;
    });
  }

  /** The figures against their targets, one row per dealer of the scope (a dealer: its own row). */
  async function figures(actor: Actor, query: ProcessPeriodQuery): Promise<ProcessFigures> {
    authorize(actor, 'process_check.read');
    const scope = scopeOf(actor, narrowing(query));
    const period = periodOf(actor, query);
    const repo = createProcessChecksRepository(db);
    const [dealers, of, targetsOf, visits, drills] = await Promise.all([
      repo.dealers(scope),
      checklistsOf(repo, scope),
      repo.targets(scope),
      repo.visitsOf(scope, period.from, period.until),
      repo.drillResults(scope, period.from, period.until),
    ]);
    return {
      from: period.from,
      to: period.to,
      items: dealers.map((dealer) => {
        const codes = autoCodes(of(dealer.id));
        const today = localDate(clock.now(), dealer.time_zone);
        const own = visits.filter((v) => v.dealer_id === dealer.id);
        const judged = own.map((v) => judgeVisit(recordOf(v), codes, today));
        const execution = executionFigures(judged, codes);
        const checked = own.filter((v) => v.spot_check_status === 'submitted');
        return {
          dealer: { id: dealer.id, name: dealer.name },
          ...execution,
          perItem: execution.perItem.map((p) => ({ ...p, step: of(dealer.id).find((i) => i.code === p.code)!.step })),
          spotChecked: checked.length,
          coverageRate: rate(checked.length, own.length),
          failedSpotChecks: checked.filter((v) => (v.failed_count ?? 0) > 0).length,
          ...drillPassFigures(drills.filter((d) => d.dealer_id === dealer.id).map((d) => d.result)),
          targets: targetsOf.get(dealer.id) ?? { ...PROCESS_CHECK_DEFAULT_TARGETS },
        };
      }),
    };
  }

  async function visitCheck(actor: Actor, visitId: string): Promise<VisitCheck> {
    authorize(actor, 'process_check.read');
    const scope = scopeOf(actor);
    const repo = createProcessChecksRepository(db);
    const row = await repo.visit(scope, visitId);
    if (!row) throw notFound('visit');
    const of = await checklistsOf(repo, scope);
    return visitCheckOf(row, of(row.dealer_id), localDate(clock.now(), actor.timeZone));
  }

  /** The visits to spot-check so that the period's coverage reaches the dealer's target. */
  async function sample(actor: Actor, query: ProcessPeriodQuery): Promise<ProcessSample> {
    authorize(actor, 'process_check.spot_check');
    const scope = dealerScopeOf(actor);
    const period = periodOf(actor, query);
    const repo = createProcessChecksRepository(db);
    const [visits, of, targetsOf] = await Promise.all([
      repo.visitsOf(scope, period.from, period.until),
      checklistsOf(repo, scope),
      repo.targets(scope),
    ]);
    const list = of(scope.dealerId);
    const target = (targetsOf.get(scope.dealerId) ?? PROCESS_CHECK_DEFAULT_TARGETS).coverageRate;
    const checks = new Map(visits.map((v) => [v.id, visitCheckOf(v, list, period.today)]));
    const proposal = proposeSample(
      visits.map((v) => ({
        visitId: v.id,
        saId: v.sa_id,
        arrivedAt: v.arrived_at,
        checked: v.spot_check_status === 'submitted',
        executed: checks.get(v.id)!.executed,
      })),
      target,
      clock.now(),
    );
    return {
      from: period.from,
      to: period.to,
      visits: proposal.visits,
      checked: proposal.checked,
      needed: proposal.needed,
      target,
      items: proposal.picks.map((p) => checks.get(p.visitId)!),
    };
  }

  async function spotCheckView(tx: Database, actor: Actor, scope: Scope, id: string): Promise<SpotCheck> {
    const repo = createProcessChecksRepository(tx);
    const row = await repo.spotCheck(scope, id);
    if (!row) throw notFound('spot-check');
    const visit = (await repo.visit(scope, row.visit_id))!;
    const list = (await checklistsOf(repo, scope))(row.dealer_id);
    const results = row.status === 'submitted' ? await repo.results(row.dealer_id, row.id) : [];
    const items =
      row.status === 'submitted'
        ? results
            .map((r) => ({ code: r.item_code, step: r.step, label: r.label, result: r.result, note: r.note, photoKey: r.photo_key }))
            .sort((a, b) => rank(list, a.code) - rank(list, b.code))
        : list
            .filter((i) => i.kind === 'manual' && i.active)
            .map((i) => ({ code: i.code, step: i.step, label: i.label, result: null, note: null, photoKey: null }));
    return {
      id: row.id,
      visit: visitCheckOf(visit, list, localDate(clock.now(), actor.timeZone)),
      checker: { id: row.checker_id, name: row.checker_name },
      status: row.status,
      submittedAt: row.submitted_at?.toISOString() ?? null,
      items,
      failedCount: row.failed_count,
      coachingTask:
        row.task_id && row.assignee_id ? { id: row.task_id, assignee: { id: row.assignee_id, name: row.assignee_name! } } : null,
    };
  }

  /** Open the spot-check of a visit (the one already open, when there is one). */
  async function startSpotCheck(actor: Actor, visitId: string): Promise<SpotCheck> {
    authorize(actor, 'process_check.spot_check');
    const scope = dealerScopeOf(actor);
    return inTransaction(db, async (tx) => {
      const repo = createProcessChecksRepository(tx);
      const visit = await repo.visit(scope, visitId);
      if (!visit) throw notFound('visit');
      const now = clock.now();
      const id = newIdAt(now);
      const created = await repo.insertSpotCheck({
        dealer_id: scope.dealerId,
        id,
        visit_id: visitId,
        sa_id: visit.sa_id,
        checker_id: actor.userId,
        created_at: now,
      });
      if (created)
        await recordAudit(tx, actor, { action: 'spot_check.started', entityType: 'spot_check', entityId: id, after: { visitId } }, now);
      return spotCheckView(tx, actor, scope, created ? id : visit.spot_check_id!);
    });
  }

  async function spotCheck(actor: Actor, id: string): Promise<SpotCheck> {
    authorize(actor, 'process_check.read');
    return spotCheckView(db, actor, scopeOf(actor), id);
  }

  /**
   * Submit a spot-check: every active manual item judged; a failed item becomes one coaching task for
   * the advisor's supervisor, in the same transaction.
   */
  async function submitSpotCheck(actor: Actor, id: string, input: SpotCheckSubmit): Promise<SpotCheck> {
    authorize(actor, 'process_check.spot_check');
    const scope = dealerScopeOf(actor);
    const foreign = input.results.findIndex((r) => r.photoKey && !r.photoKey.startsWith(`${scope.dealerId}/`));
    if (foreign >= 0) throw AppError.field('validation_failed', `results.${foreign}.photoKey`, 'unknown_file', 'upload the photo first');
    return inTransaction(db, async (tx) => {
      const repo = createProcessChecksRepository(tx);
      const check = await repo.lockSpotCheck(scope.dealerId, id);
      if (!check) throw notFound('spot-check');
      if (check.status !== 'draft') throw new AppError('invalid_transition', { detail: 'this spot-check was submitted already' });
      const items = (await checklistsOf(repo, scope))(scope.dealerId).filter((i) => i.kind === 'manual' && i.active);
      const judged = judgeSubmission(items, input.results);
      if ('problem' in judged)
        throw AppError.field('validation_failed', judged.problem.field, judged.problem.code, `spot-check: ${judged.problem.code}`);
      const now = clock.now();
      await repo.submit(
        scope.dealerId,
        id,
        input.results.map((r) => {
          const item = items.find((i) => i.code === r.code)!;
          return { code: r.code, step: item.step, label: item.label, result: r.result, note: r.note ?? null, photoKey: r.photoKey ?? null };
        }),
        judged.failed.length,
        now,
      );
      let taskId: string | null = null;
      if (judged.failed.length > 0) {
        const supervisor = await repo.supervisor(scope.dealerId, check.sa_id);
        if (supervisor) {
          taskId = newIdAt(now);
          await repo.insertCoachingTask({
            dealer_id: scope.dealerId,
            id: taskId,
            assignee_user_id: supervisor.id,
            spot_check_id: id,
            due_at: new Date(now.getTime() + COACHING_DUE_MS),
            created_at: now,
          });
        }
      }
      await recordAudit(
        tx,
        actor,
        {
          action: 'spot_check.submitted',
          entityType: 'spot_check',
          entityId: id,
          after: { results: input.results, coachingTaskId: taskId },
        },
        now,
      );
      return spotCheckView(tx, actor, scope, id);
    });
  }

  async function recordDrill(actor: Actor, input: DrillInput): Promise<Drill> {
    authorize(actor, 'process_check.drill');
    const scope = dealerScopeOf(actor);
    const ids = input.participants.map((p) => p.userId);
    const dup = ids.findIndex((u, i) => ids.indexOf(u) !== i);
    if (dup >= 0) throw AppError.field('validation_failed', `participants.${dup}.userId`, 'duplicate', 'a participant is named twice');
    return inTransaction(db, async (tx) => {
      const repo = createProcessChecksRepository(tx);
      const users = await repo.usersOf(scope.dealerId, ids);
      const unknown = ids.findIndex((u) => !users.some((x) => x.id === u));
      if (unknown >= 0)
        throw AppError.field('validation_failed', `participants.${unknown}.userId`, 'unknown_user', 'not a member of this dealer');
      const now = clock.now();
      const id = newIdAt(now);
      await repo.insertDrill(
        {
          dealer_id: scope.dealerId,
          id,
          kind: input.kind,
          title: input.title,
          held_on: input.heldOn,
          recorded_by: actor.userId,
          created_at: now,
        },
        input.participants,
      );
      await recordAudit(tx, actor, { action: 'drill.recorded', entityType: 'drill', entityId: id, after: input }, now);
      const [drill] = await repo.drills(scope, input.heldOn, addDays(input.heldOn, 1)).then((all) => all.filter((d) => d.id === id));
      return presentDrill(drill!);
    });
  }

  async function drills(actor: Actor, query: ProcessPeriodQuery): Promise<{ items: Drill[] }> {
    authorize(actor, 'process_check.read');
    const scope = scopeOf(actor, narrowing(query));
    const period = periodOf(actor, query);
    const rows = await createProcessChecksRepository(db).drills(scope, period.from, period.until);
    return { items: rows.map(presentDrill) };
  }

  return {
    checklist,
    saveChecklist,
    targets,
    saveTargets,
    figures,
    visitCheck,
    sample,
    startSpotCheck,
    spotCheck,
    submitSpotCheck,
    recordDrill,
    drills,
  };
}

type DrillRow = Awaited<ReturnType<ReturnType<typeof createProcessChecksRepository>['drills']>>[number];

function presentDrill(d: DrillRow): Drill {
  return {
    id: d.id,
    dealer: { id: d.dealer_id, name: d.dealer_name },
    kind: d.kind,
    title: d.title,
    heldOn: d.held_on,
    participants: d.participants.map((p) => ({ user: { id: p.user_id, name: p.display_name }, result: p.result })),
  };
}

export type ProcessChecksService = ReturnType<typeof createProcessChecksService>;
