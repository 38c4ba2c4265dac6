import type {
  claimApproveSchema,
  claimCreateSchema,
  claimLineInputSchema,
  claimPatchSchema,
  claimQuerySchema,
  RoWarranty,
  WarrantyAnalysis,
  WarrantyCoverage,
  WarrantySettlement,
  warrantyCheckInputSchema,
  warrantyPolicyInputSchema,
  warrantySettingsPatchSchema,
} from '@servicebay/contracts';
import ExcelJS from 'exceljs';
import type { Insertable } from 'kysely';
import type { z } from 'zod';
import { type Actor, authorize, isCarMaker } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { WarrantyClaimLinesTable } from '../../platform/db.schema.js';
import { localDate, zonedInstant } from '../../platform/dealer-time.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { reportPeriod } from '../../platform/period.js';
import { rolesGrant } from '../../platform/rbac.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { dealerScopeOf, type Scope, scopeOf } from '../../platform/scope.js';
import { nextDailyNumber } from '../../platform/sequences.js';
import { inTransaction } from '../../platform/transaction.js';
import { createRepairOrdersRepository } from '../repair-orders/repair-orders.repository.js';
import { createVehiclesRepository } from '../vehicles/vehicles.repository.js';
import type { WebhookSender } from '../webhooks/webhooks.sender.js';
import { createCampaignsRepository } from './campaigns.repository.js';
import { watchSanbao } from './sanbao.watch.js';
import type { ClaimDue, WarrantyJobs } from './warranty.jobs.js';
import { SETTLEMENT_LABELS } from './warranty.labels.js';
import { claimAbilities, claimPolicy } from './warranty.policy.js';
import {
  presentAnalysis,
  presentCheck,
  presentClaim,
  presentClaimListItem,
  presentPolicy,
  presentVehicleCampaign,
} from './warranty.presenter.js';
import { type ClaimRow, createWarrantyRepository } from './warranty.repository.js';
import {
  approvedTotal,
  campaignOpen,
  claimKindOfTerm,
  claimLineAmount,
  claimStepAllowed,
  coverageOf,
  judgeEligibility,
  policyInForce,
  SANBAO_DEFAULTS,
  serviceSchedule,
  submitByOf,
} from './warranty.rules.js';

type Deps = { db: Database; reads: ReadRouter; clock: Clock; warrantyJobs: WarrantyJobs; webhooks: Pick<WebhookSender, 'emit'> };
export type WarrantyCheckCreate = z.output<typeof warrantyCheckInputSchema>;
export type PolicyCreate = z.output<typeof warrantyPolicyInputSchema>;
export type SettingsPatch = z.output<typeof warrantySettingsPatchSchema>;
type ClaimLineCreate = z.output<typeof claimLineInputSchema>;
type ClaimCreate = z.output<typeof claimCreateSchema>;
type ClaimPatch = z.output<typeof claimPatchSchema>;
type ClaimApprove = z.output<typeof claimApproveSchema>;
type ClaimQueryInput = z.output<typeof claimQuerySchema>;

const DAY = 86_400_000;
/** The car maker settles by China's calendar month. */
const SETTLEMENT_TIME_ZONE = 'Asia/Shanghai';

function monthRange(month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    from: zonedInstant(`${month}-01`, '00:00', SETTLEMENT_TIME_ZONE),
    to: zonedInstant(`${next}-01`, '00:00', SETTLEMENT_TIME_ZONE),
  };
}

/** Repair-order statuses after the repair is done: a claim is prepared from a finished repair. */
const REPAIRED = ['ready', 'invoiced', 'delivered', 'closed'] as const;

/** The pay type of the RO lines a claim kind is made from. */
const PAY_TYPE_OF = { warranty: 'warranty', free_first_maintenance: 'free_first_maintenance' } as const;

export function createWarrantyService({ db, reads, clock, warrantyJobs, webhooks }: Deps) {
  /** `claim.submitted` / `claim.decided`: the claim's numbers and status, in the transaction of the step. */
  async function emitClaim(
    tx: Database,
    type: 'claim.submitted' | 'claim.decided',
    claim: Pick<ClaimRow, 'dealer_id' | 'id' | 'number' | 'kind' | 'repair_order_id' | 'vehicle_id'>,
    facts: { status: string; claimedFen: number; approvedFen?: number | null; rejectCode?: string | null; resubmitted?: boolean },
    now: Date,
  ) {
    await webhooks.emit(tx, {
      dealerId: claim.dealer_id,
      type,
      recordKey: `claim:${claim.id}`,
      data: {
        claimId: claim.id,
        number: claim.number,
        kind: claim.kind,
        repairOrderId: claim.repair_order_id,
        vehicleId: claim.vehicle_id,
        ...facts,
        at: now.toISOString(),
      },
      occurredAt: now,
    });
  }

  /** What covers the car today, and what its eligibility is judged from. */
  async function coverage(tx: Database, vehicleId: string, today: string) {
    const repo = createWarrantyRepository(tx);
    const { vehicle, readings, firstMaintenanceUsed } = await repo.vehicleFacts(vehicleId);
    const latest = readings[readings.length - 1];
    const km = latest?.km ?? null;
    const base = {
      vehicleId,
      deliveredOn: vehicle.delivered_on,
      useTypeAtSale: vehicle.use_type_at_sale as WarrantyCoverage['useTypeAtSale'],
      km,
    };
    const unknown = (why: 'no_policy' | 'not_delivered') => ({
      view: { ...base, policy: null, unknownBecause: why, terms: [], serviceOnSchedule: true, overdueSince: null } as WarrantyCoverage,
      fittedPartsMonths: null,
      policyId: null,
    });
    if (!vehicle.model_id) return unknown('no_policy');
    if (!vehicle.delivered_on) return unknown('not_delivered');
    const policy = policyInForce(await repo.policiesOfModel(vehicle.model_id), vehicle.model_year, vehicle.delivered_on);
    if (!policy) return unknown('no_policy');
    const terms = coverageOf({
      terms: policy.terms,
      soldOn: vehicle.delivered_on,
      useTypeAtSale: base.useTypeAtSale,
      km,
      today,
      firstMaintenanceUsed,
    });
    const schedule = serviceSchedule({
      soldOn: vehicle.delivered_on,
      intervalMonths: vehicle.service_interval_months ?? 6,
      intervalKm: vehicle.service_interval_km ?? 10_000,
      services: readings.filter((r) => r.source === 'service_visit' && r.dealer_id !== null).map((r) => ({ readOn: r.read_on, km: r.km })),
      km,
      today,
    });
    const view: WarrantyCoverage = {
      ...base,
      policy: { id: policy.id, version: policy.version, effectiveFrom: policy.effective_from, modelYear: policy.model_year },
      unknownBecause: null,
      terms,
      serviceOnSchedule: schedule.onSchedule,
      overdueSince: schedule.overdueSince,
    };
    return { view, fittedPartsMonths: policy.terms.fittedPartsMonths, policyId: policy.id };
  }

  async function visibleOrder(tx: Database, scope: Scope, id: string) {
    const order = await createRepairOrdersRepository(tx).findOrder(scope, id);
    if (!order) throw notFound('repair order');
    return order;
  }

  async function detail(tx: Database, actor: Actor, scope: Scope, id: string) {
    const repo = createWarrantyRepository(tx);
    const row = await repo.findClaim(scope, id);
    if (!row) throw notFound('claim');
    const [lines, events] = await Promise.all([repo.linesOfClaim(row.dealer_id, id), repo.eventsOfClaim(row.dealer_id, id)]);
    return presentClaim(row, lines, events, claimAbilities(actor, row));
  }

  /** The use-case's answer, the claim as it now is, audited in the same transaction. */
  async function concluded(tx: Database, actor: Actor, scope: Scope, id: string, action: string, now: Date) {
    const claim = await detail(tx, actor, scope, id);
    await recordAudit(tx, actor, { action, entityType: 'warranty_claim', entityId: id, after: claim }, now);
    return claim;
  }

  /** The claim's row, locked, after the policy and the status allow the action and the version is the one seen. */
  async function claimFor(
    tx: Database,
    actor: Actor,
    scope: Scope,
    id: string,
    action: Parameters<typeof claimPolicy.authorize>[1],
    version: number,
  ) {
    const row = await createWarrantyRepository(tx).lockClaim(scope, id);
    if (!row) throw notFound('claim');
    claimPolicy.authorize(actor, action, row);
    if (!claimStepAllowed(action, row))
      throw new AppError('invalid_transition', { detail: `a ${row.status} claim cannot be ${action}d`, extra: { status: row.status } });
    if (row.version !== version) throw versionConflict(row.version);
    return row;
  }

  async function event(
    tx: Database,
    actor: Actor,
    claim: Pick<ClaimRow, 'dealer_id' | 'id'>,
    kind: string,
    note: string | null,
    data = {},
  ) {
    await createWarrantyRepository(tx).insertEvent({
      dealer_id: claim.dealer_id,
      id: newId(),
      claim_id: claim.id,
      kind,
      at: clock.now(),
      actor_id: actor.userId,
      note,
      data: JSON.stringify(data),
    });
  }

  /** Claim lines priced at the car maker's terms: labour at its rate, parts at its price (else the dealer's). */
  async function priceLines(tx: Database, actor: Actor, dealerId: string, claimId: string, lines: ClaimLineCreate[], field = 'lines') {
    const repo = createWarrantyRepository(tx);
    const { labour_rate_fen } = await repo.settings(actor.networkId);
    const codes = lines.flatMap((l) => (l.kind === 'parts' ? [l.code] : []));
    const prices = await repo.partPrices(actor.networkId, dealerId, codes);
    return lines.map((l, i): Insertable<WarrantyClaimLinesTable> => {
      const base = { dealer_id: dealerId, claim_id: claimId, position: i + 1, kind: l.kind, description: l.description };
      if (l.kind === 'labour') {
        const priced = { kind: l.kind, hours: l.hours, rateFen: labour_rate_fen };
        return { ...base, code: l.code ?? null, hours: l.hours, rate_fen: labour_rate_fen, amount_fen: claimLineAmount(priced) };
      }
      if (l.kind === 'parts') {
        const price = prices.get(l.code);
        if (!price) throw AppError.field('validation_failed', `${field}.${i}.code`, 'unknown_part', 'no price for this part number');
        const priced = { kind: l.kind, quantity: l.quantity, unitPriceFen: price.priceFen };
        return { ...base, code: l.code, quantity: l.quantity, unit_price_fen: price.priceFen, amount_fen: claimLineAmount(priced) };
      }
      return { ...base, code: l.code ?? null, amount_fen: l.amountFen };
    });
  }

  return {
    async listPolicies(actor: Actor) {
      authorize(actor, 'vehicle.read');
      const rows = await createWarrantyRepository(db).listPolicies(actor.networkId);
      return { items: rows.map(presentPolicy), canWrite: isCarMaker(actor) && rolesGrant(actor.roles, 'warranty.policy') };
    },

    /** A new version of a model's (or model year's) policy, in force for vehicles sold from its day on. */
    async createPolicy(actor: Actor, input: PolicyCreate) {
      authorize(actor, 'warranty.policy');
      if (!isCarMaker(actor)) throw forbidden('only the car maker writes warranty policies');
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createWarrantyRepository(tx);
        if (!(await repo.findModel(actor.networkId, input.modelId)))
          throw AppError.field('validation_failed', 'modelId', 'unknown_model', 'no such model');
        const version = await repo.nextPolicyVersion(input.modelId, input.modelYear);
        const current = (await repo.policiesOfModel(input.modelId)).filter((p) => p.model_year === input.modelYear);
        if (current.some((p) => p.effective_from > input.effectiveFrom))
          throw AppError.field(
            'validation_failed',
            'effectiveFrom',
            'before_current_version',
            'a later version is already in force from a later day',
          );
        const id = newId();
        await repo.insertPolicy({
          id,
          network_id: actor.networkId,
          model_id: input.modelId,
          model_year: input.modelYear,
          version,
          effective_from: input.effectiveFrom,
          terms: JSON.stringify(input.terms),
          note: input.note ?? null,
          created_by: actor.userId,
          created_at: now,
        });
        const policy = presentPolicy(await repo.findPolicy(id));
        await recordAudit(
          tx,
          actor,
          { action: 'warranty_policy.created', entityType: 'warranty_policy', entityId: id, after: policy },
          now,
        );
        return policy;
      });
    },

    async settings(actor: Actor) {
      authorize(actor, 'warranty.read');
      const s = await createWarrantyRepository(db).settings(actor.networkId);
      return {
        labourRateFen: s.labour_rate_fen,
        submitWindowDays: s.submit_window_days,
        warnDaysBefore: s.warn_days_before,
        partReturnDays: s.part_return_days,
        sanbao: s.sanbao ?? SANBAO_DEFAULTS,
        canWrite: isCarMaker(actor) && rolesGrant(actor.roles, 'warranty.policy'),
      };
    },

    async updateSettings(actor: Actor, patch: SettingsPatch) {
      authorize(actor, 'warranty.policy');
      if (!isCarMaker(actor)) throw forbidden('only the car maker sets the claim terms');
      const now = clock.now();
      await inTransaction(db, async (tx) => {
        const repo = createWarrantyRepository(tx);
        const before = await repo.settings(actor.networkId);
        const after = {
          labour_rate_fen: patch.labourRateFen ?? before.labour_rate_fen,
          submit_window_days: patch.submitWindowDays ?? before.submit_window_days,
          warn_days_before: patch.warnDaysBefore ?? before.warn_days_before,
          part_return_days: patch.partReturnDays ?? before.part_return_days,
          sanbao: patch.sanbao ?? before.sanbao,
        };
        await repo.saveSettings(actor.networkId, after, now);
        await recordAudit(
          tx,
          actor,
          { action: 'warranty_settings.updated', entityType: 'network', entityId: actor.networkId, before, after },
          now,
        );
      });
      return this.settings(actor);
    },

    async vehicleCoverage(actor: Actor, vehicleId: string) {
      authorize(actor, 'vehicle.read');
      if (!(await createVehiclesRepository(db).findById(scopeOf(actor), vehicleId))) throw notFound('vehicle');
      return (await coverage(db, vehicleId, localDate(clock.now(), actor.timeZone))).view;
    },

    /** The warranty side of a repair order: what covers the car, the clerk's checks, the claims. */
    async orderWarranty(actor: Actor, orderId: string): Promise<RoWarranty> {
      authorize(actor, 'repair_order.read');
      const order = await visibleOrder(db, scopeOf(actor), orderId);
      const repo = createWarrantyRepository(db);
      const today = localDate(clock.now(), actor.timeZone);
      const [cover, lines, checks, claims, campaigns] = await Promise.all([
        coverage(db, order.vehicle_id, today),
        createRepairOrdersRepository(db).linesOf(order),
        repo.checksOf(order.dealer_id, order.id),
        repo.claimsOfOrder(order.dealer_id, order.id),
        createCampaignsRepository(db).ofVehicle(order.vehicle_id),
      ]);
      const clerk = !isCarMaker(actor) && actor.dealerId === order.dealer_id && rolesGrant(actor.roles, 'warranty.claim');
      return {
        coverage: cover.view,
        warrantyLines: lines.filter((l) => l.pay_type === 'warranty').length,
        firstMaintenanceLines: lines.filter((l) => l.pay_type === 'free_first_maintenance').length,
        checks: checks.map(presentCheck),
        claims: claims.map((c) => ({ id: c.id, number: c.number, kind: c.kind, status: c.status })),
        campaigns: campaigns.map((c) => presentVehicleCampaign(c, today)),
        can: {
          check: clerk && order.status !== 'cancelled',
          prepareClaim: clerk && (REPAIRED as readonly string[]).includes(order.status),
          recordCampaign:
            !isCarMaker(actor) &&
            actor.dealerId === order.dealer_id &&
            (rolesGrant(actor.roles, 'warranty.claim') || rolesGrant(actor.roles, 'repair_order.write')) &&
            (REPAIRED as readonly string[]).includes(order.status),
        },
      };
    },

    /** The warranty clerk's eligibility check of a repair under one term, recorded with its answer. */
    async checkEligibility(actor: Actor, orderId: string, input: WarrantyCheckCreate) {
      authorize(actor, 'warranty.claim');
      const scope = dealerScopeOf(actor);
      const now = clock.now();
      const today = localDate(now, actor.timeZone);
      return inTransaction(db, async (tx) => {
        const order = await visibleOrder(tx, scope, orderId);
        if (order.status === 'cancelled')
          throw new AppError('invalid_transition', { detail: 'the order is cancelled', extra: { status: order.status } });
        const cover = await coverage(tx, order.vehicle_id, today);
        const known = cover.view.unknownBecause === null;
        if (known && input.term !== 'fitted_parts' && !cover.view.terms.some((t) => t.term === input.term))
          throw AppError.field('validation_failed', 'term', 'unknown_term', "the car's policy has no such term");
        let fittedOn: string | null = null;
        if (input.term === 'fitted_parts') {
          if (!input.partNumber) throw AppError.field('validation_failed', 'partNumber', 'required', 'name the part that was fitted');
          const at = await createWarrantyRepository(tx).fittedOn(order.vehicle_id, input.partNumber, order.id);
          fittedOn = at ? localDate(at, actor.timeZone) : null;
        }
        const verdict = judgeEligibility({
          coverage: known ? cover.view.terms : { unknownBecause: cover.view.unknownBecause! },
          term: input.term,
          onSchedule: cover.view.serviceOnSchedule,
          findings: input.findings,
          fittedOn,
          fittedPartsMonths: cover.fittedPartsMonths ?? 12,
          today,
        });
        const id = newId();
        const repo = createWarrantyRepository(tx);
        await repo.insertCheck({
          dealer_id: scope.dealerId,
          id,
          repair_order_id: order.id,
          term: input.term,
          eligible: verdict.eligible,
          exclusion: verdict.exclusion,
          policy_id: cover.policyId,
          findings: JSON.stringify(input.findings),
          customer_words: input.customerWords,
          technician_checks: input.technicianChecks ?? null,
          repair_report: input.repairReport ?? null,
          checked_by: actor.userId,
          checked_at: now,
        });
        const check = presentCheck((await repo.checksOf(scope.dealerId, order.id)).find((c) => c.id === id)!);
        await recordAudit(tx, actor, { action: 'warranty.checked', entityType: 'repair_order', entityId: order.id, after: check }, now);
        return check;
      });
    },

    async listClaims(actor: Actor, query: ClaimQueryInput) {
      authorize(actor, 'warranty.read');
      const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
      const limit = query.limit ?? 50;
      const rows = await createWarrantyRepository(db).listClaims(scope, {
        ...(query.status ? { status: query.status } : {}),
        ...(query.q ? { q: query.q } : {}),
        afterId: decodeCursor(query.cursor),
        limit,
      });
      return toPage(rows.map(presentClaimListItem), limit);
    },

    async getClaim(actor: Actor, id: string) {
      authorize(actor, 'warranty.read');
      return detail(db, actor, scopeOf(actor), id);
    },

    /** A draft claim from a finished warranty or first-maintenance repair, priced at the car maker's terms. */
    async prepareClaim(actor: Actor, input: ClaimCreate) {
      authorize(actor, 'warranty.claim');
      const scope = dealerScopeOf(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createWarrantyRepository(tx);
        const order = await visibleOrder(tx, scope, input.repairOrderId);
        if (!(REPAIRED as readonly string[]).includes(order.status))
          throw AppError.field('invalid_transition', 'repairOrderId', 'repair_not_finished', 'the repair is not finished yet');
        const orderLines = (await createRepairOrdersRepository(tx).linesOf(order)).filter((l) => l.pay_type === PAY_TYPE_OF[input.kind]);
        if (orderLines.length === 0)
          throw AppError.field(
            'validation_failed',
            'repairOrderId',
            'no_warranty_lines',
            'the order has no lines the car maker pays for this kind of claim',
          );
        const check = await repo.latestEligibleCheck(scope.dealerId, order.id, input.kind === 'free_first_maintenance');
        if (!check || claimKindOfTerm(check.term) !== input.kind)
          throw AppError.field(
            'warranty_unconfirmed',
            'repairOrderId',
            'warranty_unconfirmed',
            "the warranty clerk has not confirmed this repair's eligibility",
          );
        const existing = (await repo.claimsOfOrder(scope.dealerId, order.id)).find((c) => c.kind === input.kind);
        if (existing) throw new AppError('claim_exists', { detail: 'this order already has this claim', extra: { claimId: existing.id } });
        const settings = await repo.settings(actor.networkId);
        const id = newId();
        const lines = await priceLines(
          tx,
          actor,
          scope.dealerId,
          id,
          orderLines.map(
            (l): ClaimLineCreate =>
              l.kind === 'labour'
                ? { kind: 'labour', code: l.code, description: l.description, hours: Number(l.hours) }
                : { kind: 'parts', code: l.code ?? '', description: l.description, quantity: Number(l.quantity) },
          ),
          'repairOrderId',
        );
        const partCodes = lines.filter((l) => l.kind === 'parts').map((l) => l.code!);
        const causal = input.causalPartCode ?? partCodes[0] ?? lines[0]!.code ?? 'N/A';
        const repairedAt = order.ready_at ?? order.delivered_at ?? now;
        const firstMaintenance = input.kind === 'free_first_maintenance';
        const { model_id } = await repo.modelOf(order.vehicle_id);
        await repo.insertClaim({
          dealer_id: scope.dealerId,
          id,
          network_id: actor.networkId,
          number: await nextDailyNumber(tx, scope.dealerId, 'WC', localDate(now, actor.timeZone)),
          repair_order_id: order.id,
          vehicle_id: order.vehicle_id,
          model_id,
          check_id: check.id,
          kind: input.kind,
          status: 'draft',
          term: check.term,
          causal_part_code: causal,
          failure_code: input.failureCode ?? (firstMaintenance ? 'maintenance' : 'other'),
          cause_code: input.causeCode ?? (firstMaintenance ? 'scheduled_service' : 'unknown'),
          customer_words: check.customer_words,
          technician_checks: check.technician_checks,
          repair_report: check.repair_report,
          repaired_at: repairedAt,
          submit_by: submitByOf(repairedAt, settings.submit_window_days),
          claimed_fen: lines.reduce((s, l) => s + l.amount_fen, 0),
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        await repo.replaceClaimLines(scope.dealerId, id, lines);
        const submitBy = submitByOf(repairedAt, settings.submit_window_days);
        await warrantyJobs.warnBefore(
          tx,
          { dealerId: scope.dealerId, claimId: id, submitBy },
          new Date(submitBy.getTime() - settings.warn_days_before * DAY),
        );
        await event(tx, actor, { dealer_id: scope.dealerId, id }, 'prepared', null, { repairOrderNumber: order.number });
        return concluded(tx, actor, scope, id, 'warranty_claim.prepared', now);
      });
    },

    async updateClaim(actor: Actor, id: string, patch: ClaimPatch) {
      authorize(actor, 'warranty.claim');
      const scope = dealerScopeOf(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const row = await claimFor(tx, actor, scope, id, 'update', patch.version);
        const repo = createWarrantyRepository(tx);
        let claimed = row.claimed_fen;
        if (patch.lines) {
          const lines = await priceLines(tx, actor, row.dealer_id, id, patch.lines);
          await repo.replaceClaimLines(row.dealer_id, id, lines);
          claimed = lines.reduce((s, l) => s + l.amount_fen, 0);
        }
        await repo.updateClaim(row.dealer_id, id, row.version, {
          ...(patch.causalPartCode !== undefined ? { causal_part_code: patch.causalPartCode } : {}),
          ...(patch.failureCode !== undefined ? { failure_code: patch.failureCode } : {}),
          ...(patch.causeCode !== undefined ? { cause_code: patch.causeCode } : {}),
          ...(patch.customerWords !== undefined ? { customer_words: patch.customerWords } : {}),
          ...(patch.technicianChecks !== undefined ? { technician_checks: patch.technicianChecks } : {}),
          ...(patch.repairReport !== undefined ? { repair_report: patch.repairReport } : {}),
          claimed_fen: claimed,
          updated_at: now,
        });
        await event(
          tx,
          actor,
          row,
          'updated',
          null,
          claimed !== row.claimed_fen ? { claimedFen: { from: row.claimed_fen, to: claimed } } : {},
        );
        return concluded(tx, actor, scope, id, 'warranty_claim.updated', now);
      });
    },

    /** To the car maker: the lines must add up to what the clerk saw; late when past the window. */
    async submitClaim(actor: Actor, id: string, input: { version: number; claimedFen: number }) {
      authorize(actor, 'warranty.claim');
      const scope = dealerScopeOf(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const row = await claimFor(tx, actor, scope, id, 'submit', input.version);
        const repo = createWarrantyRepository(tx);
        const lines = await repo.linesOfClaim(row.dealer_id, id);
        if (lines.length === 0) throw AppError.field('validation_failed', 'lines', 'required', 'a claim needs at least one line');
        const total = lines.reduce((s, l) => s + l.amount_fen, 0);
        if (total !== input.claimedFen)
          throw AppError.field('validation_failed', 'claimedFen', 'disagrees_with_lines', `the lines add up to ${total} fen`);
        const partCodes = lines.filter((l) => l.kind === 'parts').map((l) => l.code);
        if (row.kind === 'warranty' && partCodes.length > 0 && !partCodes.includes(row.causal_part_code))
          throw AppError.field('validation_failed', 'causalPartCode', 'not_on_lines', "the causal part must be one of the claim's parts");
        const first = row.submitted_at === null;
        await repo.updateClaim(row.dealer_id, id, row.version, {
          status: 'submitted',
          claimed_fen: total,
          // Timeliness is the first submission's; an answer to a return is not late for the window.
          ...(first ? { submitted_at: now, late: now.getTime() > row.submit_by.getTime() } : {}),
          // An appeal of a rejection is decided anew; the rejection stays on the timeline.
          ...(row.status === 'rejected' ? { reject_code: null, decided_at: null } : {}),
          updated_at: now,
        });
        await event(tx, actor, row, first ? 'submitted' : 'resubmitted', null, { claimedFen: total });
        await emitClaim(tx, 'claim.submitted', row, { status: 'submitted', claimedFen: total, resubmitted: !first }, now);
        if (row.kind === 'warranty')
          await watchSanbao(tx, { vehicleId: row.vehicle_id, dealerId: row.dealer_id, now, timeZone: actor.timeZone });
        return concluded(tx, actor, scope, id, 'warranty_claim.submitted', now);
      });
    },

    /** The car maker pays the lines as claimed, or adjusted with a reason each, and names the parts it wants back. */
    async approveClaim(actor: Actor, id: string, input: ClaimApprove) {
      authorize(actor, 'warranty.review');
      const scope = scopeOf(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const row = await claimFor(tx, actor, scope, id, 'approve', input.version);
        const repo = createWarrantyRepository(tx);
        const lines = await repo.linesOfClaim(row.dealer_id, id);
        const byPosition = new Map(lines.map((l) => [l.position, l]));
        const adjustments = input.adjustments ?? [];
        const seen = new Set<number>();
        adjustments.forEach((a, i) => {
          const line = byPosition.get(a.position);
          if (!line || seen.has(a.position))
            throw AppError.field(
              'validation_failed',
              `adjustments.${i}.position`,
              line ? 'duplicate' : 'unknown_line',
              'no such line, or named twice',
            );
          if (a.approvedFen > line.amount_fen)
            throw AppError.field('validation_failed', `adjustments.${i}.approvedFen`, 'above_claimed', 'more than the line claims');
          seen.add(a.position);
        });
        (input.returnPositions ?? []).forEach((p, i) => {
          if (byPosition.get(p)?.kind !== 'parts')
            throw AppError.field('validation_failed', `returnPositions.${i}`, 'not_a_part', 'only a replaced part can be returned');
        });
        const paid = lines.map((l) => {
          const a = adjustments.find((x) => x.position === l.position);
          return { ...l, approvedFen: a ? a.approvedFen : null, reason: a?.reason ?? null };
        });
        for (const l of paid)
          await repo.updateClaimLine(row.dealer_id, id, l.position, {
            approved_fen: l.approvedFen ?? l.amount_fen,
            adjust_reason: l.approvedFen !== null && l.approvedFen !== l.amount_fen ? l.reason : null,
            return_required: (input.returnPositions ?? []).includes(l.position),
          });
        const approved = approvedTotal(paid.map((l) => ({ amountFen: l.amount_fen, approvedFen: l.approvedFen })));
        const returnDue = input.returnPositions?.length
          ? new Date(now.getTime() + (await repo.settings(actor.networkId)).part_return_days * DAY)
          : null;
        await repo.updateClaim(row.dealer_id, id, row.version, {
          status: 'approved',
          approved_fen: approved,
          reviewer_id: actor.userId,
          decided_at: now,
          decision_note: input.note ?? null,
          ...(returnDue ? { return_status: 'requested', return_due_at: returnDue } : {}),
          updated_at: now,
        });
        await emitClaim(tx, 'claim.decided', row, { status: 'approved', claimedFen: row.claimed_fen, approvedFen: approved }, now);
        if (returnDue) await warrantyJobs.chargeBackAt(tx, { dealerId: row.dealer_id, claimId: id, dueAt: returnDue });
        await event(tx, actor, row, 'approved', input.note ?? null, {
          claimedFen: row.claimed_fen,
          approvedFen: approved,
          adjustments: adjustments.filter((a) => a.approvedFen !== byPosition.get(a.position)!.amount_fen),
          returnPositions: input.returnPositions ?? [],
        });
        const claim = await detail(tx, actor, scope, id);
        await recordAudit(
          tx,
          actor,
          {
            action: 'warranty_claim.approved',
            entityType: 'warranty_claim',
            entityId: id,
            before: { claimedFen: row.claimed_fen },
            after: claim,
          },
          now,
        );
        return claim;
      });
    },

    async rejectClaim(actor: Actor, id: string, input: { version: number; code: string; reason: string }) {
      authorize(actor, 'warranty.review');
      return decide(actor, id, input.version, 'reject', {
        status: 'rejected',
        reject_code: input.code,
        decision_note: input.reason,
      });
    },

    /** Back to the dealer for information; the dealer answers and submits again. */
    async returnClaim(actor: Actor, id: string, input: { version: number; note: string }) {
      authorize(actor, 'warranty.review');
      return decide(actor, id, input.version, 'return', { status: 'returned', decision_note: input.note });
    },

    /**
     * The campaign work done on a finished order: the car's campaign is completed, once in the whole
     * network, and its claim raised and submitted at the car maker's terms.
     */
    async recordCampaignWork(actor: Actor, orderId: string, input: { campaignId: string }) {
      if (!rolesGrant(actor.roles, 'warranty.claim') && !rolesGrant(actor.roles, 'repair_order.write'))
        throw forbidden('recording campaign work is for the advisor or the warranty clerk');
      const scope = dealerScopeOf(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const order = await visibleOrder(tx, scope, orderId);
        if (!(REPAIRED as readonly string[]).includes(order.status))
          throw new AppError('invalid_transition', { detail: 'the repair is not finished yet', extra: { status: order.status } });
        const campaigns = createCampaignsRepository(tx);
        const campaign = await campaigns.findForVehicle(actor.networkId, input.campaignId, order.vehicle_id);
        if (!campaign) throw AppError.field('validation_failed', 'campaignId', 'not_affected', 'the campaign does not name this car');
        const done = () => new AppError('campaign_done', { detail: "the car's campaign work is already recorded" });
        if (campaign.completed_at) throw done();
        if (!campaignOpen(campaign, localDate(now, actor.timeZone)))
          throw new AppError('campaign_closed', { detail: 'the campaign is not open' });
        const repo = createWarrantyRepository(tx);
        const id = newId();
        const work: ClaimLineCreate[] = [
          { kind: 'labour', code: campaign.labour_code, description: campaign.title, hours: Number(campaign.labour_hours) },
          ...campaign.parts.map((p): ClaimLineCreate => ({ kind: 'parts', code: p.partNumber, description: p.name, quantity: p.quantity })),
        ];
        const lines = await priceLines(tx, actor, scope.dealerId, id, work, 'campaignId');
        const settings = await repo.settings(actor.networkId);
        const repairedAt = order.ready_at ?? order.delivered_at ?? now;
        await repo.insertClaim({
          dealer_id: scope.dealerId,
          id,
          network_id: actor.networkId,
          number: await nextDailyNumber(tx, scope.dealerId, 'WC', localDate(now, actor.timeZone)),
          repair_order_id: order.id,
          vehicle_id: order.vehicle_id,
          model_id: (await repo.modelOf(order.vehicle_id)).model_id,
          check_id: null,
          campaign_id: campaign.id,
          kind: 'campaign',
          status: 'submitted',
          term: `campaign:${campaign.code}`,
          causal_part_code: campaign.parts[0]?.partNumber ?? campaign.labour_code ?? campaign.code,
          failure_code: 'other',
          cause_code: 'design',
          customer_words: campaign.title,
          technician_checks: null,
          repair_report: campaign.description,
          repaired_at: repairedAt,
          submit_by: submitByOf(repairedAt, settings.submit_window_days),
          submitted_at: now,
          claimed_fen: lines.reduce((s, l) => s + l.amount_fen, 0),
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        await repo.replaceClaimLines(scope.dealerId, id, lines);
        if (
          !(await campaigns.complete(campaign.id, order.vehicle_id, { dealerId: scope.dealerId, orderId: order.id, claimId: id, at: now }))
        )
          throw done();
        await event(tx, actor, { dealer_id: scope.dealerId, id }, 'submitted', null, {
          campaignCode: campaign.code,
          repairOrderNumber: order.number,
        });
        const claim = (await repo.lockClaim(scope, id))!;
        await emitClaim(tx, 'claim.submitted', claim, { status: 'submitted', claimedFen: claim.claimed_fen, resubmitted: false }, now);
        return concluded(tx, actor, scope, id, 'campaign.completed', now);
      });
    },

    /** The dealer ships the replaced parts the car maker asked for, with the waybill number. */
    async shipParts(actor: Actor, id: string, input: { version: number; waybill: string; note?: string | null | undefined }) {
      authorize(actor, 'warranty.claim');
      const scope = dealerScopeOf(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const row = await claimFor(tx, actor, scope, id, 'shipParts', input.version);
        await createWarrantyRepository(tx).updateClaim(row.dealer_id, id, row.version, {
          return_status: 'shipped',
          return_waybill: input.waybill,
          return_shipped_at: now,
          return_note: input.note ?? null,
          updated_at: now,
        });
        await event(tx, actor, row, 'parts_shipped', input.note ?? null, { waybill: input.waybill });
        return concluded(tx, actor, scope, id, 'warranty_claim.parts_shipped', now);
      });
    },

    /** The car maker's claims centre confirms the parts arrived and records its inspection. */
    async receiveParts(actor: Actor, id: string, input: { version: number; note?: string | null | undefined }) {
      authorize(actor, 'warranty.review');
      const scope = scopeOf(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const row = await claimFor(tx, actor, scope, id, 'receiveParts', input.version);
        await createWarrantyRepository(tx).updateClaim(row.dealer_id, id, row.version, {
          return_status: 'received',
          return_received_at: now,
          ...(input.note ? { return_note: input.note } : {}),
          updated_at: now,
        });
        await event(tx, actor, row, 'parts_received', input.note ?? null);
        return concluded(tx, actor, scope, id, 'warranty_claim.parts_received', now);
      });
    },

    /** The timer before the submission window closes: a task for the clerk who prepared the claim, if it is still with the dealer. */
    async windowClosing(data: ClaimDue) {
      await inTransaction(db, async (tx) => {
        const repo = createWarrantyRepository(tx);
        const row = await repo.claimByKey(data.dealerId, data.claimId);
        if (!row || !['draft', 'returned'].includes(row.status) || row.submitted_at !== null) return;
        if (row.submit_by.toISOString() !== data.dueAt) return;
        await repo.insertTask({
          dealer_id: row.dealer_id,
          id: newId(),
          kind: 'warranty_window_closing',
          assignee_user_id: row.created_by,
          claim_id: row.id,
          due_at: row.submit_by,
          dedupe_key: `warranty-window:${row.id}:${data.dueAt}`,
          created_at: clock.now(),
        });
      });
    },

    /** The parts did not arrive by their day: the claim's approved amount is taken back. */
    async partsOverdue(data: ClaimDue) {
      const now = clock.now();
      await inTransaction(db, async (tx) => {
        const repo = createWarrantyRepository(tx);
        const row = await repo.claimByKey(data.dealerId, data.claimId);
        if (!row || row.status !== 'approved' || !row.return_due_at || row.return_due_at.toISOString() !== data.dueAt) return;
        if (row.return_status !== 'requested' && row.return_status !== 'shipped') return;
        await repo.updateClaim(row.dealer_id, row.id, row.version, {
          return_status: 'charged_back',
          charged_back_fen: row.approved_fen ?? 0,
          charged_back_at: now,
          updated_at: now,
        });
        await repo.insertEvent({
          dealer_id: row.dealer_id,
          id: newId(),
          claim_id: row.id,
          kind: 'charged_back',
          at: now,
          actor_id: null,
          note: null,
          data: JSON.stringify({ chargedBackFen: row.approved_fen ?? 0, returnStatus: row.return_status }),
        });
        const system = { networkId: row.network_id, dealerId: row.dealer_id, tokenId: null, requestId: null, userId: null };
        await recordAudit(
          tx,
          system,
          {
            action: 'warranty_claim.charged_back',
            entityType: 'warranty_claim',
            entityId: row.id,
            after: { chargedBackFen: row.approved_fen },
          },
          now,
        );
      });
    },

    /** Claims and amounts by dealer, model, causal part and failure; rejection, timeliness, cost per vehicle. */
    async analysis(
      actor: Actor,
      query: { from: string; to: string; dealerId?: string | undefined; region?: string | undefined },
    ): Promise<WarrantyAnalysis> {
      authorize(actor, 'warranty.read');
      const { from, to } = reportPeriod(query, actor.timeZone);
      const scope = scopeOf(actor, { dealerIds: query.dealerId ? [query.dealerId] : undefined, region: query.region });
      const repo = createWarrantyRepository(await reads.forReport(actor));
      const [rows, vehicles, [dealers, models], campaigns] = await Promise.all([
        repo.analysis(scope, from, to),
        repo.vehiclesInOperation(scope),
        repo.dealersAndModels(actor.networkId),
        repo.campaignCompletion(scope, to),
      ]);
      return presentAnalysis({ from: query.from, to: query.to, rows, vehicles, dealers, models, campaigns });
    },

    /** The month's settlement per dealer: credited for the claims approved, less what was charged back. */
    async settlement(actor: Actor, query: { month: string; dealerId?: string | undefined }): Promise<WarrantySettlement> {
      authorize(actor, 'warranty.read');
      const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
      const { from, to } = monthRange(query.month);
      const rows = await createWarrantyRepository(await reads.forReport(actor)).settlement(scope, from, to);
      const items = rows.map((r) => ({
        dealer: { id: r.id, code: r.code, name: r.name },
        claims: r.claims,
        approvedFen: r.approved_fen,
        chargedBackFen: r.charged_back_fen,
        netFen: r.approved_fen - r.charged_back_fen,
      }));
      const sum = (k: 'claims' | 'approvedFen' | 'chargedBackFen' | 'netFen') => items.reduce((s, i) => s + i[k], 0);
      return {
        month: query.month,
        items,
        totals: { claims: sum('claims'), approvedFen: sum('approvedFen'), chargedBackFen: sum('chargedBackFen'), netFen: sum('netFen') },
      };
    },

    /** The settlement as an Excel workbook for the car maker's finance: the dealers, then every claim. */
    async settlementXlsx(actor: Actor, query: { month: string; dealerId?: string | undefined; locale?: 'zh-CN' | 'en' | undefined }) {
      const summary = await this.settlement(actor, query);
      const { from, to } = monthRange(query.month);
      const claims = await createWarrantyRepository(await reads.forReport(actor)).settlementClaims(
        scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {}),
        from,
        to,
      );
      const L = SETTLEMENT_LABELS[query.locale ?? 'zh-CN'];
      const workbook = new ExcelJS.Workbook();
      workbook.created = clock.now();
      const yuan = (fen: number) => fen / 100;
      const dealers = workbook.addWorksheet(L.dealersSheet, { views: [{ state: 'frozen', ySplit: 1 }] });
      dealers.addRow([L.dealerCode, L.dealer, L.claims, L.approved, L.chargedBack, L.net]);
      for (const i of summary.items)
        dealers.addRow([i.dealer.code, i.dealer.name, i.claims, yuan(i.approvedFen), yuan(i.chargedBackFen), yuan(i.netFen)]);
      dealers.addRow([
        L.total,
        '',
        summary.totals.claims,
        yuan(summary.totals.approvedFen),
        yuan(summary.totals.chargedBackFen),
        yuan(summary.totals.netFen),
      ]);
      const lines = workbook.addWorksheet(L.claimsSheet, { views: [{ state: 'frozen', ySplit: 1 }] });
      lines.addRow([L.dealerCode, L.claimNumber, L.roNumber, L.vin, L.kind, L.claimed, L.approved, L.chargedBack]);
      for (const c of claims)
        lines.addRow([
          c.dealer_code,
          c.number,
          c.ro_number,
          c.vin,
          L.kinds[c.kind],
          yuan(c.claimed_fen),
          yuan(c.approved_fen ?? 0),
          yuan(c.charged_back_fen),
        ]);
      for (const sheet of [dealers, lines]) sheet.getRow(1).font = { bold: true };
      return { filename: `warranty-settlement-${query.month}.xlsx`, buffer: Buffer.from(await workbook.xlsx.writeBuffer()) };
    },
  };

  async function decide(
    actor: Actor,
    id: string,
    version: number,
    action: 'reject' | 'return',
    changes: { status: 'rejected' | 'returned'; decision_note: string; reject_code?: string },
  ) {
    const scope = scopeOf(actor);
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const row = await claimFor(tx, actor, scope, id, action, version);
      await createWarrantyRepository(tx).updateClaim(row.dealer_id, id, row.version, {
        ...changes,
        reviewer_id: actor.userId,
        decided_at: action === 'reject' ? now : null,
        updated_at: now,
      });
      await event(tx, actor, row, changes.status, changes.decision_note, changes.reject_code ? { code: changes.reject_code } : {});
      await emitClaim(
        tx,
        'claim.decided',
        row,
        { status: changes.status, claimedFen: row.claimed_fen, rejectCode: changes.reject_code ?? null },
        now,
      );
      return concluded(tx, actor, scope, id, `warranty_claim.${changes.status}`, now);
    });
  }
}
