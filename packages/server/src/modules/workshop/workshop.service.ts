import {
  type BoardEntry,
  type DispatchInput,
  type Finding,
  type FindingInput,
  formatPlate,
  maskPlate,
  type PublicProgress,
  type QualityCheckInput,
  type Role,
  salutationOf,
  type WorkshopBoard,
  type WorkshopKpis,
} from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { createDealersRepository } from '../../platform/dealers.repository.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { randomToken, sha256 } from '../../platform/passwords.js';
import { reportPeriod } from '../../platform/period.js';
import { linkDealers, type PublicLink, publicLinkUrl } from '../../platform/public-links.js';
import { rolesGrant } from '../../platform/rbac.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { dealerScopeOf, requireDealer, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { repairOrderPolicy } from '../repair-orders/repair-orders.policy.js';
import { createRepairOrdersRepository } from '../repair-orders/repair-orders.repository.js';
import { labourEfficiency, type RoStatus, reworkRate, roTransition } from '../repair-orders/repair-orders.rules.js';
import { repairOrderCompletedEvent } from '../repair-orders/repair-orders.webhooks.js';
import type { WebhookSender } from '../webhooks/webhooks.sender.js';
import { boardChanges } from './workshop.events.js';
import { createWorkshopRepository } from './workshop.repository.js';
import {
  BOARD_STATUSES,
  CLOCKABLE_STATUSES,
  clockedHours,
  DISPATCHABLE_STATUSES,
  hoursBetween,
  promisedTimeAtRisk,
  qualityCheckVerdict,
  roundHours,
  surnameOf,
} from './workshop.rules.js';

export type WorkshopDeps = { db: Database; reads: ReadRouter; clock: Clock; publicUrl: string; webhooks: Pick<WebhookSender, 'emit'> };

/** Who dispatches (派工): the workshop controller, or the service manager standing in. */
const DISPATCHERS: readonly Role[] = ['workshop_controller', 'service_manager'];
const TECHNICIANS: readonly Role[] = ['technician'];
const INSPECTORS: readonly Role[] = ['quality_inspector'];
/** The technician's screen lists jobs from the signature until the check passes. */
const MY_JOB_STATUSES: readonly RoStatus[] = ['authorised', 'in_progress', 'quality_check'];

function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!actor.roles.some((r) => roles.includes(r))) throw forbidden(`only ${roles.join(' or ')} may ${what}`);
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

type ClockRow = {
  id: string;
  repair_order_id: string;
  line_id: string | null;
  technician_id: string;
  started_at: Date;
  ended_at: Date | null;
};

function presentClock(row: ClockRow, status: string, now: Date) {
  return {
    id: row.id,
    repairOrderId: row.repair_order_id,
    lineId: row.line_id,
    technicianId: row.technician_id,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    hours: roundHours(hoursBetween(row.started_at, row.ended_at ?? now)),
    status: status as RoStatus,
  };
}

function presentFinding(row: {
  id: string;
  line_id: string | null;
  technician_id: string;
  technician_name: string | null;
  text: string;
  measurements: { name: string; value: number; unit: string }[];
  created_at: Date;
}): Finding {
  return {
    id: row.id,
    lineId: row.line_id,
    technician: row.technician_name ? { id: row.technician_id, name: row.technician_name } : null,
    text: row.text,
    measurements: row.measurements,
    at: row.created_at.toISOString(),
  };
}

export function createWorkshopService(deps: WorkshopDeps) {
  const { db, reads, clock, publicUrl } = deps;

  /** Locks the RO of the actor's dealer and loads it; another dealer's RO is not found. */
  async function lockAndLoad(tx: Database, actor: Actor, dealerId: string, id: string) {
    if (!(await createWorkshopRepository(tx).lockOrder(dealerId, id))) throw notFound('repair order');
    const row = await createRepairOrdersRepository(tx).findOrder(dealerScopeOf(actor), id);
    if (!row) throw notFound('repair order');
    return row;
  }

  /** Locks and loads a job the acting technician is assigned to. */
  async function assignedJob(tx: Database, actor: Actor, dealerId: string, id: string) {
    const row = await lockAndLoad(tx, actor, dealerId, id);
    if (!(await createWorkshopRepository(tx).isAssigned(dealerId, id, actor.userId))) throw forbidden('you are not assigned to this job');
    return row;
  }

  /** One use-case in one transaction; once committed, the dealer's live boards refresh. */
  async function changing<T>(dealerId: string, fn: (tx: Database) => Promise<T>): Promise<T> {
    const result = await inTransaction(db, fn);
    boardChanges.notify(dealerId);
    return result;
  }

  async function presentDispatch(tx: Database, actor: Actor, dealerId: string, orderId: string) {
    const repo = createWorkshopRepository(tx);
    const row = await createRepairOrdersRepository(tx).findOrder(dealerScopeOf(actor), orderId);
    const assignments = await repo.assignments(dealerScopeOf(actor), [orderId]);
    const bay = row?.bay_id ? await repo.bay(dealerId, row.bay_id, { activeOnly: false }) : undefined;
    return {
      repairOrderId: orderId,
      status: row!.status as RoStatus,
      technicians: assignments.map((a) => ({ id: a.technician_id, name: a.display_name })),
      bay: bay ? { id: bay.id, name: bay.name } : null,
    };
  }

  return {
    /** The controller assigns technician(s) and a bay. Assigning a technician twice changes nothing. */
    async dispatch(actor: Actor, id: string, input: DispatchInput) {
      authorize(actor, 'repair_order.read');
      requireRole(actor, DISPATCHERS, 'dispatch work');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return changing(dealerId, async (tx) => {
        const repo = createWorkshopRepository(tx);
        const row = await lockAndLoad(tx, actor, dealerId, id);
        if (!DISPATCHABLE_STATUSES.includes(row.status)) {
          throw new AppError('invalid_transition', {
            detail: `an RO that is ${row.status} is not dispatched: it must be authorised or in progress`,
            extra: { status: row.status },
          });
        }
        const wanted = [...new Set(input.technicianIds)];
        const found = await repo.technicians(dealerId, wanted);
        const unknown = wanted.findIndex((t) => !found.some((f) => f.id === t));
        if (unknown >= 0)
          throw AppError.field(
            'validation_failed',
            `technicianIds.${input.technicianIds.indexOf(wanted[unknown]!)}`,
            'unknown_technician',
            'no such technician at this dealer',
          );
        if (input.bayId && !(await repo.bay(dealerId, input.bayId)))
          throw AppError.field('validation_failed', 'bayId', 'unknown_bay', 'no such bay at this dealer');
        const added = await repo.assign(
          wanted.map((technicianId) => ({
            dealer_id: dealerId,
            id: newId(),
            repair_order_id: id,
            technician_id: technicianId,
            assigned_by: actor.userId,
            assigned_at: now,
          })),
        );
        const bayChanged = input.bayId !== undefined && input.bayId !== row.bay_id;
        if (bayChanged) await repo.setBay(dealerId, id, input.bayId!, now);
        await recordAudit(
          tx,
          actor,
          {
            action: 'repair_order.dispatched',
            entityType: 'repair_order',
            entityId: id,
            before: { bayId: row.bay_id },
            after: { technicianIds: wanted, added: added.map((a) => a.technician_id), bayId: bayChanged ? input.bayId : row.bay_id },
          },
          now,
        );
        return presentDispatch(tx, actor, dealerId, id);
      });
    },

    /** A technician clocks on a job they are assigned to; the first clock-on starts the work (authorised → in progress). */
    async clockOn(actor: Actor, id: string, input: { lineId?: string }) {
      authorize(actor, 'repair_order.read');
      requireRole(actor, TECHNICIANS, 'clock on');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return changing(dealerId, async (tx) => {
        const repo = createWorkshopRepository(tx);
        const row = await assignedJob(tx, actor, dealerId, id);
        let status = row.status;
        if (!CLOCKABLE_STATUSES.includes(status))
          throw new AppError('invalid_transition', {
            detail: `an RO that is ${status} is not worked on`,
            extra: { status, rule: 'not_clockable' },
          });
        const open = await repo.openClock(dealerId, actor.userId);
        if (open) {
          const here = open.repair_order_id === id;
          throw new AppError('invalid_transition', {
            detail: here ? 'you are already clocked on this job' : `you are clocked on ${open.number}: clock off there first`,
            extra: { rule: here ? 'already_clocked_on' : 'clocked_on_elsewhere', repairOrderId: open.repair_order_id, number: open.number },
          });
        }
        if (input.lineId && !(await repo.labourLines(dealerScopeOf(actor), [id])).some((l) => l.id === input.lineId)) {
          throw AppError.field('validation_failed', 'lineId', 'unknown_line', 'no such labour line on this RO');
        }
        if (status === 'authorised') {
          const result = roTransition(status, 'in_progress', { now });
          if (!result.ok) throw new AppError('invalid_transition', { detail: result.message, extra: { status, rule: result.code } });
          const updated = await createRepairOrdersRepository(tx).updateOrder(dealerId, id, row.version, {
            status: 'in_progress',
            updated_at: now,
          });
          if (!updated) throw versionConflict(row.version + 1);
          await recordAudit(
            tx,
            actor,
            {
              action: 'repair_order.in_progress',
              entityType: 'repair_order',
              entityId: id,
              before: { status },
              after: { status: 'in_progress', reason: 'first clock-on' },
            },
            now,
          );
          status = 'in_progress';
        }
        let event: ClockRow;
        try {
          event = await repo.insertClock({
            dealer_id: dealerId,
            id: newId(),
            repair_order_id: id,
            line_id: input.lineId ?? null,
            technician_id: actor.userId,
            started_at: now,
            ended_at: null,
          });
        } catch (error) {
          // "One open clock per technician": a concurrent clock-on elsewhere won.
          if (isUniqueViolation(error))
            throw new AppError('invalid_transition', {
              detail: 'you are already clocked on another job: clock off there first',
              extra: { rule: 'clocked_on_elsewhere' },
            });
          throw error;
        }
        await recordAudit(
          tx,
          actor,
          { action: 'clock.on', entityType: 'repair_order', entityId: id, after: { clockEventId: event.id, lineId: event.line_id } },
          now,
        );
        return presentClock(event, status, now);
      });
    },

    /** The technician clocks off the job they are clocked on. */
    async clockOff(actor: Actor, id: string) {
      authorize(actor, 'repair_order.read');
      requireRole(actor, TECHNICIANS, 'clock off');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return changing(dealerId, async (tx) => {
        const repo = createWorkshopRepository(tx);
        const row = await lockAndLoad(tx, actor, dealerId, id);
        const open = await repo.openClock(dealerId, actor.userId);
        if (!open || open.repair_order_id !== id) {
          throw new AppError('invalid_transition', {
            detail: open ? `you are clocked on ${open.number}, not on this job` : 'you are not clocked on',
            extra: { rule: 'not_clocked_on' },
          });
        }
        const closed = await repo.closeClock(dealerId, open.id, now);
        if (!closed) throw new AppError('invalid_transition', { detail: 'you are not clocked on', extra: { rule: 'not_clocked_on' } });
        await recordAudit(
          tx,
          actor,
          {
            action: 'clock.off',
            entityType: 'repair_order',
            entityId: id,
            after: { clockEventId: closed.id, hours: roundHours(hoursBetween(closed.started_at, now)) },
          },
          now,
        );
        return presentClock(closed, row.status, now);
      });
    },

    /** The technician finishes a labour line of a job in progress; their clock on the job stops with it. */
    async finishLine(actor: Actor, id: string, lineId: string) {
      authorize(actor, 'repair_order.read');
      requireRole(actor, TECHNICIANS, 'finish a line');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return changing(dealerId, async (tx) => {
        const repo = createWorkshopRepository(tx);
        const row = await assignedJob(tx, actor, dealerId, id);
        if (row.status !== 'in_progress')
          throw new AppError('invalid_transition', {
            detail: `an RO that is ${row.status} is not worked on`,
            extra: { status: row.status, rule: 'not_in_progress' },
          });
        const line = (await repo.labourLines(dealerScopeOf(actor), [id])).find((l) => l.id === lineId);
        if (!line) throw notFound('labour line');
        if (line.finished_at)
          throw new AppError('invalid_transition', { detail: 'this line is finished already', extra: { rule: 'line_finished' } });
        const finished = await repo.finishLine(dealerId, id, lineId, actor.userId, now);
        if (!finished)
          throw new AppError('invalid_transition', { detail: 'this line is finished already', extra: { rule: 'line_finished' } });
        const open = await repo.openClock(dealerId, actor.userId);
        if (open && open.repair_order_id === id) await repo.closeClock(dealerId, open.id, now);
        await recordAudit(
          tx,
          actor,
          {
            action: 'ro_line.finished',
            entityType: 'repair_order',
            entityId: id,
            after: { lineId, clockClosed: open?.repair_order_id === id },
          },
          now,
        );
        return { lineId, finishedAt: now.toISOString() };
      });
    },

    /** A finding on the job (words and measurements), by a technician assigned to it, while the car is in the workshop. */
    async addFinding(
      actor: Actor,
      id: string,
      input: FindingInput & { measurements: { name: string; value: number; unit: string }[] },
    ): Promise<Finding> {
      authorize(actor, 'repair_order.read');
      requireRole(actor, TECHNICIANS, 'record findings');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return changing(dealerId, async (tx) => {
        const repo = createWorkshopRepository(tx);
        const row = await assignedJob(tx, actor, dealerId, id);
        if (!MY_JOB_STATUSES.includes(row.status))
          throw new AppError('invalid_transition', {
            detail: `an RO that is ${row.status} takes no more findings`,
            extra: { status: row.status },
          });
        if (input.lineId && !(await repo.labourLines(dealerScopeOf(actor), [id])).some((l) => l.id === input.lineId)) {
          throw AppError.field('validation_failed', 'lineId', 'unknown_line', 'no such labour line on this RO');
        }
        const findingId = newId();
        await repo.insertFinding({
          dealer_id: dealerId,
          id: findingId,
          repair_order_id: id,
          line_id: input.lineId ?? null,
          technician_id: actor.userId,
          text: input.text,
          measurements: JSON.stringify(input.measurements),
          created_at: now,
        });
        const finding = presentFinding((await repo.findings(dealerScopeOf(actor), [id])).find((f) => f.id === findingId)!);
        await recordAudit(tx, actor, { action: 'finding.recorded', entityType: 'repair_order', entityId: id, after: finding }, now);
        return finding;
      });
    },

    /** The technician hands the car to the quality check when every labour line is finished; their clock stops. */
    async sendToQualityCheck(actor: Actor, id: string) {
      authorize(actor, 'repair_order.read');
      requireRole(actor, TECHNICIANS, 'send a job to the quality check');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return changing(dealerId, async (tx) => {
        const repo = createWorkshopRepository(tx);
        const row = await assignedJob(tx, actor, dealerId, id);
        const unfinished = (await repo.labourLines(dealerScopeOf(actor), [id])).filter((l) => !l.finished_at);
        if (unfinished.length) {
          throw new AppError('invalid_transition', {
            detail: `${unfinished.length} labour line(s) are not finished`,
            extra: { rule: 'lines_unfinished', lineIds: unfinished.map((l) => l.id) },
          });
        }
        const result = roTransition(row.status, 'quality_check', { now });
        if (!result.ok)
          throw new AppError('invalid_transition', { detail: result.message, extra: { status: row.status, rule: result.code } });
        const open = await repo.openClock(dealerId, actor.userId);
        if (open && open.repair_order_id === id) await repo.closeClock(dealerId, open.id, now);
        const updated = await createRepairOrdersRepository(tx).updateOrder(dealerId, id, row.version, {
          status: 'quality_check',
          updated_at: now,
        });
        if (!updated) throw versionConflict(row.version + 1);
        await recordAudit(
          tx,
          actor,
          {
            action: 'repair_order.quality_check',
            entityType: 'repair_order',
            entityId: id,
            before: { status: row.status },
            after: { status: 'quality_check', by: 'technician' },
          },
          now,
        );
        return { repairOrderId: id, status: 'quality_check' as const };
      });
    },

    /** The technician's phone screen: their assigned jobs, and which one they are clocked on. */
    async myJobs(actor: Actor) {
      authorize(actor, 'repair_order.read');
      requireRole(actor, TECHNICIANS, 'have jobs');
      const own = dealerScopeOf(actor);
      const now = clock.now();
      const repo = createWorkshopRepository(db);
      const orders = await repo.orders(own, MY_JOB_STATUSES, actor.userId);
      const orderIds = orders.map((o) => o.id);
      const [lines, events, findings] = await Promise.all([
        repo.labourLines(own, orderIds),
        repo.clockEvents(own, orderIds),
        repo.findings(own, orderIds),
      ]);
      const mine = events.filter((e) => e.technician_id === actor.userId);
      return orders.map((o) => {
        const here = mine.filter((e) => e.repair_order_id === o.id);
        const open = here.find((e) => e.ended_at === null);
        return {
          repairOrderId: o.id,
          number: o.number,
          status: o.status,
          plate: formatPlate(o.plate_key),
          modelName: o.model_name,
          concerns: o.concerns,
          promisedAt: o.promised_at.toISOString(),
          bay: o.bay_id && o.bay_name ? { id: o.bay_id, name: o.bay_name } : null,
          labourLines: lines
            .filter((l) => l.repair_order_id === o.id)
            .map((l) => ({
              id: l.id,
              description: l.description,
              hours: Number(l.hours),
              finishedAt: l.finished_at?.toISOString() ?? null,
            })),
          findings: findings.filter((f) => f.repair_order_id === o.id).map(presentFinding),
          clockedOn: Boolean(open),
          clockedOnLineId: open?.line_id ?? null,
          myClockedHours: roundHours(
            clockedHours(
              here.map((e) => ({ startedAt: e.started_at, endedAt: e.ended_at })),
              now,
            ),
          ),
        };
      });
    },

    /** The live progress board (电子看板): every car in the workshop, flagged when its promised time is at risk. */
    async board(actor: Actor, dealerId?: string): Promise<WorkshopBoard> {
      authorize(actor, 'repair_order.read');
      const scope = scopeOf(actor, dealerId ? { dealerIds: [dealerId] } : {});
      const now = clock.now();
      const repo = createWorkshopRepository(db);
      const orders = await repo.orders(scope, BOARD_STATUSES);
      const orderIds = orders.map((o) => o.id);
      const [assignments, events, sold] = await Promise.all([
        repo.assignments(scope, orderIds),
        repo.clockEvents(scope, orderIds),
        repo.soldHours(scope, orderIds),
      ]);
      const entries = orders.map((o): BoardEntry => {
        const here = events.filter((e) => e.repair_order_id === o.id);
        const clocked = clockedHours(
          here.map((e) => ({ startedAt: e.started_at, endedAt: e.ended_at })),
          now,
        );
        const soldHours = sold.get(o.id) ?? 0;
        const risk = promisedTimeAtRisk({ status: o.status, promisedAt: o.promised_at, soldHours, clockedHours: clocked, now });
        return {
          repairOrderId: o.id,
          number: o.number,
          stage: o.status,
          plate: formatPlate(o.plate_key),
          customerSurname: surnameOf(o.customer_name),
          customerSalutation: salutationOf({ gender: o.customer_gender, kind: o.customer_kind }),
          modelName: o.model_name,
          serviceAdvisor: o.sa_id ? { id: o.sa_id, name: o.sa_name ?? '' } : null,
          technicians: assignments
            .filter((a) => a.repair_order_id === o.id)
            .map((a) => ({
              id: a.technician_id,
              name: a.display_name,
              clockedOn: here.some((e) => e.technician_id === a.technician_id && e.ended_at === null),
            })),
          bay: o.bay_id && o.bay_name ? { id: o.bay_id, name: o.bay_name } : null,
          promisedAt: o.promised_at.toISOString(),
          atRisk: risk.atRisk,
          atRiskReason: risk.reason,
          soldHours: roundHours(soldHours),
          clockedHours: roundHours(clocked),
          remainingHours: roundHours(risk.remainingHours),
          reworkCount: o.rework_count,
          dealer: { id: o.dealer_id, name: o.dealer_name },
        };
      });
      return { generatedAt: now.toISOString(), entries, atRiskCount: entries.filter((e) => e.atRisk).length };
    },

    /**
     * The inspector records the quality check and test drive. Passed, the car is ready (and any
     * clock still open on it is closed); failed, it goes back to the workshop with the reason and
     * one more rework — the same step as the transition endpoint, through the same repository.
     */
    async qualityCheck(actor: Actor, id: string, input: QualityCheckInput) {
      authorize(actor, 'repair_order.read');
      requireRole(actor, INSPECTORS, 'record quality checks');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return changing(dealerId, async (tx) => {
        const row = await lockAndLoad(tx, actor, dealerId, id);
        const from = row.status;
        if (from !== 'quality_check')
          throw new AppError('invalid_transition', {
            detail: `an RO that is ${from} is not waiting for the quality check`,
            extra: { status: from },
          });
        const verdict = qualityCheckVerdict(input);
        if (!verdict.ok) throw AppError.field('validation_failed', verdict.field, verdict.code, verdict.message);
        const reason = input.passed ? null : input.reason!.trim();
        const result = roTransition(from, verdict.to, { reason, now });
        if (!result.ok) throw AppError.field('validation_failed', 'reason', result.code, result.message);
        const reworkCount = row.rework_count + (result.rework ? 1 : 0);
        const updated = await createRepairOrdersRepository(tx).updateOrder(dealerId, id, row.version, {
          status: verdict.to,
          updated_at: now,
          ...(result.rework ? { rework_count: reworkCount } : {}),
          ...(verdict.to === 'ready' ? { ready_at: now } : {}),
        });
        if (!updated) throw versionConflict(row.version + 1);
        const check = await createWorkshopRepository(tx).insertQualityCheck({
          dealer_id: dealerId,
          id: newId(),
          repair_order_id: id,
          inspector_id: actor.userId,
          passed: input.passed,
          checklist: JSON.stringify(input.checklist),
          road_test: input.roadTest ? JSON.stringify(input.roadTest) : null,
          reason,
          at: now,
        });
        let closedClocks = 0;
        if (verdict.to === 'ready') {
          closedClocks = await createWorkshopRepository(tx).closeClocksOfOrder(dealerId, id, now);
          await deps.webhooks.emit(tx, repairOrderCompletedEvent(dealerId, row, reworkCount, now));
        }
        await recordAudit(
          tx,
          actor,
          {
            action: input.passed ? 'quality_check.passed' : 'quality_check.failed',
            entityType: 'repair_order',
            entityId: id,
            after: { qualityCheckId: check.id, checklist: input.checklist, roadTest: input.roadTest ?? null, reason },
          },
          now,
        );
        await recordAudit(
          tx,
          actor,
          {
            action: `repair_order.${verdict.to}`,
            entityType: 'repair_order',
            entityId: id,
            before: { status: from },
            after: { status: verdict.to, reason, reworkCount, closedClocks },
          },
          now,
        );
        const inspector = await createWorkshopRepository(tx).userName(actor.userId);
        return {
          id: check.id,
          repairOrderId: id,
          inspector: inspector ? { id: inspector.id, name: inspector.display_name } : null,
          passed: check.passed,
          checklist: input.checklist,
          roadTest: input.roadTest ?? null,
          reason,
          at: now.toISOString(),
          status: verdict.to,
          reworkCount,
        };
      });
    },

    /** A new link to the customer's progress page (for an SMS or the QR code on the RO); an older link stops working. */
    async progressLink(actor: Actor, id: string) {
      authorize(actor, 'repair_order.write');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const row = await lockAndLoad(tx, actor, dealerId, id);
        repairOrderPolicy.authorize(actor, 'shareProgress', row);
        const token = randomToken();
        await createWorkshopRepository(tx).setProgressToken(dealerId, row.id, sha256(token));
        await recordAudit(
          tx,
          actor,
          {
            action: 'repair_order.progress_link_created',
            entityType: 'repair_order',
            entityId: id,
            after: { replaced: row.progress_token_hash !== null },
          },
          now,
        );
        const dealer = await createDealersRepository(tx).profile(dealerId);
        return { url: publicLinkUrl(publicUrl, 'progress', dealer.code, token), createdAt: now.toISOString() };
      });
    },

    /** The customer's progress page: the stage and the promised time, the plate masked, no personal data. */
    async publicProgress(link: PublicLink): Promise<PublicProgress> {
      const row = await createWorkshopRepository(db).findByProgressToken(await linkDealers(db, link), sha256(link.token));
      if (!row) throw notFound('progress page');
      return {
        dealerName: row.dealer_name,
        number: row.number,
        plate: maskPlate(row.plate_key),
        modelName: row.model_name,
        stage: row.status,
        promisedAt: row.promised_at.toISOString(),
        readyAt: row.ready_at?.toISOString() ?? null,
        updatedAt: row.updated_at.toISOString(),
      };
    },

    /** Labour hours sold vs clocked and the rework rate, over the ROs that passed the check in the period (dealer days). */
    async kpis(actor: Actor, query: { from: string; to: string; dealerId?: string }): Promise<WorkshopKpis> {
      if (!rolesGrant(actor.roles, 'kpi.read') && !actor.roles.some((r) => DISPATCHERS.includes(r)))
        throw forbidden('missing permission kpi.read');
      const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
      const { from, to } = reportPeriod(query, actor.timeZone);
      const now = clock.now();
      const repo = createWorkshopRepository(await reads.forReport(actor));
      const completed = await repo.completedOrders(scope, from, to);
      const orderIds = completed.map((o) => o.id);
      const [sold, clocked, checks, technicians] = await Promise.all([
        repo.soldHours(scope, orderIds),
        repo.clockedHoursOn(scope, orderIds, now),
        repo.qualityCheckCounts(scope, from, to),
        repo.clockedByTechnician(scope, from, to, now),
      ]);
      const soldHours = roundHours([...sold.values()].reduce((s, h) => s + h, 0));
      const clockedTotal = roundHours(clocked);
      return {
        from: query.from,
        to: query.to,
        counts: {
          completedOrders: completed.length,
          reworkedOrders: completed.filter((o) => o.rework_count > 0).length,
          qualityChecksPassed: Number(checks.passed),
          qualityChecksFailed: Number(checks.failed),
        },
        soldHours,
        clockedHours: clockedTotal,
        labourEfficiency: labourEfficiency(soldHours, clockedTotal),
        reworkRate: reworkRate(completed.map((o) => ({ reworkCount: o.rework_count }))),
        technicians: technicians.map((t) => ({ id: t.id, name: t.display_name, clockedHours: roundHours(Number(t.hours)) })),
      };
    },
  };
}

export type WorkshopService = ReturnType<typeof createWorkshopService>;
