import type { ClaimStatus, SanbaoSettings, WarrantyTerms } from '@servicebay/contracts';
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type {
  WarrantyChecksTable,
  WarrantyClaimEventsTable,
  WarrantyClaimLinesTable,
  WarrantyClaimsTable,
  WarrantyPoliciesTable,
} from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

export type ClaimRow = Selectable<WarrantyClaimsTable>;
export type ClaimLineRow = Selectable<WarrantyClaimLinesTable>;
export type CheckRow = Selectable<WarrantyChecksTable>;

export const WARRANTY_DEFAULTS = {
  labour_rate_fen: 12000,
  submit_window_days: 10,
  warn_days_before: 3,
  part_return_days: 30,
  sanbao: null,
} as const;
type SettingsRow = {
  labour_rate_fen: number;
  submit_window_days: number;
  warn_days_before: number;
  part_return_days: number;
  sanbao: SanbaoSettings | null;
};

export function createWarrantyRepository(db: Database) {
  const claimDetails = () =>
    db
      .selectFrom('warranty_claims as wc')
      .innerJoin('dealers as d', 'd.id', 'wc.dealer_id')
      .innerJoin('repair_orders as ro', (j) => j.onRef('ro.dealer_id', '=', 'wc.dealer_id').onRef('ro.id', '=', 'wc.repair_order_id'))
      .innerJoin('vehicles as v', 'v.id', 'wc.vehicle_id')
      .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
      .leftJoin('users as rv', 'rv.id', 'wc.reviewer_id')
      .selectAll('wc')
      .select([
        'd.code as dealer_code',
        'd.name as dealer_name',
        'ro.number as ro_number',
        'v.vin',
        'v.plate_key',
        'm.name as model_name',
        'rv.display_name as reviewer_name',
      ]);

  return {
    listPolicies(networkId: string) {
      return db
        .selectFrom('warranty_policies as p')
        .innerJoin('vehicle_models as m', 'm.id', 'p.model_id')
        .selectAll('p')
        .select(['m.code as model_code', 'm.name as model_name'])
        .where('p.network_id', '=', networkId)
        .orderBy('m.code')
        .orderBy(sql`coalesce(p.model_year, 0)`)
        .orderBy('p.version', 'desc')
        .execute();
    },

    policiesOfModel(modelId: string) {
      return db
        .selectFrom('warranty_policies')
        .select(['id', 'model_year', 'version', 'effective_from', 'terms'])
        .where('model_id', '=', modelId)
        .execute();
    },

    /** The next version number of a model's (or a model year's) policy; the model's row is locked so two writers number in turn. */
    async nextPolicyVersion(modelId: string, modelYear: number | null) {
      await db.selectFrom('vehicle_models').select('id').where('id', '=', modelId).forUpdate().execute();
      const row = await db
        .selectFrom('warranty_policies')
        .select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
        .where('model_id', '=', modelId)
        .where(sql`coalesce(model_year, 0)`, '=', modelYear ?? 0)
        .executeTakeFirstOrThrow();
      return Number(row.next);
    },

    insertPolicy(row: Insertable<WarrantyPoliciesTable>) {
      return db.insertInto('warranty_policies').values(row).execute();
    },

    findPolicy(id: string) {
      return db
        .selectFrom('warranty_policies as p')
        .innerJoin('vehicle_models as m', 'm.id', 'p.model_id')
        .selectAll('p')
        .select(['m.code as model_code', 'm.name as model_name'])
        .where('p.id', '=', id)
        .executeTakeFirstOrThrow();
    },

    findModel(networkId: string, modelId: string) {
      return db
        .selectFrom('vehicle_models')
        .select(['id', 'service_interval_km', 'service_interval_months'])
        .where('network_id', '=', networkId)
        .where('id', '=', modelId)
        .executeTakeFirst();
    },

    async settings(networkId: string) {
      const row = await db
        .selectFrom('warranty_settings')
        .select(['labour_rate_fen', 'submit_window_days', 'warn_days_before', 'part_return_days', 'sanbao'])
        .where('network_id', '=', networkId)
        .executeTakeFirst();
      return (row ?? { ...WARRANTY_DEFAULTS }) as SettingsRow;
    },

    saveSettings(networkId: string, settings: SettingsRow, now: Date) {
      const values = { ...settings, sanbao: settings.sanbao ? JSON.stringify(settings.sanbao) : null };
      return db
        .insertInto('warranty_settings')
        .values({ network_id: networkId, ...values, updated_at: now })
        .onConflict((oc) => oc.column('network_id').doUpdateSet({ ...values, updated_at: now }))
        .execute();
    },

    /** What the coverage of a vehicle is judged from: its sale, its model's interval, its readings. */
    async vehicleFacts(vehicleId: string) {
      const vehicle = await db
        .selectFrom('vehicles as v')
        .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
        .select([
          'v.id',
          'v.network_id',
          'v.model_id',
          'v.model_year',
          'v.delivered_on',
          sql<string>`coalesce(v.use_type_at_sale, v.use_type)`.as('use_type_at_sale'),
          'm.service_interval_km',
          'm.service_interval_months',
        ])
        .where('v.id', '=', vehicleId)
        .executeTakeFirstOrThrow();
      const [readings, firstMaintenance] = await Promise.all([
        db
          .selectFrom('mileage_readings')
          .select(['read_on', 'km', 'source', 'dealer_id', 'odometer_replaced'])
          .where('vehicle_id', '=', vehicleId)
          .orderBy('read_on')
          .orderBy('created_at')
          .execute(),
        db
          .selectFrom('warranty_claims')
          .select('id')
          .where('vehicle_id', '=', vehicleId)
          .where('kind', '=', 'free_first_maintenance')
          .where('status', '!=', 'rejected')
          .limit(1)
          .executeTakeFirst(),
      ]);
      return { vehicle, readings, firstMaintenanceUsed: firstMaintenance !== undefined };
    },

    /** The day a part was last fitted to the car at a dealer of the network, on an order finished before `before`. */
    async fittedOn(vehicleId: string, partNumber: string, excludeOrderId: string) {
      const row = await db
        .selectFrom('ro_lines as l')
        .innerJoin('repair_orders as ro', (j) => j.onRef('ro.dealer_id', '=', 'l.dealer_id').onRef('ro.id', '=', 'l.repair_order_id'))
        .select(sql<Date>`coalesce(ro.delivered_at, ro.ready_at)`.as('fitted_at'))
        .where('ro.vehicle_id', '=', vehicleId)
        .where('ro.id', '!=', excludeOrderId)
        .where('l.kind', '=', 'parts')
        .where('l.code', '=', partNumber)
        .where('ro.status', 'in', ['ready', 'invoiced', 'delivered', 'closed'])
        .orderBy(sql`coalesce(ro.delivered_at, ro.ready_at)`, 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.fitted_at ?? null;
    },

    insertCheck(row: Insertable<WarrantyChecksTable>) {
      return db.insertInto('warranty_checks').values(row).execute();
    },

    checksOf(dealerId: string, orderId: string) {
      return db
        .selectFrom('warranty_checks as c')
        .innerJoin('users as u', 'u.id', 'c.checked_by')
        .selectAll('c')
        .select('u.display_name as checked_by_name')
        .where('c.dealer_id', '=', dealerId)
        .where('c.repair_order_id', '=', orderId)
        .orderBy('c.checked_at')
        .orderBy('c.id')
        .execute();
    },

    /** The latest eligible check of an order for a claim kind's terms. */
    latestEligibleCheck(dealerId: string, orderId: string, firstMaintenance: boolean) {
      return db
        .selectFrom('warranty_checks')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('repair_order_id', '=', orderId)
        .where('eligible', '=', true)
        .where('term', firstMaintenance ? '=' : '!=', 'free_first_maintenance')
        .orderBy('checked_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    claimsOfOrder(dealerId: string, orderId: string) {
      return db
        .selectFrom('warranty_claims')
        .select(['id', 'number', 'kind', 'status'])
        .where('dealer_id', '=', dealerId)
        .where('repair_order_id', '=', orderId)
        .orderBy('created_at')
        .execute();
    },

    /** The car maker's prices of parts; a part it does not list is claimed at the dealer's price. */
    async partPrices(networkId: string, dealerId: string, partNumbers: string[]) {
      if (partNumbers.length === 0) return new Map<string, { priceFen: number; name: string | null }>();
      const [network, dealer] = await Promise.all([
        db
          .selectFrom('warranty_part_prices')
          .select(['part_number', 'price_fen'])
          .where('network_id', '=', networkId)
          .where('part_number', 'in', partNumbers)
          .execute(),
        db
          .selectFrom('parts')
          .select(['part_number', 'price_fen', 'name'])
          .where('dealer_id', '=', dealerId)
          .where('part_number', 'in', partNumbers)
          .execute(),
      ]);
      const prices = new Map<string, { priceFen: number; name: string | null }>();
      for (const p of dealer) prices.set(p.part_number, { priceFen: p.price_fen, name: p.name });
      for (const p of network) prices.set(p.part_number, { priceFen: p.price_fen, name: prices.get(p.part_number)?.name ?? null });
      return prices;
    },

    insertClaim(row: Insertable<WarrantyClaimsTable>) {
      return db.insertInto('warranty_claims').values(row).execute();
    },

    async replaceClaimLines(dealerId: string, claimId: string, rows: Insertable<WarrantyClaimLinesTable>[]) {
      await db.deleteFrom('warranty_claim_lines').where('dealer_id', '=', dealerId).where('claim_id', '=', claimId).execute();
      if (rows.length) await db.insertInto('warranty_claim_lines').values(rows).execute();
    },

    updateClaimLine(dealerId: string, claimId: string, position: number, changes: Updateable<WarrantyClaimLinesTable>) {
      return db
        .updateTable('warranty_claim_lines')
        .set(changes)
        .where('dealer_id', '=', dealerId)
        .where('claim_id', '=', claimId)
        .where('position', '=', position)
        .execute();
    },

    /** A change of a claim at the version the actor saw; undefined when someone changed it first. */
    updateClaim(dealerId: string, id: string, version: number, changes: Updateable<WarrantyClaimsTable>) {
      return db
        .updateTable('warranty_claims')
        .set({ ...changes, version: sql`version + 1` })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('version')
        .executeTakeFirst();
    },

    findClaim(scope: Scope, id: string) {
      return claimDetails()
        .where('wc.id', '=', id)
        .where('wc.network_id', '=', scope.networkId)
        .where(inScope(scope, 'wc.dealer_id'))
        .executeTakeFirst();
    },

    /** The claim's row locked for a decision, in the scope of the one deciding. */
    lockClaim(scope: Scope, id: string) {
      return db
        .selectFrom('warranty_claims as wc')
        .selectAll()
        .where('wc.id', '=', id)
        .where('wc.network_id', '=', scope.networkId)
        .where(inScope(scope, 'wc.dealer_id'))
        .forUpdate()
        .executeTakeFirst();
    },

    linesOfClaim(dealerId: string, claimId: string) {
      return db
        .selectFrom('warranty_claim_lines')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('claim_id', '=', claimId)
        .orderBy('position')
        .execute();
    },

    eventsOfClaim(dealerId: string, claimId: string) {
      return db
        .selectFrom('warranty_claim_events as e')
        .leftJoin('users as u', 'u.id', 'e.actor_id')
        .selectAll('e')
        .select('u.display_name as actor_name')
        .where('e.dealer_id', '=', dealerId)
        .where('e.claim_id', '=', claimId)
        .orderBy('e.at')
        .orderBy('e.id')
        .execute();
    },

    insertEvent(row: Insertable<WarrantyClaimEventsTable>) {
      return db.insertInto('warranty_claim_events').values(row).execute();
    },

    /**
     * Claims in a scope, newest first (keyset on the time-ordered id); the reviewer's queue is the
     * submitted ones, the oldest claim first.
     */
    listClaims(scope: Scope, filter: { status?: ClaimStatus; q?: string; afterId: string | null; limit: number }) {
      const queue = filter.status === 'submitted';
      let query = claimDetails()
        .where('wc.network_id', '=', scope.networkId)
        .where(inScope(scope, 'wc.dealer_id'))
        .$if(filter.status !== undefined, (q) => q.where('wc.status', '=', filter.status!));
      if (filter.q) {
        const term = filter.q.toUpperCase();
        query = query.where((eb) =>
          eb.or([eb('wc.number', '=', term), eb('ro.number', '=', term), eb('v.vin', '=', term), eb(sql`right(v.vin, 6)`, '=', term)]),
        );
      }
      if (filter.afterId) query = query.where('wc.id', queue ? '>' : '<', filter.afterId);
      return query
        .orderBy('wc.id', queue ? 'asc' : 'desc')
        .limit(filter.limit + 1)
        .execute();
    },

    /** A claim's row by its key, for the system's timers (no actor, no scope). */
    claimByKey(dealerId: string, id: string) {
      return db
        .selectFrom('warranty_claims')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    /** The clerk's reminder, once per claim and deadline. */
    async insertTask(row: {
      dealer_id: string;
      id: string;
      kind: string;
      assignee_user_id: string;
      claim_id: string;
      due_at: Date;
      dedupe_key: string;
      created_at: Date;
    }) {
      await db
        .insertInto('tasks')
        .values(row)
        .onConflict((oc) => oc.columns(['dealer_id', 'dedupe_key']).doNothing())
        .execute();
    },

    /**
     * The settlement of a month per dealer: what the car maker credits for the claims it approved in
     * the month, and what it takes back for the parts that did not arrive (charged back in the month).
     */
    settlement(scope: Scope, from: Date, to: Date) {
      const credited = db
        .selectFrom('warranty_claims as wc')
        .select([
          'wc.dealer_id',
          sql<number>`count(*)::int`.as('claims'),
          sql<number>`coalesce(sum(wc.approved_fen), 0)::int`.as('approved_fen'),
        ])
        .select(sql<number>`0`.as('charged_back_fen'))
        .where('wc.network_id', '=', scope.networkId)
        .where(inScope(scope, 'wc.dealer_id'))
        .where('wc.status', '=', 'approved')
        .where('wc.decided_at', '>=', from)
        .where('wc.decided_at', '<', to)
        .groupBy('wc.dealer_id');
      const takenBack = db
        .selectFrom('warranty_claims as wc')
        .select(['wc.dealer_id', sql<number>`0`.as('claims'), sql<number>`0`.as('approved_fen')])
        .select(sql<number>`coalesce(sum(wc.charged_back_fen), 0)::int`.as('charged_back_fen'))
        .where('wc.network_id', '=', scope.networkId)
        .where(inScope(scope, 'wc.dealer_id'))
        .where('wc.charged_back_at', '>=', from)
        .where('wc.charged_back_at', '<', to)
        .groupBy('wc.dealer_id');
      return db
        .selectFrom(credited.unionAll(takenBack).as('m'))
        .innerJoin('dealers as d', 'd.id', 'm.dealer_id')
        .select(['d.id', 'd.code', 'd.name'])
        .select([
          sql<number>`sum(m.claims)::int`.as('claims'),
          sql<number>`sum(m.approved_fen)::int`.as('approved_fen'),
          sql<number>`sum(m.charged_back_fen)::int`.as('charged_back_fen'),
        ])
        .groupBy(['d.id', 'd.code', 'd.name'])
        .orderBy('d.code')
        .execute();
    },

    /** The claims of a month's settlement, one row each, for the finance export. */
    settlementClaims(scope: Scope, from: Date, to: Date) {
      return claimDetails()
        .where('wc.network_id', '=', scope.networkId)
        .where(inScope(scope, 'wc.dealer_id'))
        .where((eb) =>
          eb.or([
            eb.and([eb('wc.status', '=', 'approved'), eb('wc.decided_at', '>=', from), eb('wc.decided_at', '<', to)]),
            eb.and([eb('wc.charged_back_at', '>=', from), eb('wc.charged_back_at', '<', to)]),
          ]),
        )
        .orderBy('d.code')
        .orderBy('wc.number')
        .execute();
    },

    modelOf(vehicleId: string) {
      return db.selectFrom('vehicles').select('model_id').where('id', '=', vehicleId).executeTakeFirstOrThrow();
    },

    /**
     * The claims submitted in a period, counted in one pass for every grouping the analysis shows:
     * by dealer, model, causal part, failure and rejection reason, and the total (grouping sets).
     */
    analysis(scope: Scope, from: Date, to: Date) {
      return db
        .selectFrom('warranty_claims as wc')
        .select([
          'wc.dealer_id',
          'wc.model_id',
          'wc.causal_part_code',
          'wc.failure_code',
          'wc.reject_code',
          sql<number>`grouping(wc.dealer_id, wc.model_id, wc.causal_part_code, wc.failure_code, wc.reject_code)`.as('grouping'),
          sql<number>`count(*)::int`.as('claims'),
          sql<number>`coalesce(sum(wc.claimed_fen), 0)::bigint`.as('claimed_fen'),
          sql<number>`coalesce(sum(wc.approved_fen) filter (where wc.status = 'approved'), 0)::bigint`.as('approved_fen'),
          sql<number>`(count(*) filter (where wc.status = 'approved'))::int`.as('approved'),
          sql<number>`(count(*) filter (where wc.status = 'rejected'))::int`.as('rejected'),
          sql<number>`(count(*) filter (where wc.late))::int`.as('late'),
          sql<number>`(count(*) filter (where wc.return_status is not null))::int`.as('returns_requested'),
          sql<number>`(count(*) filter (where wc.return_received_at <= wc.return_due_at))::int`.as('returns_on_time'),
          sql<number>`coalesce(sum(wc.charged_back_fen), 0)::bigint`.as('charged_back_fen'),
        ])
        .where('wc.network_id', '=', scope.networkId)
        .where(inScope(scope, 'wc.dealer_id'))
        .where('wc.submitted_at', '>=', from)
        .where('wc.submitted_at', '<', to)
        .groupBy(
          sql`grouping sets ((wc.dealer_id), (wc.model_id), (wc.causal_part_code), (wc.failure_code), (wc.reject_code), ())` as never,
        )
        .execute();
    },

    /** Vehicles a scope serves: a dealer's own, or every vehicle of the (narrowed) network's dealers. */
    async vehiclesInOperation(scope: Scope) {
      const row = await db
        .selectFrom('dealer_vehicles as dv')
        .select(sql<number>`count(distinct dv.vehicle_id)::int`.as('n'))
        .where(inScope(scope, 'dv.dealer_id'))
        .executeTakeFirstOrThrow();
      return row.n;
    },

    /** Cars of the scope named by campaigns launched before `to`, and how many are done. */
    async campaignCompletion(scope: Scope, to: Date) {
      const row = await db
        .selectFrom('campaign_vehicles as cv')
        .innerJoin('campaigns as c', 'c.id', 'cv.campaign_id')
        .select([
          sql<number>`count(*)::int`.as('vehicles'),
          sql<number>`(count(*) filter (where cv.completed_at is not null and cv.completed_at < ${to}))::int`.as('completed'),
        ])
        .where('c.network_id', '=', scope.networkId)
        .where('c.created_at', '<', to)
        .where(inScope(scope, 'cv.dealer_id'))
        .executeTakeFirstOrThrow();
      return row;
    },

    dealersAndModels(networkId: string) {
      return Promise.all([
        db.selectFrom('dealers').select(['id', 'code', 'name']).where('network_id', '=', networkId).execute(),
        db.selectFrom('vehicle_models').select(['id', 'name']).where('network_id', '=', networkId).execute(),
      ]);
    },

    /** Whether an order's warranty and first-maintenance lines are confirmed by an eligible check. */
    async confirmedKinds(dealerId: string, orderId: string) {
      const rows = await db
        .selectFrom('warranty_checks')
        .select(sql<boolean>`bool_or(term = 'free_first_maintenance')`.as('first_maintenance'))
        .select(sql<boolean>`bool_or(term <> 'free_first_maintenance')`.as('warranty'))
        .where('dealer_id', '=', dealerId)
        .where('repair_order_id', '=', orderId)
        .where('eligible', '=', true)
        .executeTakeFirst();
      return { warranty: rows?.warranty === true, firstMaintenance: rows?.first_maintenance === true };
    },
  };
}

export type WarrantyRepository = ReturnType<typeof createWarrantyRepository>;
export type PolicyRow = Selectable<WarrantyPoliciesTable> & { terms: WarrantyTerms };
