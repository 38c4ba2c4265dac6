import type { ComplaintCategory } from '@servicebay/contracts';
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { ComplaintEventsTable, ComplaintRecoveriesTable, ComplaintsTable } from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

export type ComplaintRow = Selectable<ComplaintsTable> & {
  dealer_code: string;
  dealer_name: string;
  customer_name: string;
  customer_mobile: string;
  plate_key: string | null;
  model_name: string | null;
  ro_number: string | null;
  ro_sa_id: string | null;
  ro_sa_name: string | null;
  first_responder_name: string | null;
  owner_name: string | null;
  handler_name: string | null;
  recovery_cost_fen: number;
  pending_recoveries: number;
};

export type InboxFilter = {
  view: 'mine' | 'team' | 'overdue' | 'open' | 'closed' | 'all';
  userId: string;
  /** The escalation levels the viewer holds (1 for a service manager, 2 for a general manager). */
  levels: number[];
  now: Date;
  /** The car maker's desk: its own cases are those it is involved in. */
  carMakerDesk: boolean;
  q?: string | undefined;
  category?: ComplaintCategory | undefined;
  /** Received in [from, to) (the analysis opens the cases behind a figure). */
  receivedFrom?: Date | undefined;
  receivedTo?: Date | undefined;
  /** The service advisor of the case's RO ('none': no RO advisor), as the analysis groups them. */
  saId?: string | undefined;
  /** The vehicle model ('none': no model), as the analysis groups them. */
  modelId?: string | undefined;
  customerId?: string | undefined;
  preventable?: boolean | undefined;
  limit: number;
};

export function createComplaintsRepository(db: Database) {
  function rows(scope: Scope) {
    return db
      .selectFrom('complaints as c')
      .where(inScope(scope, 'c.dealer_id'))
      .innerJoin('dealers as d', 'd.id', 'c.dealer_id')
      .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .leftJoin('vehicles as v', 'v.id', 'c.vehicle_id')
      .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
      .leftJoin('repair_orders as ro', (j) => j.onRef('ro.dealer_id', '=', 'c.dealer_id').onRef('ro.id', '=', 'c.repair_order_id'))
      .leftJoin('users as sa', 'sa.id', 'ro.sa_id')
      .leftJoin('users as fr', 'fr.id', 'c.first_responder_id')
      .leftJoin('users as ow', 'ow.id', 'c.owner_id')
      .leftJoin('users as ha', 'ha.id', 'c.handler_id')
      .selectAll('c')
      .select((eb) => [
        'd.code as dealer_code',
        'd.name as dealer_name',
        'cu.name as customer_name',
        'cu.mobile as customer_mobile',
        'v.plate_key',
        'm.name as model_name',
        'ro.number as ro_number',
        'ro.sa_id as ro_sa_id',
        'sa.display_name as ro_sa_name',
        'fr.display_name as first_responder_name',
        'ow.display_name as owner_name',
        'ha.display_name as handler_name',
        eb
          .selectFrom('complaint_recoveries as r')
          .whereRef('r.dealer_id', '=', 'c.dealer_id')
          .whereRef('r.complaint_id', '=', 'c.id')
          .where('r.status', '=', 'approved')
          .select(sql<number>`coalesce(sum(r.cost_fen), 0)::int`.as('s'))
          .as('recovery_cost_fen'),
        eb
          .selectFrom('complaint_recoveries as r')
          .whereRef('r.dealer_id', '=', 'c.dealer_id')
          .whereRef('r.complaint_id', '=', 'c.id')
          .where('r.status', '=', 'pending')
          .select(sql<number>`count(*)::int`.as('n'))
          .as('pending_recoveries'),
      ]);
  }

  return {
    settings(dealerId: string) {
      return db.selectFrom('complaint_settings').select('settings').where('dealer_id', '=', dealerId).executeTakeFirst();
    },

    async saveSettings(dealerId: string, settings: object, now: Date) {
      const json = JSON.stringify(settings);
      await db
        .insertInto('complaint_settings')
        .values({ dealer_id: dealerId, settings: json, updated_at: now })
        .onConflict((oc) => oc.column('dealer_id').doUpdateSet({ settings: json, updated_at: now }))
        .execute();
    },

    dealer(networkId: string, dealerId: string) {
      return db
        .selectFrom('dealers')
        .select(['id', 'network_id', 'code', 'name', 'time_zone', 'opens_at', 'closes_at'])
        .where('network_id', '=', networkId)
        .where('id', '=', dealerId)
        .executeTakeFirst();
    },

    insert(row: Insertable<ComplaintsTable>) {
      return db
        .insertInto('complaints')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
    },

    /** The case as stored, locked for the use-case's transaction when asked. */
    find(scope: Scope, id: string, options: { lock?: boolean } = {}) {
      let query = db.selectFrom('complaints as c').where(inScope(scope, 'c.dealer_id')).selectAll('c').where('c.id', '=', id);
      if (options.lock) query = query.forUpdate() as typeof query;
      return query.executeTakeFirst() as Promise<Selectable<ComplaintsTable> | undefined>;
    },

    /** For the SLA job: the case at its dealer, locked. Without a dealer (a timer queued before migration 0043) wherever it is. */
    findForTimer(dealerId: string | undefined, id: string) {
      let query = db.selectFrom('complaints').selectAll().where('id', '=', id);
      if (dealerId) query = query.where('dealer_id', '=', dealerId);
      return query.forUpdate().executeTakeFirst();
    },

    findBySource(dealerId: string, sourceRef: string) {
      return db
        .selectFrom('complaints')
        .select(['id', 'number'])
        .where('dealer_id', '=', dealerId)
        .where('source_ref', '=', sourceRef)
        .executeTakeFirst();
    },

    /** Optimistic update: only the version read. */
    update(dealerId: string, id: string, version: number, patch: Updateable<ComplaintsTable>) {
      return db
        .updateTable('complaints')
        .set({ ...patch, version: version + 1 })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
    },

    /**
     * Moves a case to another dealer, keeping its id, number and history: a copy at the new dealer,
     * its timeline and recoveries copied along, then the old rows deleted (dealer_id is the
     * distribution key, so it never changes in place). Undefined when the case is not at that version.
     */
    async moveToDealer(fromDealerId: string, id: string, version: number, toDealerId: string, patch: Updateable<ComplaintsTable>) {
      const old = await db
        .selectFrom('complaints')
        .selectAll()
        .where('dealer_id', '=', fromDealerId)
        .where('id', '=', id)
        .where('version', '=', version)
        .forUpdate()
        .executeTakeFirst();
      if (!old) return undefined;
      const moved = await db
        .insertInto('complaints')
        .values({ ...old, ...patch, dealer_id: toDealerId, version: version + 1 })
        .returningAll()
        .executeTakeFirstOrThrow();
      // Every column of the history rows, with the new dealer: a column added later moves too.
      for (const table of ['complaint_events', 'complaint_recoveries'] as const) {
        await sql`insert into ${sql.table(table)}
          select (jsonb_populate_record(null::${sql.table(table)}, to_jsonb(h) || jsonb_build_object('dealer_id', ${toDealerId}::uuid))).*
          from ${sql.table(table)} h where h.dealer_id = ${fromDealerId} and h.complaint_id = ${id}`.execute(db);
        await db.deleteFrom(table).where('dealer_id', '=', fromDealerId).where('complaint_id', '=', id).execute();
      }
      await db.deleteFrom('complaints').where('dealer_id', '=', fromDealerId).where('id', '=', id).execute();
      return moved;
    },

    view(scope: Scope, id: string) {
      return rows(scope).where('c.id', '=', id).executeTakeFirst() as Promise<ComplaintRow | undefined>;
    },

    inbox(scope: Scope, filter: InboxFilter) {
      let query = rows(scope);
      if (filter.category) query = query.where('c.category', '=', filter.category);
      if (filter.receivedFrom) query = query.where('c.received_at', '>=', filter.receivedFrom);
      if (filter.receivedTo) query = query.where('c.received_at', '<', filter.receivedTo);
      if (filter.saId) query = filter.saId === 'none' ? query.where('ro.sa_id', 'is', null) : query.where('ro.sa_id', '=', filter.saId);
      if (filter.modelId)
        query = filter.modelId === 'none' ? query.where('v.model_id', 'is', null) : query.where('v.model_id', '=', filter.modelId);
      if (filter.customerId) query = query.where('c.customer_id', '=', filter.customerId);
      if (filter.preventable !== undefined) query = query.where('c.preventable', '=', filter.preventable);
      if (filter.q) {
        const like = `%${filter.q.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
        const plate = filter.q.replace(/[\s·.-]/g, '').toUpperCase();
        query = query.where((eb) =>
          eb.or([
            eb('c.number', 'ilike', like),
            eb('cu.name', 'ilike', like),
            eb('cu.mobile', 'like', like),
            eb('v.plate_key', 'like', `%${plate}%`),
          ]),
        );
      }
      query = query.where((eb) => {
        const open = eb('c.status', '!=', 'closed');
        switch (filter.view) {
          case 'mine':
            return eb.and([
              open,
              eb.or([
                eb('c.owner_id', '=', filter.userId),
                eb('c.handler_id', '=', filter.userId),
                ...(filter.levels.length ? [eb('c.level', 'in', filter.levels)] : []),
                ...(filter.carMakerDesk ? [eb('c.car_maker_involved', '=', true)] : []),
              ]),
            ]);
          case 'team':
            return open;
          case 'overdue':
            return eb.and([open, eb('c.due_at', '<=', filter.now)]);
          case 'open':
            return eb('c.status', '=', 'open');
          case 'closed':
            return eb('c.status', '=', 'closed');
          case 'all':
            return eb.lit(true);
        }
      });
      const order =
        filter.view === 'closed'
          ? query.orderBy('c.closed_at', 'desc')
          : query.orderBy(sql`c.due_at asc nulls last`).orderBy('c.received_at', 'desc');
      return order.limit(filter.limit).execute() as Promise<ComplaintRow[]>;
    },

    async counts(scope: Scope, filter: Pick<InboxFilter, 'userId' | 'levels' | 'now' | 'carMakerDesk'>) {
      const query = db.selectFrom('complaints as c').where(inScope(scope, 'c.dealer_id')).where('c.status', '!=', 'closed');
      const levels = sql`${filter.levels.length ? sql`or c.level in (${sql.join(filter.levels)})` : sql``} ${filter.carMakerDesk ? sql`or c.car_maker_involved` : sql``}`;
      const row = await query
        .select([
          sql<number>`count(*) filter (where c.owner_id = ${filter.userId} or c.handler_id = ${filter.userId} ${levels})::int`.as('mine'),
          sql<number>`count(*)::int`.as('team'),
          sql<number>`count(*) filter (where c.due_at <= ${filter.now})::int`.as('overdue'),
          sql<number>`count(*) filter (where c.status = 'open')::int`.as('open'),
        ])
        .executeTakeFirstOrThrow();
      return row;
    },

    insertEvent(row: Omit<Insertable<ComplaintEventsTable>, 'data'> & { data?: Record<string, unknown> }) {
      return db
        .insertInto('complaint_events')
        .values({ ...row, data: JSON.stringify(row.data ?? {}) })
        .execute();
    },

    events(dealerId: string, complaintId: string) {
      return db
        .selectFrom('complaint_events as e')
        .leftJoin('users as u', 'u.id', 'e.actor_user_id')
        .selectAll('e')
        .select('u.display_name as actor_name')
        .where('e.dealer_id', '=', dealerId)
        .where('e.complaint_id', '=', complaintId)
        .orderBy('e.at', 'desc')
        .orderBy('e.id', 'desc')
        .execute();
    },

    insertRecovery(row: Insertable<ComplaintRecoveriesTable>) {
      return db.insertInto('complaint_recoveries').values(row).execute();
    },

    recoveries(dealerId: string, complaintId: string) {
      return db
        .selectFrom('complaint_recoveries as r')
        .leftJoin('users as rq', 'rq.id', 'r.requested_by')
        .leftJoin('users as dc', 'dc.id', 'r.decided_by')
        .selectAll('r')
        .select(['rq.display_name as requested_by_name', 'dc.display_name as decided_by_name'])
        .where('r.dealer_id', '=', dealerId)
        .where('r.complaint_id', '=', complaintId)
        .orderBy('r.created_at')
        .execute();
    },

    decideRecovery(
      dealerId: string,
      complaintId: string,
      id: string,
      patch: { status: 'approved' | 'rejected'; decided_by: string; decided_at: Date; note: string | null },
    ) {
      return db
        .updateTable('complaint_recoveries')
        .set(patch)
        .where('dealer_id', '=', dealerId)
        .where('complaint_id', '=', complaintId)
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returning(['id', 'cost_fen', 'kind'])
        .executeTakeFirst();
    },

    /** Active staff of a dealer holding any of `roles`, the fewest open cases handled first. */
    staffWithRoles(dealerId: string, roles: readonly string[]) {
      return db
        .selectFrom('users as u')
        .select((eb) => [
          'u.id',
          'u.display_name',
          'u.roles',
          eb
            .selectFrom('complaints as c')
            .whereRef('c.handler_id', '=', 'u.id')
            .where('c.dealer_id', '=', dealerId)
            .where('c.status', '!=', 'closed')
            .select(sql<number>`count(*)::int`.as('n'))
            .as('open_cases'),
        ])
        .where('u.dealer_id', '=', dealerId)
        .where('u.disabled_at', 'is', null)
        .where(sql<boolean>`u.roles && ${sql.val([...roles])}::text[]`)
        .orderBy('open_cases')
        .orderBy('u.id')
        .execute();
    },

    staff(dealerId: string) {
      return db
        .selectFrom('users')
        .select(['id', 'display_name', 'roles'])
        .where('dealer_id', '=', dealerId)
        .where('disabled_at', 'is', null)
        .orderBy('display_name')
        .execute();
    },

    /** A notice in a member of staff's task list (routing, escalation), once per key. */
    async notify(row: {
      dealer_id: string;
      id: string;
      kind: 'complaint_routed' | 'complaint_escalated';
      assignee_user_id: string;
      complaint_id: string;
      customer_id: string;
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

    /** Open notices of a case move with it to its new dealer: they are closed at the old one. */
    async cancelNotices(dealerId: string, complaintId: string, now: Date) {
      await db
        .updateTable('tasks')
        .set({ status: 'cancelled', done_at: now })
        .where('dealer_id', '=', dealerId)
        .where('complaint_id', '=', complaintId)
        .where('status', '=', 'open')
        .execute();
    },

    /**
     * The analysis' figures of the cases received in [from, to) by dealer in scope (one dealer, or the
     * network for the car maker), from their facts (`complaint_facts`, migration 0022). `second_cases`
     * counts the cases that are their customer's second in the period in the whole network (the
     * network's repeat complainants: see the migration).
     */
    async analysisByDealer(scope: Scope, from: Date, to: Date, now: Date) {
      const result = await sql<{
        dealer_id: string;
        complaints: number;
        closed: number;
        responded_in_time: number;
        avg_close_hours: number | null;
        overdue: number;
        was_overdue: number;
        preventable: number;
        recovery_cost_fen: number;
        second_cases: number;
      }>`
        select f.dealer_id,
          count(*)::int as complaints,
          count(*) filter (where f.status = 'closed')::int as closed,
          count(*) filter (where f.feedback_at is not null and f.feedback_at <= f.feedback_due_at)::int as responded_in_time,
          (avg(extract(epoch from f.closed_at - f.received_at) / 3600) filter (where f.closed_at is not null))::float8 as avg_close_hours,
          count(*) filter (where f.status <> 'closed' and f.due_at <= ${now})::int as overdue,
          count(*) filter (where f.was_overdue)::int as was_overdue,
          count(*) filter (where f.preventable)::int as preventable,
          coalesce(sum(f.recovery_cost_fen), 0)::float8 as recovery_cost_fen,
          count(*) filter (where f.prev_received_at >= ${from} and not coalesce(f.prev2_received_at >= ${from}, false))::int as second_cases
        from complaint_facts f
        where ${inScope(scope, 'f.dealer_id')} and f.received_at >= ${from} and f.received_at < ${to}
        group by f.dealer_id`.execute(db);
      return result.rows;
    },

    /**
     * How many of the cases received in [from, to) at the dealers in scope fall in each category, under
     * each service advisor of the case's RO ('none': no RO advisor) and each vehicle model ('none': no
     * model); each with its label, biggest first. The whole UTC months of the period (`months`, inside
     * [from, to)) come from `complaint_month_counts`, the rest of the period from the facts.
     */
    async analysisCounts(scope: Scope, from: Date, to: Date, months: { from: Date; to: Date } | null) {
      const inner = months ?? { from: to, to };
      // Each end of the period on its own: a range the time index gives by itself.
      const edge = (start: Date, end: Date) => sql`
        select k.dim, k.key, 1 from complaint_facts f cross join lateral complaint_fact_dims(f.category, f.sa_id, f.model_id) k
        where ${inScope(scope, 'f.dealer_id')} and f.received_at >= ${start} and f.received_at < ${end}`;
      const result = await sql<{ dim: 'category' | 'service_advisor' | 'model'; key: string; label: string; complaints: number }>`
        with counts as (
          select x.dim, x.key, sum(x.n)::int as complaints from (
            select m.dim, m.key, m.n from complaint_month_counts m
            where ${inScope(scope, 'm.dealer_id')} and m.month >= ${inner.from} and m.month < ${inner.to}
            union all
            ${edge(from, inner.from)}
            union all
            ${edge(inner.to, to)}
          ) x
          group by x.dim, x.key having sum(x.n) > 0
        )
        select x.*, coalesce(case x.dim when 'category' then x.key when 'service_advisor' then sa.display_name when 'model' then m.name end, '—') as label
        from counts x
        left join users sa on x.dim = 'service_advisor' and sa.id::text = x.key
        left join vehicle_models m on x.dim = 'model' and m.id::text = x.key
        order by x.dim, x.complaints desc, label`.execute(db);
      return result.rows;
    },

    /**
     * The dealers in scope with the repair orders they opened in [from, to). The orders are counted per
     * dealer first (on each dealer's shard), then joined to the dealers: a distributed table on the inner
     * side of an outer join with a reference table is refused.
     */
    async analysisDealers(scope: Scope, from: Date, to: Date) {
      const result = await sql<{ dealer_id: string; code: string; name: string; repair_orders: number }>`
        with ro as materialized (
          select ro.dealer_id, count(*) as n from repair_orders ro
          where ${inScope(scope, 'ro.dealer_id')} and ro.created_at >= ${from} and ro.created_at < ${to} and ro.status <> 'cancelled'
          group by ro.dealer_id
        )
        select d.id as dealer_id, d.code, d.name, coalesce(ro.n, 0)::int as repair_orders
        from dealers d
        left join ro on ro.dealer_id = d.id
        where ${inScope(scope, 'd.id')}
        order by d.code`.execute(db);
      return result.rows;
    },

    /** How many customers have more than one case in the period at the dealers in scope. */
    async repeatComplainantCount(scope: Scope, from: Date, to: Date) {
      const result = await sql<{ n: number }>`
        select count(*)::int as n from (
          select f.customer_id from complaint_facts f
          where ${inScope(scope, 'f.dealer_id')} and f.received_at >= ${from} and f.received_at < ${to}
          group by f.customer_id having count(*) > 1
        ) g`.execute(db);
      return result.rows[0]!.n;
    },

    /**
     * The customers with at least `atLeast` (≥ 2) cases in the period at the dealers in scope, most
     * cases first, the first `limit`. Each of them has a case in the period that is at least its
     * `atLeast`-th in the network, so only those cases are looked up, through a partial index for 3+.
     */
    async frequentComplainants(scope: Scope, from: Date, to: Date, atLeast: number, limit: number) {
      const result = await sql<{ customer_id: string; name: string; count: number }>`
        with candidates as (
          select distinct f.customer_id from complaint_facts f
          where f.nth >= ${sql.lit(atLeast)} and f.received_at >= ${from} and f.received_at < ${to} and ${inScope(scope, 'f.dealer_id')}
        ), counted as (
          select f.customer_id, count(*)::int as count
          from complaint_facts f join candidates k on k.customer_id = f.customer_id
          where f.received_at >= ${from} and f.received_at < ${to} and ${inScope(scope, 'f.dealer_id')}
          group by f.customer_id having count(*) >= ${sql.lit(atLeast)}
        )
        select g.customer_id, cu.name, g.count from counted g join customers cu on cu.id = g.customer_id
        order by g.count desc, cu.name
        limit ${limit}`.execute(db);
      return result.rows;
    },

    customerOfDealer(dealerId: string, customerId: string) {
      return db
        .selectFrom('dealer_customers')
        .select('customer_id')
        .where('dealer_id', '=', dealerId)
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
    },

    vehicle(vehicleId: string) {
      return db.selectFrom('vehicles').select(['id', 'owner_id']).where('id', '=', vehicleId).executeTakeFirst();
    },

    repairOrder(dealerId: string, id: string) {
      return db
        .selectFrom('repair_orders')
        .select(['id', 'customer_id', 'vehicle_id', 'sa_id'])
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .executeTakeFirst();
    },
  };
}

export type ComplaintsRepository = ReturnType<typeof createComplaintsRepository>;
