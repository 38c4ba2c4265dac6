import type {
  acceptanceInputSchema,
  assignDealerInputSchema,
  closeInputSchema,
  communicationInputSchema,
  complaintBookingSchema,
  complaintInputSchema,
  complaintPatchSchema,
  complaintQuerySchema,
  complaintSettingsPatchSchema,
  networkComplaintInputSchema,
  recoveryDecisionSchema,
  recoveryInputSchema,
} from '@servicebay/contracts';
import {
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintDetail,
  type ComplaintSettings,
  complaintSettingsSchema,
  type ESCALATED_TO,
  ESCALATION_LEVELS,
  HANDLER_ROLES,
  type HandlerRole,
  isDissatisfied,
  isSatisfied,
  type Role,
  type SlaStep,
} from '@servicebay/contracts';
import type { Selectable, Updateable } from 'kysely';
import type { z } from 'zod';
import { type Actor, authorize, isCarMaker } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Database } from '../../platform/db.js';
import type { ComplaintsTable } from '../../platform/db.schema.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { requireInstantWithin } from '../../platform/input-window.js';
import { reportPeriod } from '../../platform/period.js';
import { rolesGrant } from '../../platform/rbac.js';
import { isWholeNetwork, requireDealer, type Scope, scopeOf } from '../../platform/scope.js';
import { nextDailyNumber } from '../../platform/sequences.js';
import { inTransaction } from '../../platform/transaction.js';
import type { AppointmentsDeps, AppointmentsService } from '../appointments/appointments.service.js';
import { contactViewOf } from '../customers/customers.presenter.js';
import { createCustomersRepository } from '../customers/customers.repository.js';
import type { FollowUpCalls } from '../follow-up/follow-up.calls.js';
import { createVehiclesRepository } from '../vehicles/vehicles.repository.js';
import type { ComplaintJobs, SlaDue } from './complaints.jobs.js';
import { type CaseActionName, caseAbilities, complaintPolicy, levelsHeld, STEP_OF } from './complaints.policy.js';
import { presentComplaint, presentDetail, presentEvent, presentRecovery } from './complaints.presenter.js';
import { type ComplaintsRepository, createComplaintsRepository } from './complaints.repository.js';
import {
  addSlaHours,
  applyAction,
  approvalLimit,
  type CaseClock,
  type ComplaintAction,
  canDo,
  complaintSettings,
  escalate,
  LEVEL_ROLES,
  pareto,
  registerCase,
  routeRole,
  type SlaClock,
  setCarMakerDeadline,
  TransitionError,
  wholeMonthsWithin,
  withinLimit,
} from './complaints.rules.js';

export type ComplaintsDeps = AppointmentsDeps & {
  complaintJobs: ComplaintJobs;
  /** Books the repair a solution needs in the case's transaction (the same capacity rules). */
  appointments: Pick<AppointmentsService, 'bookIn'>;
  /** Books the follow-up call of a closed case in the case's transaction. */
  followUpCalls: FollowUpCalls;
};

type CaseRow = Selectable<ComplaintsTable>;
type EventKind = ComplaintDetail['events'][number]['kind'];

/** Channels where the person registering is talking with the customer: the case is acknowledged as it is taken. */
const SPOKEN_CHANNELS: readonly ComplaintChannel[] = ['in_person', 'phone', 'follow_up'];
/** Channels that arrive already escalated beyond the dealer. */
const ESCALATING_CHANNELS: Partial<Record<ComplaintChannel, (typeof ESCALATED_TO)[number]>> = {
  oem_hotline: 'car_maker',
  authority: 'authority',
  media: 'media',
};
/** Who a work order falls back to when nobody holds the routed role. */
const FALLBACK_HANDLERS: readonly HandlerRole[] = ['service_manager', 'general_manager'];

/** The repeat complainants the analysis lists (most cases first), beside how many there are. */
const REPEAT_COMPLAINANTS_SHOWN = 50;
/** Case counts tried in turn for the most frequent complainants, ending with every repeat complainant. */
const FREQUENT_COMPLAINANT_COUNTS = [8, 4, 3, 2] as const;

/**
 * The repeat complainants listed, most cases first: those with at least 8 cases if there are enough
 * of them to fill the list (only then is nobody with fewer ranked above them), else at least 4, …
 */
async function mostFrequentComplainants(repo: ComplaintsRepository, scope: Scope, from: Date, to: Date) {
  for (const atLeast of FREQUENT_COMPLAINANT_COUNTS) {
    const rows = await repo.frequentComplainants(scope, from, to, atLeast, REPEAT_COMPLAINANTS_SHOWN);
    if (rows.length >= REPEAT_COMPLAINANTS_SHOWN || atLeast === 2) return rows;
  }
  return [];
}
/** A case is registered at most this many days after it came in, and deadlines are set at most this far ahead. */
const MAX_DEADLINE_DAYS = 366;

const toClock = (row: CaseRow): CaseClock => ({
  status: row.status,
  level: row.level,
  receivedAt: row.received_at,
  acknowledgedAt: row.acknowledged_at,
  feedbackDueAt: row.feedback_due_at,
  feedbackAt: row.feedback_at,
  dueStep: row.due_step as SlaStep | null,
  dueAt: row.due_at,
  wasOverdue: row.was_overdue,
  carMakerDeadlineAt: row.car_maker_deadline_at,
  customerAcceptedAt: row.customer_accepted_at,
  closedAt: row.closed_at,
});

const clockColumns = (c: CaseClock) => ({
  status: c.status,
  level: c.level,
  acknowledged_at: c.acknowledgedAt,
  feedback_at: c.feedbackAt,
  due_step: c.dueStep,
  due_at: c.dueAt,
  was_overdue: c.wasOverdue,
  car_maker_deadline_at: c.carMakerDeadlineAt,
  customer_accepted_at: c.customerAcceptedAt,
  closed_at: c.closedAt,
});

function transitionError(error: unknown): never {
  if (error instanceof TransitionError) {
    throw new AppError('invalid_transition', { detail: error.message, extra: { status: error.status, action: error.action } });
  }
  throw error;
}

type OpenCase = {
  dealerId: string;
  customerId: string;
  vehicleId: string | null;
  repairOrderId: string | null;
  channel: ComplaintChannel;
  sourceRef: string | null;
  customerWords: string;
  demand: string | null;
  background: string | null;
  category: ComplaintCategory | null;
  subcategory: string | null;
  severity: 'grumble' | 'complaint' | 'escalated';
  escalatedTo: (typeof ESCALATED_TO)[number] | null;
  receivedAt: Date;
  firstResponderId: string;
  carMakerDeadlineAt: Date | null;
  carMakerInvolved: boolean;
};

export function createComplaintsService(deps: ComplaintsDeps) {
  const { db, reads, clock } = deps;

  async function settingsOf(tx: Database, dealerId: string) {
    const row = await createComplaintsRepository(tx).settings(dealerId);
    return complaintSettings(row?.settings as Partial<ComplaintSettings> | undefined);
  }

  async function slaClockOf(
    tx: Database,
    networkId: string,
    dealerId: string,
  ): Promise<{ settings: ComplaintSettings; sla: SlaClock; dealer: { time_zone: string } }> {
    const dealer = await createComplaintsRepository(tx).dealer(networkId, dealerId);
    if (!dealer) throw notFound('dealer');
    const settings = await settingsOf(tx, dealerId);
    return { settings, dealer, sla: { ...settings, timeZone: dealer.time_zone, opensAt: dealer.opens_at, closesAt: dealer.closes_at } };
  }

  async function detail(tx: Database, actor: Actor, id: string): Promise<ComplaintDetail> {
    const repo = createComplaintsRepository(tx);
    const row = await repo.view(scopeOf(actor), id);
    if (!row) throw notFound('complaint');
    const [events, recoveries] = await Promise.all([repo.events(row.dealer_id, id), repo.recoveries(row.dealer_id, id)]);
    const settings = await settingsOf(tx, row.dealer_id);
    const can = caseAbilities(actor, row);
    return presentDetail(
      presentComplaint(row, clock.now(), contactViewOf(actor)),
      events.map(presentEvent),
      recoveries.map(presentRecovery),
      {
        ...can,
        approveUpToFen: can.decideRecovery ? approvalLimit(actor.roles, settings.approvalLimits) : 0,
        rejectAboveLimit: can.decideRecovery && rolesGrant(actor.roles, 'complaint.manage'),
      },
    );
  }

  /**
   * The case this person works, locked: the policy allows the action (403 naming it), at the version
   * they read (409), in a status that takes it (409 invalid_transition).
   */
  async function caseToWork(tx: Database, actor: Actor, id: string, version: number, action: CaseActionName) {
    authorize(actor, 'complaint.read');
    const row = await createComplaintsRepository(tx).find(scopeOf(actor), id, { lock: true });
    if (!row) throw notFound('complaint');
    complaintPolicy.authorize(actor, action, row);
    if (row.version !== version) throw versionConflict(row.version);
    const step = STEP_OF[action];
    if (!canDo(step, row.status)) transitionError(new TransitionError(step, row.status));
    return row;
  }

  /** Writes a change of the case with its timeline entry and audit, and (re)arms its SLA timer. */
  async function commit(
    tx: Database,
    actor: Actor,
    row: CaseRow,
    patch: Updateable<ComplaintsTable>,
    event: { kind: EventKind; data?: Record<string, unknown> },
  ) {
    const now = clock.now();
    const repo = createComplaintsRepository(tx);
    const updated = await repo.update(row.dealer_id, row.id, row.version, { ...patch, updated_at: now });
    if (!updated) throw versionConflict(row.version + 1);
    await repo.insertEvent({
      dealer_id: row.dealer_id,
      id: newId(),
      complaint_id: row.id,
      kind: event.kind,
      data: event.data ?? {},
      actor_user_id: actor.userId,
      at: now,
    });
    await recordAudit(
      tx,
      actor,
      {
        action: `complaint.${event.kind}`,
        entityType: 'complaint',
        entityId: row.id,
        before: { status: row.status, version: row.version },
        after: { ...event.data, status: patch.status ?? row.status },
      },
      now,
    );
    const dueAt = patch.due_at === undefined ? row.due_at : patch.due_at;
    const dueStep = patch.due_step === undefined ? row.due_step : patch.due_step;
    await deps.complaintJobs.schedule(tx, {
      dealerId: row.dealer_id,
      id: row.id,
      dueStep: dueStep as SlaStep | null,
      dueAt: dueAt ? new Date(dueAt) : null,
      level: patch.level ?? row.level,
    });
    return detail(tx, actor, row.id);
  }

  /** A step of the process on the case's clock. */
  function step(row: CaseRow, action: Exclude<ComplaintAction, 'work'>, sla: SlaClock) {
    try {
      return clockColumns(applyAction(toClock(row), action, clock.now(), sla));
    } catch (error) {
      return transitionError(error);
    }
  }

  /** The member of staff a work order goes to: someone holding the routed role, the least loaded, else a manager. */
  async function pickHandler(tx: Database, dealerId: string, role: HandlerRole) {
    const repo = createComplaintsRepository(tx);
    for (const candidate of [role, ...FALLBACK_HANDLERS]) {
      const [first] = await repo.staffWithRoles(dealerId, [candidate]);
      if (first) return { id: first.id, name: first.display_name, role: candidate };
    }
    return null;
  }

  /** Registers a case from any channel: number, clock, routing, the handler's notice, the timeline and the timer. */
  async function openCase(
    tx: Database,
    actor: Pick<Actor, 'networkId' | 'dealerId' | 'tokenId' | 'requestId'> & { userId: string | null },
    input: OpenCase,
  ) {
    const now = clock.now();
    const repo = createComplaintsRepository(tx);
    const { settings, sla, dealer } = await slaClockOf(tx, actor.networkId, input.dealerId);
    const role = routeRole(input.category, settings.routing);
    const handler = await pickHandler(tx, input.dealerId, role);
    const acknowledged =
      SPOKEN_CHANNELS.includes(input.channel) && input.firstResponderId === actor.userId && actor.dealerId === input.dealerId;
    const c = registerCase({ receivedAt: input.receivedAt, acknowledged, carMakerDeadlineAt: input.carMakerDeadlineAt }, now, sla);
    const id = newId();
    const number = await nextDailyNumber(tx, input.dealerId, 'CP', localDate(now, dealer.time_zone));
    const escalatedTo = input.escalatedTo ?? ESCALATING_CHANNELS[input.channel] ?? null;
    const inserted = await repo.insert({
      dealer_id: input.dealerId,
      id,
      network_id: actor.networkId,
      number,
      channel: input.channel,
      source_ref: input.sourceRef,
      customer_id: input.customerId,
      vehicle_id: input.vehicleId,
      repair_order_id: input.repairOrderId,
      customer_words: input.customerWords,
      demand: input.demand,
      background: input.background,
      category: input.category,
      subcategory: input.subcategory,
      severity: escalatedTo ? 'escalated' : input.severity,
      escalated_to: escalatedTo,
      first_responder_id: input.firstResponderId,
      owner_id: input.firstResponderId,
      handler_id: handler?.id ?? null,
      handler_role: handler?.role ?? null,
      car_maker_involved: input.carMakerInvolved || escalatedTo !== null,
      received_at: input.receivedAt,
      feedback_due_at: c.feedbackDueAt,
      ...clockColumns(c),
      created_at: now,
      updated_at: now,
    });
    if (!inserted) return null; // raised from this source already
    const event = (kind: EventKind, data: Record<string, unknown> = {}) =>
      repo.insertEvent({ dealer_id: input.dealerId, id: newId(), complaint_id: id, kind, data, actor_user_id: actor.userId, at: now });
    await event('received', { channel: input.channel, receivedAt: input.receivedAt.toISOString() });
    if (c.acknowledgedAt) await event('acknowledged');
    await event('routed', { role, handlerId: handler?.id ?? null, handlerName: handler?.name ?? null, handlerRole: handler?.role ?? null });
    if (handler && handler.id !== actor.userId) {
      await repo.notify({
        dealer_id: input.dealerId,
        id: newId(),
        kind: 'complaint_routed',
        assignee_user_id: handler.id,
        complaint_id: id,
        customer_id: input.customerId,
        due_at: c.dueAt ?? now,
        dedupe_key: `complaint:${id}:routed:${handler.id}`,
        created_at: clock.now(),
      });
    }
    await recordAudit(
      tx,
      actor,
      {
        action: 'complaint.received',
        entityType: 'complaint',
        entityId: id,
        after: { number, channel: input.channel, category: input.category, handlerId: handler?.id ?? null },
      },
      now,
    );
    await deps.complaintJobs.schedule(tx, { dealerId: input.dealerId, id, dueStep: c.dueStep, dueAt: c.dueAt, level: 0 });
    await deps.webhooks.emit(tx, {
      dealerId: input.dealerId,
      type: 'complaint.opened',
      recordKey: `complaint:${id}`,
      data: {
        complaintId: id,
        number,
        channel: input.channel,
        category: input.category,
        customerId: input.customerId,
        vehicleId: input.vehicleId,
        receivedAt: input.receivedAt.toISOString(),
      },
      occurredAt: now,
    });
    return { id, number };
  }

  /** The customer, vehicle and repair order of a new case, checked against each other and the dealer. */
  async function caseParties(
    tx: Database,
    networkId: string,
    dealerId: string,
    actorDealerId: string | null,
    input: { customerId: string; vehicleId?: string | null | undefined; repairOrderId?: string | null | undefined },
  ) {
    const scope: Scope = actorDealerId ? { kind: 'dealer', networkId, dealerId: actorDealerId } : { kind: 'network', networkId };
    const customer = await createCustomersRepository(tx).findById(scope, input.customerId);
    if (!customer) throw AppError.field('validation_failed', 'customerId', 'unknown_customer', 'no such customer');
    if (input.vehicleId) {
      const vehicle = await createVehiclesRepository(tx).findById(scope, input.vehicleId);
      if (!vehicle || (vehicle.owner_id !== customer.id && vehicle.user_id !== customer.id))
        throw AppError.field('validation_failed', 'vehicleId', 'not_customers_vehicle', 'not a vehicle of this customer');
    }
    let repairOrder = null;
    if (input.repairOrderId) {
      repairOrder = await createComplaintsRepository(tx).repairOrder(dealerId, input.repairOrderId);
      if (!repairOrder || repairOrder.customer_id !== customer.id)
        throw AppError.field(
          'validation_failed',
          'repairOrderId',
          'unknown_repair_order',
          'no such repair order of this customer at the dealer',
        );
    }
    return {
      customerId: customer.id,
      vehicleId: input.vehicleId ?? repairOrder?.vehicle_id ?? null,
      repairOrderId: repairOrder?.id ?? null,
    };
  }

  function receivedAtOf(value: string | undefined) {
    const now = clock.now();
    if (!value) return now;
    const at = new Date(value);
    if (at.getTime() > now.getTime() + 60_000)
      throw AppError.field('validation_failed', 'receivedAt', 'in_future', 'a complaint cannot be received in the future');
    requireInstantWithin('receivedAt', at, now, { daysBack: MAX_DEADLINE_DAYS });
    return at;
  }

  /** A case taken by a person (desk, phone, the car maker's hotline): they are its first responder. */
  async function registerWith(
    actor: Actor,
    dealerId: string,
    input: z.infer<typeof complaintInputSchema>,
    carMaker: { deadline: Date | null },
  ) {
    const receivedAt = receivedAtOf(input.receivedAt);
    return inTransaction(db, async (tx) => {
      const dealer = await createComplaintsRepository(tx).dealer(actor.networkId, dealerId);
      if (!dealer) throw AppError.field('validation_failed', 'dealerId', 'unknown_dealer', 'no such dealer in the network');
      const parties = await caseParties(tx, actor.networkId, dealer.id, actor.dealerId, input);
      // The car maker may send a dealer a customer it has not served yet.
      if (isCarMaker(actor)) await createCustomersRepository(tx).linkDealer(dealer.id, parties.customerId, 'complaint', clock.now());
      const opened = await openCase(tx, actor, {
        dealerId: dealer.id,
        ...parties,
        channel: input.channel,
        sourceRef: null,
        customerWords: input.customerWords,
        demand: input.demand ?? null,
        background: input.background ?? null,
        category: input.category ?? null,
        subcategory: input.subcategory ?? null,
        severity: input.severity,
        escalatedTo: input.escalatedTo ?? null,
        receivedAt,
        firstResponderId: actor.userId,
        carMakerDeadlineAt: carMaker.deadline,
        carMakerInvolved: isCarMaker(actor),
      });
      return detail(tx, actor, opened!.id);
    });
  }

  const service = {
    async settings(actor: Actor) {
      authorize(actor, 'complaint.read');
      return settingsOf(db, requireDealer(actor));
    },

    async updateSettings(actor: Actor, patch: z.infer<typeof complaintSettingsPatchSchema>) {
      authorize(actor, 'complaint.manage');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const before = await settingsOf(tx, dealerId);
        const after = complaintSettingsSchema.parse({ ...before, ...patch, routing: { ...before.routing, ...patch.routing } });
        if (after.feedbackHours < after.acknowledgeHours)
          throw AppError.field('validation_failed', 'feedbackHours', 'before_acknowledge', 'feedback cannot be due before acknowledgement');
        await createComplaintsRepository(tx).saveSettings(dealerId, after, now);
        await recordAudit(tx, actor, { action: 'complaint.settings', entityType: 'dealer', entityId: dealerId, before, after }, now);
        return after;
      });
    },

    /**
     * The inbox: a dealer's own cases, or for the car maker's staff the network's (every case, read
     * only unless the desk acts on it), narrowed to a dealer or region. The analysis opens the cases
     * behind each figure through the same filters.
     */
    async list(actor: Actor, query: z.infer<typeof complaintQuerySchema>) {
      authorize(actor, 'complaint.read');
      const now = clock.now();
      const repo = createComplaintsRepository(db);
      const scope = scopeOf(actor, { dealerIds: query.dealerId ? [query.dealerId] : undefined, region: query.region });
      const period = query.from && query.to ? reportPeriod({ from: query.from, to: query.to }, actor.timeZone) : null;
      const filter = {
        userId: actor.userId,
        levels: isCarMaker(actor) ? [3] : levelsHeld(actor.roles),
        carMakerDesk: isCarMaker(actor) && rolesGrant(actor.roles, 'complaint.network'),
        now,
      };
      const [rows, counts] = await Promise.all([
        repo.inbox(scope, {
          ...filter,
          view: query.view,
          q: query.q,
          category: query.category,
          receivedFrom: period?.from,
          receivedTo: period?.to,
          saId: query.saId,
          modelId: query.modelId,
          customerId: query.customerId,
          preventable: query.preventable,
          limit: query.limit,
        }),
        repo.counts(scope, filter),
      ]);
      return { items: rows.map((r) => ({ ...presentComplaint(r, now, contactViewOf(actor)), can: caseAbilities(actor, r) })), counts };
    },

    async get(actor: Actor, id: string) {
      authorize(actor, 'complaint.read');
      return detail(db, actor, id);
    },

    /** Staff take a complaint at the desk or on the phone: they are its first responder. */
    async register(actor: Actor, input: z.infer<typeof complaintInputSchema>) {
      authorize(actor, 'complaint.register');
      const dealerId = requireDealer(actor);
      return registerWith(actor, dealerId, input, { deadline: null });
    },

    /** The car maker's complaint desk registers a case from its hotline, an authority or the media, for a dealer. */
    async registerForDealer(actor: Actor, input: z.infer<typeof networkComplaintInputSchema>) {
      authorize(actor, 'complaint.network');
      if (!isCarMaker(actor)) throw forbidden("this is the car maker's complaint desk");
      const deadline = input.deadlineAt ? new Date(input.deadlineAt) : null;
      if (deadline && deadline <= clock.now())
        throw AppError.field('validation_failed', 'deadlineAt', 'in_past', 'the deadline has passed already');
      if (deadline) requireInstantWithin('deadlineAt', deadline, clock.now(), { daysAhead: MAX_DEADLINE_DAYS });
      return registerWith(actor, input.dealerId, input, { deadline });
    },

    /**
     * A dissatisfied customer on a follow-up call (or, later, a low survey answer) raises a case, in
     * the caller's transaction; the agent is its first responder. Raised once per source.
     */
    async raise(
      tx: Database,
      actor: Pick<Actor, 'networkId' | 'dealerId' | 'tokenId' | 'requestId'> & { userId: string | null },
      input: {
        dealerId: string;
        sourceRef: string;
        channel: 'follow_up' | 'survey';
        customerId: string;
        vehicleId: string | null;
        repairOrderId: string | null;
        category: ComplaintCategory | null;
        customerWords: string;
        firstResponderId?: string;
      },
    ) {
      const existing = await createComplaintsRepository(tx).findBySource(input.dealerId, input.sourceRef);
      if (existing) return existing;
      return openCase(tx, actor, {
        ...input,
        demand: null,
        background: null,
        subcategory: null,
        severity: 'complaint',
        escalatedTo: null,
        receivedAt: clock.now(),
        // A survey raises it with no one at the phone: the care agent it alerts is its first responder.
        firstResponderId: input.firstResponderId ?? actor.userId!,
        carMakerDeadlineAt: null,
        carMakerInvolved: false,
      });
    },

    async update(actor: Actor, id: string, patch: z.infer<typeof complaintPatchSchema>) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, patch.version, 'update');
        const { version: _version, ...fields } = patch;
        const columns: Updateable<ComplaintsTable> = {};
        const map = {
          category: 'category',
          subcategory: 'subcategory',
          causeClass: 'cause_class',
          severity: 'severity',
          escalatedTo: 'escalated_to',
          demand: 'demand',
          background: 'background',
          verification: 'verification',
          rootCause: 'root_cause',
          solutionPlan: 'solution_plan',
        } as const;
        const changed: Record<string, unknown> = {};
        for (const [field, column] of Object.entries(map) as [keyof typeof map, (typeof map)[keyof typeof map]][]) {
          const value = fields[field];
          if (value === undefined || value === row[column]) continue;
          (columns as Record<string, unknown>)[column] = value;
          changed[field] = value;
        }
        if (Object.keys(changed).length === 0) return detail(tx, actor, id);
        const severity = columns.severity ?? row.severity;
        const escalatedTo = columns.escalated_to === undefined ? row.escalated_to : columns.escalated_to;
        if (severity === 'escalated' && !escalatedTo)
          throw AppError.field('validation_failed', 'escalatedTo', 'required', 'say where the complaint was escalated to');
        if (severity !== 'escalated' && escalatedTo) columns.escalated_to = null;
        if (severity === 'escalated') columns.car_maker_involved = true;
        if (severity === 'escalated' && row.severity !== 'escalated') {
          await deps.webhooks.emit(tx, {
            dealerId: row.dealer_id,
            type: 'complaint.escalated',
            recordKey: `complaint:${row.id}`,
            data: {
              complaintId: row.id,
              number: row.number,
              reason: 'severity',
              level: ESCALATION_LEVELS[row.level] ?? null,
              escalatedTo,
              missedStep: null,
            },
            occurredAt: clock.now(),
          });
        }
        return commit(tx, actor, row, columns, { kind: 'updated', data: changed });
      });
    },

    async acknowledge(actor: Actor, id: string, input: { version: number }) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'acknowledge');
        const { sla } = await slaClockOf(tx, actor.networkId, row.dealer_id);
        return commit(tx, actor, row, step(row, 'acknowledge', sla), { kind: 'acknowledged' });
      });
    },

    /** A contact with the customer; the first one marked as feedback stops the 24-hour clock. */
    async communicate(actor: Actor, id: string, input: z.infer<typeof communicationInputSchema>) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'communicate');
        const { sla } = await slaClockOf(tx, actor.networkId, row.dealer_id);
        const feedback = input.feedback && !row.feedback_at;
        return commit(tx, actor, row, feedback ? step(row, 'feedback', sla) : {}, {
          kind: 'communication',
          data: { channel: input.channel, summary: input.summary, feedback },
        });
      });
    },

    /** 首问负责制: ownership changes only by an explicit hand-over, recorded. */
    async handover(actor: Actor, id: string, input: { version: number; toUserId: string; note: string }) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'handover');
        const target = (await createComplaintsRepository(tx).staff(row.dealer_id)).find(
          (u) => u.id === input.toUserId && rolesGrant(u.roles as Role[], 'complaint.register'),
        );
        if (!target)
          throw AppError.field('validation_failed', 'toUserId', 'unknown_user', 'no such member of staff at the dealer handling the case');
        if (target.id === row.owner_id) throw AppError.field('validation_failed', 'toUserId', 'same_owner', 'the case is theirs already');
        return commit(
          tx,
          actor,
          row,
          { owner_id: target.id },
          { kind: 'handed_over', data: { fromId: row.owner_id, toId: target.id, toName: target.display_name, note: input.note } },
        );
      });
    },

    /** A manager re-routes the internal complaint work order. */
    async assignHandler(actor: Actor, id: string, input: { version: number; handlerId: string }) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'assignHandler');
        const repo = createComplaintsRepository(tx);
        const target = (await repo.staff(row.dealer_id)).find(
          (u) => u.id === input.handlerId && rolesGrant(u.roles as Role[], 'complaint.register'),
        );
        if (!target) throw AppError.field('validation_failed', 'handlerId', 'unknown_user', 'no such member of staff at this dealer');
        const role = HANDLER_ROLES.find((r) => (target.roles as string[]).includes(r)) ?? null;
        await repo.notify({
          dealer_id: row.dealer_id,
          id: newId(),
          kind: 'complaint_routed',
          assignee_user_id: target.id,
          complaint_id: row.id,
          customer_id: row.customer_id,
          due_at: row.due_at ?? clock.now(),
          dedupe_key: `complaint:${row.id}:routed:${target.id}`,
          created_at: clock.now(),
        });
        return commit(
          tx,
          actor,
          row,
          { handler_id: target.id, handler_role: role },
          { kind: 'handler_assigned', data: { handlerId: target.id, handlerName: target.display_name, role } },
        );
      });
    },

    /** Service recovery: approved at once within the person's limit, otherwise waiting for someone whose limit covers it. */
    async addRecovery(actor: Actor, id: string, input: z.infer<typeof recoveryInputSchema>) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'addRecovery');
        const now = clock.now();
        const limit = approvalLimit(actor.roles, (await settingsOf(tx, row.dealer_id)).approvalLimits);
        const approved = withinLimit(input.costFen, limit);
        const recoveryId = newId();
        await createComplaintsRepository(tx).insertRecovery({
          dealer_id: row.dealer_id,
          id: recoveryId,
          complaint_id: row.id,
          kind: input.kind,
          description: input.description ?? null,
          cost_fen: input.costFen,
          status: approved ? 'approved' : 'pending',
          requested_by: actor.userId,
          decided_by: approved ? actor.userId : null,
          decided_at: approved ? now : null,
          note: null,
          created_at: now,
        });
        return commit(
          tx,
          actor,
          row,
          {},
          {
            kind: approved ? 'recovery_approved' : 'recovery_requested',
            data: {
              recoveryId,
              kind: input.kind,
              costFen: input.costFen,
              description: input.description ?? null,
              withinOwnLimit: approved,
            },
          },
        );
      });
    },

    async decideRecovery(actor: Actor, id: string, recoveryId: string, input: z.infer<typeof recoveryDecisionSchema>) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'decideRecovery');
        const now = clock.now();
        const repo = createComplaintsRepository(tx);
        const pending = (await repo.recoveries(row.dealer_id, row.id)).find((r) => r.id === recoveryId);
        if (!pending) throw notFound('recovery');
        if (pending.status !== 'pending')
          throw new AppError('invalid_transition', {
            detail: `the recovery is ${pending.status} already`,
            extra: { status: pending.status },
          });
        const limit = approvalLimit(actor.roles, (await settingsOf(tx, row.dealer_id)).approvalLimits);
        if (input.approve && !withinLimit(pending.cost_fen, limit))
          throw forbidden(`approving ${pending.cost_fen} fen is above your limit`);
        if (!input.approve && !withinLimit(pending.cost_fen, limit) && !rolesGrant(actor.roles, 'complaint.manage'))
          throw forbidden('a recovery above your limit is decided by someone whose limit covers it');
        await repo.decideRecovery(row.dealer_id, row.id, recoveryId, {
          status: input.approve ? 'approved' : 'rejected',
          decided_by: actor.userId,
          decided_at: now,
          note: input.note ?? null,
        });
        return commit(
          tx,
          actor,
          row,
          {},
          {
            kind: input.approve ? 'recovery_approved' : 'recovery_rejected',
            data: { recoveryId, kind: pending.kind, costFen: pending.cost_fen, note: input.note ?? null },
          },
        );
      });
    },

    /** The customer accepts the solution (agreeing it is feedback too, if none was given yet). */
    async accept(actor: Actor, id: string, input: z.infer<typeof acceptanceInputSchema>) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'accept');
        const { sla } = await slaClockOf(tx, actor.networkId, row.dealer_id);
        return commit(
          tx,
          actor,
          row,
          { ...step(row, 'accept', sla), solution_plan: input.solutionPlan },
          { kind: 'accepted', data: { solutionPlan: input.solutionPlan, note: input.note ?? null } },
        );
      });
    },

    /** The repair the solution needs, booked through appointments (the same capacity rules). */
    async book(actor: Actor, id: string, input: z.infer<typeof complaintBookingSchema>) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'book');
        const vehicleId = input.vehicleId ?? row.vehicle_id;
        if (!vehicleId) throw AppError.field('validation_failed', 'vehicleId', 'required', 'which vehicle is to be repaired?');
        const { appointment, message } = await deps.appointments.bookIn(
          tx,
          { ...actor, dealerId: row.dealer_id },
          {
            vehicleId,
            startsAt: input.startsAt,
            durationMinutes: input.durationMinutes,
            requestedWork: input.requestedWork,
            customerWords: input.customerWords ?? row.customer_words.slice(0, 1000),
            channel: 'phone',
            parts: [],
            confirmDuplicate: input.confirmDuplicate ?? false,
          },
        );
        const complaint = await commit(
          tx,
          actor,
          row,
          { appointment_id: appointment.id },
          {
            kind: 'appointment_booked',
            data: { appointmentId: appointment.id, number: appointment.number, startsAt: appointment.startsAt, notes: input.notes ?? null },
          },
        );
        return { complaint, appointment: { ...appointment, message } };
      });
    },

    /**
     * Closes the case with the customer's final satisfaction, the cause and a prevention measure. A
     * satisfied customer gets the follow-up call 7 days later; closing with the customer still
     * unhappy is a manager's decision.
     */
    async close(actor: Actor, id: string, input: z.infer<typeof closeInputSchema>) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'close');
        const now = clock.now();
        const satisfied = isSatisfied(input.finalSatisfaction);
        if (isDissatisfied(input.finalSatisfaction) && !rolesGrant(actor.roles, 'complaint.manage'))
          throw forbidden('closing a case with the customer still dissatisfied is for a manager');
        const repo = createComplaintsRepository(tx);
        if ((await repo.recoveries(row.dealer_id, row.id)).some((r) => r.status === 'pending')) {
          throw new AppError('invalid_transition', {
            detail: 'a service recovery is waiting for approval',
            extra: { status: row.status, rule: 'recovery_pending' },
          });
        }
        const { sla, dealer } = await slaClockOf(tx, actor.networkId, row.dealer_id);
        const followUpTaskId = satisfied
          ? await deps.followUpCalls.scheduleEventCall(tx, {
              dealerId: row.dealer_id,
              rule: 'complaint_follow_up',
              periodKey: `complaint:${row.id}:${now.toISOString()}`,
              customerId: row.customer_id,
              vehicleId: row.vehicle_id,
              repairOrderId: row.repair_order_id,
              anchorOn: localDate(now, dealer.time_zone),
              ownerId:
                row.owner_id &&
                (await repo.staff(row.dealer_id)).some((u) => u.id === row.owner_id && rolesGrant(u.roles as Role[], 'follow_up.work'))
                  ? row.owner_id
                  : null,
            })
          : null;
        await deps.webhooks.emit(tx, {
          dealerId: row.dealer_id,
          type: 'complaint.closed',
          recordKey: `complaint:${row.id}`,
          data: { complaintId: row.id, number: row.number, finalSatisfaction: input.finalSatisfaction, causeClass: input.causeClass },
          occurredAt: now,
        });
        return commit(
          tx,
          actor,
          row,
          {
            ...step(row, 'close', sla),
            final_satisfaction: input.finalSatisfaction,
            cause_class: input.causeClass,
            preventable: input.preventable,
            prevention_measure: input.preventionMeasure,
            follow_up_task_id: followUpTaskId ?? row.follow_up_task_id,
          },
          {
            kind: 'closed',
            data: {
              finalSatisfaction: input.finalSatisfaction,
              causeClass: input.causeClass,
              preventable: input.preventable,
              preventionMeasure: input.preventionMeasure,
              note: input.note ?? null,
              followUpTaskId,
            },
          },
        );
      });
    },

    async reopen(actor: Actor, id: string, input: { version: number; reason: string }) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'reopen');
        const { sla } = await slaClockOf(tx, actor.networkId, row.dealer_id);
        return commit(
          tx,
          actor,
          row,
          { ...step(row, 'reopen', sla), final_satisfaction: null },
          { kind: 'reopened', data: { reason: input.reason } },
        );
      });
    },

    /** The car maker assigns the case to the dealer that must resolve it; its timeline and recovery go along. */
    async assignDealer(actor: Actor, id: string, input: z.infer<typeof assignDealerInputSchema>) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'assignDealer');
        const now = clock.now();
        const repo = createComplaintsRepository(tx);
        const target = await repo.dealer(actor.networkId, input.dealerId);
        if (!target) throw AppError.field('validation_failed', 'dealerId', 'unknown_dealer', 'no such dealer in the network');
        if (target.id === row.dealer_id)
          throw AppError.field('validation_failed', 'dealerId', 'same_dealer', 'the case is at this dealer already');
        const deadline = input.deadlineAt ? new Date(input.deadlineAt) : row.car_maker_deadline_at;
        if (input.deadlineAt)
          requireInstantWithin('deadlineAt', new Date(input.deadlineAt), clock.now(), { daysBack: 0, daysAhead: MAX_DEADLINE_DAYS });
        const { settings, sla } = await slaClockOf(tx, actor.networkId, target.id);
        let c: CaseClock = { ...toClock(row), level: 0 };
        if (deadline && deadline.getTime() !== row.car_maker_deadline_at?.getTime()) c = setCarMakerDeadline(c, deadline);
        // The new dealer is not late for what the old one let slip: it gets the escalation time.
        if (c.dueAt && c.dueAt <= now) c = { ...c, dueAt: addSlaHours(now, settings.escalationHours, sla) };
        const handler = await pickHandler(tx, target.id, routeRole(row.category as ComplaintCategory | null, settings.routing));
        const ownerAtOldDealer = row.owner_id && (await repo.staff(row.dealer_id)).some((u) => u.id === row.owner_id);
        await repo.cancelNotices(row.dealer_id, row.id, now);
        await createCustomersRepository(tx).linkDealer(target.id, row.customer_id, 'complaint', clock.now());
        const moved = await repo.moveToDealer(row.dealer_id, row.id, row.version, target.id, {
          ...clockColumns(c),
          handler_id: handler?.id ?? null,
          handler_role: handler?.role ?? null,
          owner_id: ownerAtOldDealer ? actor.userId : row.owner_id,
          repair_order_id: null,
          appointment_id: null,
          updated_at: now,
        });
        if (!moved) throw versionConflict(row.version + 1);
        const movedRow = moved;
        if (handler) {
          await repo.notify({
            dealer_id: target.id,
            id: newId(),
            kind: 'complaint_routed',
            assignee_user_id: handler.id,
            complaint_id: row.id,
            customer_id: row.customer_id,
            due_at: c.dueAt ?? now,
            dedupe_key: `complaint:${row.id}:routed:${handler.id}:${now.toISOString()}`,
            created_at: clock.now(),
          });
        }
        return commit(
          tx,
          actor,
          movedRow,
          {},
          {
            kind: 'dealer_assigned',
            data: {
              fromDealerId: row.dealer_id,
              toDealerId: target.id,
              toDealerName: target.name,
              handlerId: handler?.id ?? null,
              handlerName: handler?.name ?? null,
              deadlineAt: deadline?.toISOString() ?? null,
            },
          },
        );
      });
    },

    /** The car maker sets the resolution deadline. */
    async setDeadline(actor: Actor, id: string, input: { version: number; deadlineAt: string }) {
      return inTransaction(db, async (tx) => {
        const row = await caseToWork(tx, actor, id, input.version, 'setDeadline');
        const deadline = new Date(input.deadlineAt);
        if (deadline <= clock.now()) throw AppError.field('validation_failed', 'deadlineAt', 'in_past', 'the deadline has passed already');
        requireInstantWithin('deadlineAt', deadline, clock.now(), { daysAhead: MAX_DEADLINE_DAYS });
        return commit(tx, actor, row, clockColumns(setCarMakerDeadline(toClock(row), deadline)), {
          kind: 'deadline_set',
          data: { deadlineAt: deadline.toISOString() },
        });
      });
    },

    /** The staff who can take a case over or handle it: the own dealer's, or (for the car maker) a given dealer's. */
    async staff(actor: Actor, dealerId: string | undefined) {
      authorize(actor, 'complaint.read');
      const target = isCarMaker(actor) ? dealerId : requireDealer(actor);
      if (!target) throw AppError.field('validation_failed', 'dealerId', 'required', 'which dealer?');
      if (!(await createComplaintsRepository(db).dealer(actor.networkId, target)))
        throw AppError.field('validation_failed', 'dealerId', 'unknown_dealer', 'no such dealer in the network');
      const staff = await createComplaintsRepository(db).staff(target);
      return {
        items: staff
          .filter((u) => rolesGrant(u.roles as Role[], 'complaint.register'))
          .map((u) => ({ id: u.id, name: u.display_name, roles: u.roles })),
      };
    },

    /**
     * The SLA timer came due: the overdue step goes one level up, the new level is told, and the
     * next timer is armed. Runs once per timer however often the job is delivered.
     */
    async escalateDue(data: SlaDue) {
      const now = clock.now();
      await inTransaction(db, async (tx) => {
        const repo = createComplaintsRepository(tx);
        const row = await repo.findForTimer(data.dealerId, data.complaintId);
        if (!row) return;
        const { sla } = await slaClockOf(tx, row.network_id, row.dealer_id);
        const next = escalate(toClock(row), { step: data.step, dueAt: new Date(data.dueAt) }, now, sla);
        if (!next) return;
        const level = ESCALATION_LEVELS[next.level]!;
        const toCarMaker = level === 'car_maker';
        const updated = await repo.update(row.dealer_id, row.id, row.version, {
          ...clockColumns(next),
          ...(toCarMaker ? { car_maker_involved: true, severity: 'escalated', escalated_to: row.escalated_to ?? 'car_maker' } : {}),
          updated_at: now,
        });
        if (!updated) return;
        await repo.insertEvent({
          dealer_id: row.dealer_id,
          id: newId(),
          complaint_id: row.id,
          kind: 'escalated',
          data: { level, step: data.step, missedDueAt: data.dueAt, nextDueAt: next.dueAt?.toISOString() ?? null },
          actor_user_id: null,
          at: now,
        });
        const notified = toCarMaker ? [] : await repo.staffWithRoles(row.dealer_id, LEVEL_ROLES[next.level]!);
        for (const user of notified) {
          await repo.notify({
            dealer_id: row.dealer_id,
            id: newId(),
            kind: 'complaint_escalated',
            assignee_user_id: user.id,
            complaint_id: row.id,
            customer_id: row.customer_id,
            due_at: next.dueAt ?? now,
            dedupe_key: `complaint:${row.id}:escalated:${next.level}:${user.id}`,
            created_at: clock.now(),
          });
        }
        await recordAudit(
          tx,
          { networkId: row.network_id, dealerId: row.dealer_id, userId: null, tokenId: null, requestId: null },
          {
            action: 'complaint.escalated',
            entityType: 'complaint',
            entityId: row.id,
            before: { level: row.level },
            after: { level: next.level, notified: notified.map((u) => u.id) },
          },
          now,
        );
        await deps.webhooks.emit(tx, {
          dealerId: row.dealer_id,
          type: 'complaint.escalated',
          recordKey: `complaint:${row.id}`,
          data: {
            complaintId: row.id,
            number: row.number,
            reason: 'overdue',
            level,
            escalatedTo: toCarMaker ? (row.escalated_to ?? 'car_maker') : row.escalated_to,
            missedStep: data.step,
          },
          occurredAt: now,
        });
        await deps.complaintJobs.schedule(tx, {
          dealerId: row.dealer_id,
          id: row.id,
          dueStep: next.dueStep,
          dueAt: next.dueAt,
          level: next.level,
        });
      });
    },

    /** The complaint archive's figures for cases received in the period (the dealer's, or the network's for the car maker). */
    async analysis(actor: Actor, query: { from: string; to: string; dealerId?: string | undefined; region?: string | undefined }) {
      authorize(actor, 'complaint.read');
      const { from, to } = reportPeriod(query, actor.timeZone);
      const scope = scopeOf(actor, { dealerIds: query.dealerId ? [query.dealerId] : undefined, region: query.region });
      const repo = createComplaintsRepository(await reads.forReport(actor));
      // Side by side: the figures by dealer are a pass over the period's facts, the counts by category,
      // advisor and model read its whole months' counts and the facts of the rest.
      const [figures, counts, dealerRows, frequent, repeatCount] = await Promise.all([
        repo.analysisByDealer(scope, from, to, clock.now()),
        repo.analysisCounts(scope, from, to, wholeMonthsWithin(from, to)),
        repo.analysisDealers(scope, from, to),
        mostFrequentComplainants(repo, scope, from, to),
        // The whole network counts them in the figures; a narrower scope counts its own.
        isWholeNetwork(scope) ? null : repo.repeatComplainantCount(scope, from, to),
      ]);
      const byDimension = (dim: (typeof counts)[number]['dim']) =>
        counts.filter((c) => c.dim === dim).map((c) => ({ key: c.key, label: c.label, count: c.complaints }));
      const figuresOf = new Map(figures.map((f) => [f.dealer_id, f]));
      const dealers = dealerRows.map((d) => {
        const c = figuresOf.get(d.dealer_id);
        return {
          ...d,
          complaints: c?.complaints ?? 0,
          closed: c?.closed ?? 0,
          responded_in_time: c?.responded_in_time ?? 0,
          avg_close_hours: c?.avg_close_hours ?? null,
          overdue: c?.overdue ?? 0,
          was_overdue: c?.was_overdue ?? 0,
          preventable: c?.preventable ?? 0,
          recovery_cost_fen: c?.recovery_cost_fen ?? 0,
          second_cases: c?.second_cases ?? 0,
        };
      });
      const categories = byDimension('category');
      const bySa = byDimension('service_advisor');
      const byModel = byDimension('model');
      const sum = (key: keyof (typeof dealers)[number]) => dealers.reduce((total, d) => total + Number(d[key] ?? 0), 0);
      const ratio = (part: number, whole: number, scale = 1) => (whole ? Math.round((part / whole) * scale * 1000) / 1000 : null);
      const complaints = sum('complaints');
      const closed = sum('closed');
      const closeHours = dealers.reduce((total, d) => total + (d.avg_close_hours ?? 0) * d.closed, 0);
      return {
        from: query.from,
        to: query.to,
        totals: {
          complaints,
          closed,
          repairOrders: sum('repair_orders'),
          per100Ros: ratio(complaints, sum('repair_orders'), 100),
          respondedInTime: sum('responded_in_time'),
          responseRate: ratio(sum('responded_in_time'), complaints),
          avgCloseHours: closed ? Math.round((closeHours / closed) * 10) / 10 : null,
          overdue: sum('overdue'),
          wasOverdue: sum('was_overdue'),
          preventable: sum('preventable'),
          recoveryCostFen: sum('recovery_cost_fen'),
          repeatComplainants: repeatCount ?? sum('second_cases'),
        },
        pareto: pareto(categories.map((c) => ({ category: c.key, count: c.count }))),
        byServiceAdvisor: bySa,
        byModel,
        byDealer: dealers.map((d) => ({
          dealerId: d.dealer_id,
          code: d.code,
          name: d.name,
          complaints: d.complaints,
          repairOrders: d.repair_orders,
          per100Ros: ratio(d.complaints, d.repair_orders, 100),
          responseRate: ratio(d.responded_in_time, d.complaints),
          avgCloseHours: d.avg_close_hours === null ? null : Math.round(d.avg_close_hours * 10) / 10,
          overdue: d.overdue,
        })),
        repeatComplainants: frequent.map((r) => ({ customerId: r.customer_id, name: r.name, count: r.count })),
      };
    },
  };
  return service;
}

export type ComplaintsService = ReturnType<typeof createComplaintsService>;
