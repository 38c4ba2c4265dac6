import {
  CUSTOMER_TIERS,
  type CustomerValue,
  RETENTION_PRIORITIES,
  type ValueCallList,
  type ValueCallListInput,
  type ValueList,
  type ValueListQuery,
  type ValueMix,
  type ValueSettings,
} from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { requireDealer, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import type { FollowUpCalls } from '../follow-up/follow-up.calls.js';
import { createCustomerValueRepository } from './customer-value.repository.js';
import { VALUE_DEFAULTS } from './customer-value.rules.js';
import { contactViewOf, viewMobile } from './customers.presenter.js';
import { createCustomersRepository } from './customers.repository.js';

type Deps = { db: Database; reads: ReadRouter; clock: Clock; followUpCalls: FollowUpCalls };

/** Customer value (客户价值, domain.md §9): read from what the nightly care run computed. */
export function createCustomerValueService({ db, reads, clock, followUpCalls }: Deps) {
  /** A customer's value at the actor's dealer (the car maker: at every dealer of the network). */
  async function ofCustomer(actor: Actor, customerId: string): Promise<{ items: CustomerValue[] }> {
    authorize(actor, 'customer_value.read');
    const scope = scopeOf(actor);
    if (!(await createCustomersRepository(db).findById(scope, customerId))) throw notFound('customer');
    const rows = await createCustomerValueRepository(db).valuesOf(scope, customerId);
    return {
      items: rows.map((r) => ({
        dealer: { id: r.dealer_id, name: r.dealer_name },
        computedOn: r.computed_on,
        firstVisitOn: r.first_visit_on,
        lastVisitOn: r.last_visit_on,
        recencyDays: r.recency_days,
        visits: r.visits,
        revenueFen: Number(r.revenue_fen),
        vehicles: r.vehicles,
        scores: { r: r.r, f: r.f, m: r.m },
        segment: r.segment,
        visitsPerYear: Number(r.visits_per_year),
        revenuePerVehicleFen: Number(r.revenue_per_vehicle_fen),
        lifetimeValueFen: Number(r.lifetime_value_fen),
        recent: { visits: r.recent_visits, revenueFen: Number(r.recent_fen) },
        prior: { visits: r.prior_visits, revenueFen: Number(r.prior_fen) },
        trend: r.trend,
        tier: r.tier,
        retention: {
          priority: r.priority,
          level: r.priority_level,
          loyalty: r.loyalty,
          tenure: r.tenure_score,
          satisfaction: r.satisfaction,
          latestCsi: r.latest_csi === null ? null : Number(r.latest_csi),
          complaints12m: r.complaints_12m,
          openComplaints: r.open_complaints,
        },
        inputs: {
          windowMonths: r.window_months,
          marginShare: r.margin_share,
          discountRate: r.discount_rate,
          horizonYears: r.horizon_years,
          retention: r.retention,
        },
      })),
    };
  }

  /** The segment mix, the 80/20 share and the retention of each dealer in the actor's scope. */
  async function mix(actor: Actor, query: { dealerId?: string }): Promise<ValueMix> {
    authorize(actor, 'customer_value.read');
    const rows = await createCustomerValueRepository(await reads.forReport(actor)).mix(
      scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {}),
    );
    return {
      dealers: rows.map((r) => ({
        dealer: { id: r.dealer_id, name: r.dealer_name },
        computedOn: r.computed_on,
        customers: r.customers,
        retention: r.retention,
        topFifthShare: Number(r.total_fen) > 0 ? Number(r.top_fen) / Number(r.total_fen) : null,
        segments: (r.segments ?? []).map((s) => ({ segment: s.segment, customers: s.customers, revenueFen: Number(s.revenueFen) })),
        grid: (r.grid ?? []).map((c) => ({ f: c.f, m: c.m, customers: c.customers, revenueFen: Number(c.revenueFen) })),
        pyramid: CUSTOMER_TIERS.map((tier) => {
          const t = r.pyramid?.find((x) => x.tier === tier);
          return {
            tier,
            customers: t?.customers ?? 0,
            revenueFen: Number(t?.revenueFen ?? 0),
            lifetimeValueFen: Number(t?.lifetimeValueFen ?? 0),
          };
        }),
        priorities: RETENTION_PRIORITIES.map((level) => ({
          level,
          customers: r.priorities?.find((x) => x.level === level)?.customers ?? 0,
        })),
      })),
    };
  }

  /** The customers of a filter ("at risk, high value first"), as a call list is made from. */
  async function list(actor: Actor, query: ValueListQuery): Promise<ValueList> {
    authorize(actor, 'customer_value.read');
    const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
    const { rows, total } = await createCustomerValueRepository(await reads.forReport(actor)).list(scope, {
      segments: query.segment,
      tiers: query.tier,
      priority: query.priority,
      sort: query.sort,
      trend: query.trend,
      minValueFen: query.minValueFen,
      offset: query.offset,
      limit: query.limit,
    });
    const view = contactViewOf(actor);
    return {
      items: rows.map((r) => ({
        customer: { id: r.customer_id, name: r.name, mobile: viewMobile(r.mobile, view) },
        dealer: { id: r.dealer_id, name: r.dealer_name },
        segment: r.segment,
        trend: r.trend,
        lastVisitOn: r.last_visit_on,
        revenueFen: Number(r.revenue_fen),
        lifetimeValueFen: Number(r.lifetime_value_fen),
        scores: { r: r.r, f: r.f, m: r.m },
        tier: r.tier,
        priority: r.priority,
        priorityLevel: r.priority_level,
      })),
      total,
    };
  }

  /** The night's computation for one dealer now (after its settings changed), audited. */
  async function runNow(actor: Actor) {
    authorize(actor, 'customer_value.manage');
    const dealerId = requireDealer(actor);
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const customers = await createCustomerValueRepository(tx).compute(localDate(now, actor.timeZone), dealerId, now);
      await recordAudit(
        tx,
        actor,
        { action: 'customer_value.run_now', entityType: 'dealer', entityId: dealerId, after: { customers } },
        now,
      );
      return { customers };
    });
  }

  /**
   * A value filter made into a call list in one step: the filter's customers, highest value first, up
   * to the limit, each a care call (value_care) for the dealer's agents; audited with its counts.
   */
  async function callList(actor: Actor, input: ValueCallListInput): Promise<ValueCallList> {
    authorize(actor, 'customer_value.manage');
    const dealerId = requireDealer(actor);
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const { rows } = await createCustomerValueRepository(tx).list(scopeOf(actor), {
        segments: input.segments,
        tiers: input.tiers,
        priority: input.priority,
        sort: input.sort,
        trend: input.trend,
        minValueFen: input.minValueFen,
        offset: 0,
        limit: input.limit,
      });
      if (rows.length === 0) throw AppError.field('validation_failed', 'segments', 'no_customers');
      const made = await followUpCalls.scheduleValueCalls(tx, {
        dealerId,
        customerIds: rows.map((r) => r.customer_id),
        anchorOn: localDate(now, actor.timeZone),
        ...(input.planTitle ? { plan: { title: input.planTitle, createdBy: actor.userId } } : {}),
      });
      if (!made) throw new AppError('rule_disabled', { detail: 'the value care calls are turned off in the follow-up settings' });
      const result = {
        matched: rows.length,
        created: made.created,
        noConsent: made.no_consent,
        alreadyOpen: made.already_open,
        planId: made.planId,
      };
      await recordAudit(
        tx,
        actor,
        { action: 'customer_value.call_list', entityType: 'dealer', entityId: dealerId, after: { ...input, ...result } },
        now,
      );
      return result;
    });
  }

  /** The dealer's settings of the computation, the defaults until it sets its own. */
  async function settings(actor: Actor): Promise<ValueSettings> {
    authorize(actor, 'customer_value.read');
    const row = await createCustomerValueRepository(db).settingsOf(requireDealer(actor));
    if (!row) return { ...VALUE_DEFAULTS };
    return {
      windowMonths: row.window_months,
      marginShare: Number(row.margin_share),
      discountRate: Number(row.discount_rate),
      horizonYears: row.horizon_years,
    };
  }

  /** New settings, audited; they apply from the next computation (tonight's, or one run now). */
  async function saveSettings(actor: Actor, input: ValueSettings): Promise<ValueSettings> {
    authorize(actor, 'customer_value.manage');
    const dealerId = requireDealer(actor);
    const now = clock.now();
    await inTransaction(db, async (tx) => {
      const repo = createCustomerValueRepository(tx);
      const before = await repo.settingsOf(dealerId);
      await repo.saveSettings({
        dealer_id: dealerId,
        window_months: input.windowMonths,
        margin_share: input.marginShare,
        discount_rate: input.discountRate,
        horizon_years: input.horizonYears,
        updated_by: actor.userId,
        updated_at: now,
      });
      await recordAudit(
        tx,
        actor,
        { action: 'customer_value.settings', entityType: 'dealer', entityId: dealerId, before: before ?? null, after: input },
        now,
      );
    });
    return settings(actor);
  }

  return { ofCustomer, mix, list, runNow, callList, settings, saveSettings };
}

export type CustomerValueService = ReturnType<typeof createCustomerValueService>;
