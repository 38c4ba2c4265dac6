import type { CareRule, CareRuleSetting, CustomerSegment } from '@servicebay/contracts';
import { type ExpressionBuilder, type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type {
  FollowUpAttemptsTable,
  FollowUpSettingsTable,
  FollowUpTasksTable,
  WinBackCasesTable,
  WorkPlansTable,
} from '../../platform/db.schema.js';
import { addDays } from '../../platform/dealer-time.js';
import { inScope, type Scope } from '../../platform/scope.js';
import type { EventRule } from './follow-up.rules.js';
import { predictionQuery, type VehicleSelection } from './prediction.repository.js';

/** One dealer's effective rule, as the set-based generation joins it. */
export type DealerRule = { dealer_id: string; rule: CareRule } & Pick<CareRuleSetting, 'enabled' | 'owner'> & {
    start_days: number;
    end_days: number;
  };

/** Roles whose holders form a dealer's pool of care-centre agents. */
export const AGENT_ROLES = ['customer_relations', 'appointment_agent'];

/**
 * The anchors of the nightly timers as SQL: each yields (dealer_id, customer_id, vehicle_id, anchor_on,
 * period_key) for the rule. The vehicle's dealer is the one that last serviced it (the prediction's
 * dealer), else the one that sold it (its first link); a customer's is their first link.
 */
const ANCHORS: Record<Exclude<CareRule, EventRule>, string> = {
  new_car: `select dv.dealer_id, v.owner_id as customer_id, v.id as vehicle_id, v.delivered_on as anchor_on, 'delivery:' || v.delivered_on as period_key
    from vehicles v join lateral (select dealer_id from dealer_vehicles where vehicle_id = v.id order by created_at, dealer_id limit 1) dv on true
    where v.delivered_on between $from::date and $to::date`,
  first_maintenance: `select dv.dealer_id, v.owner_id, v.id, v.delivered_on, 'first'
    from vehicles v join lateral (select dealer_id from dealer_vehicles where vehicle_id = v.id order by created_at, dealer_id limit 1) dv on true
    where v.delivered_on between $from::date and $to::date
      and not exists (select 1 from repair_orders ro where ro.vehicle_id = v.id and ro.delivered_at is not null)`,
  periodic_maintenance: `select p.dealer_id, v.owner_id, v.id, p.due_on, 'cycle:' || coalesce(p.last_service_on::text, 'km' || p.due_km)
    from maintenance_predictions p join vehicles v on v.id = p.vehicle_id where p.dealer_id is not null and p.due_on between $from::date and $to::date`,
  lost_customer: `select p.dealer_id, v.owner_id, v.id, p.due_on, 'cycle:' || coalesce(p.last_service_on::text, 'km' || p.due_km)
    from maintenance_predictions p join vehicles v on v.id = p.vehicle_id where p.dealer_id is not null and p.due_on between $from::date and $to::date`,
  birthday: `select dc.dealer_id, c.id, null::uuid, b.on_day, 'birthday:' || extract(year from b.on_day)
    from customers c
    cross join lateral (
      select case when make_date(y, m, least(d, extract(day from (make_date(y, m, 1) + interval '1 month - 1 day'))::int)) >= $today::date
        then make_date(y, m, least(d, extract(day from (make_date(y, m, 1) + interval '1 month - 1 day'))::int))
        else make_date(y + 1, m, least(d, extract(day from (make_date(y + 1, m, 1) + interval '1 month - 1 day'))::int)) end as on_day
      from (select extract(year from $today::date)::int as y, extract(month from c.birthday)::int as m, extract(day from c.birthday)::int as d) parts
    ) b
    join lateral (select dealer_id from dealer_customers where customer_id = c.id order by created_at, dealer_id limit 1) dc on true
    where c.birthday is not null and b.on_day between $from::date and $to::date`,
  insurance_expiry: `select coalesce(p.dealer_id, dv.dealer_id), v.owner_id, v.id, v.insurance_expires_on, 'insurance:' || v.insurance_expires_on
    from vehicles v left join maintenance_predictions p on p.vehicle_id = v.id
    join lateral (select dealer_id from dealer_vehicles where vehicle_id = v.id order by created_at, dealer_id limit 1) dv on true
    where v.insurance_expires_on between $from::date and $to::date`,
  annual_inspection: `select coalesce(p.dealer_id, dv.dealer_id), v.owner_id, v.id, v.inspection_due_on, 'inspection:' || v.inspection_due_on
    from vehicles v left join maintenance_predictions p on p.vehicle_id = v.id
    join lateral (select dealer_id from dealer_vehicles where vehicle_id = v.id order by created_at, dealer_id limit 1) dv on true
    where v.inspection_due_on between $from::date and $to::date`,
  licence_expiry: `select dc.dealer_id, c.id, null::uuid, c.licence_expires_on, 'licence:' || c.licence_expires_on
    from customers c join lateral (select dealer_id from dealer_customers where customer_id = c.id order by created_at, dealer_id limit 1) dc on true
    where c.licence_expires_on between $from::date and $to::date`,
};

export function createFollowUpRepository(db: Database) {
  return {
    settings(dealerId: string) {
      return db.selectFrom('follow_up_settings').selectAll().where('dealer_id', '=', dealerId).executeTakeFirst();
    },

    allSettings() {
      return db
        .selectFrom('dealers as d')
        .leftJoin('follow_up_settings as s', 's.dealer_id', 'd.id')
        .select(['d.id as dealer_id', 'd.network_id', 'd.time_zone', 's.rules', 's.max_attempts', 's.reminder_channel'])
        .execute();
    },

    async saveSettings(
      dealerId: string,
      values: {
        rules: Record<string, unknown>;
        max_attempts: number;
        reminder_channel: Selectable<FollowUpSettingsTable>['reminder_channel'];
      },
      now: Date,
    ) {
      const row = {
        rules: JSON.stringify(values.rules),
        max_attempts: values.max_attempts,
        reminder_channel: values.reminder_channel,
        updated_at: now,
      };
      await db
        .insertInto('follow_up_settings')
        .values({ dealer_id: dealerId, ...row })
        .onConflict((oc) => oc.column('dealer_id').doUpdateSet(row))
        .execute();
    },

    /** Recomputes the prediction of every vehicle (null) or of some, in one statement. Returns the rows written. */
    async predict(today: string, vehicleIds: VehicleSelection, now: Date) {
      const result = await sql`
        insert into maintenance_predictions (vehicle_id, network_id, dealer_id, counted_from, last_service_on, last_service_km, daily_km, readings_used, confidence, basis, due_on, due_km, computed_at)
        select vehicle_id, network_id, dealer_id, counted_from, last_service_on, last_service_km, daily_km, readings_used, confidence, basis, due_on, due_km, ${now}
        from (${predictionQuery(today, vehicleIds)}) p
        on conflict (vehicle_id) do update set
          network_id = excluded.network_id, dealer_id = excluded.dealer_id, counted_from = excluded.counted_from, last_service_on = excluded.last_service_on, last_service_km = excluded.last_service_km,
          daily_km = excluded.daily_km, readings_used = excluded.readings_used, confidence = excluded.confidence, basis = excluded.basis,
          due_on = excluded.due_on, due_km = excluded.due_km, computed_at = excluded.computed_at
        -- An unchanged prediction is not rewritten (most of them, most nights).
        where (maintenance_predictions.dealer_id, maintenance_predictions.counted_from, maintenance_predictions.last_service_on, maintenance_predictions.last_service_km, maintenance_predictions.daily_km,
               maintenance_predictions.readings_used, maintenance_predictions.confidence, maintenance_predictions.basis, maintenance_predictions.due_on, maintenance_predictions.due_km)
          is distinct from (excluded.dealer_id, excluded.counted_from, excluded.last_service_on, excluded.last_service_km, excluded.daily_km, excluded.readings_used, excluded.confidence, excluded.basis, excluded.due_on, excluded.due_km)`.execute(
        db,
      );
      return Number(result.numAffectedRows ?? 0);
    },

    /** Fresh planner statistics for a table the nightly run has just written many rows to. */
    async analyze(table: 'maintenance_predictions' | 'follow_up_tasks') {
      await sql`analyze ${sql.table(table)}`.execute(db);
    },

    /** The vehicle id in the middle of all vehicles' ids (null without vehicles): where the nightly prediction is split. */
    async middleVehicle() {
      const result = await sql<{
        id: string;
      }>`select id from vehicles order by id offset (select count(*) / 2 from vehicles) limit 1`.execute(db);
      return result.rows[0]?.id ?? null;
    },

    async vehiclesOf(dealerId: string) {
      return (await db.selectFrom('dealer_vehicles').select('vehicle_id').where('dealer_id', '=', dealerId).execute()).map(
        (r) => r.vehicle_id,
      );
    },

    prediction(vehicleId: string) {
      return db.selectFrom('maintenance_predictions').selectAll().where('vehicle_id', '=', vehicleId).executeTakeFirst();
    },

    /**
     * Creates the tasks of one timer whose window is open today, for every dealer at once; a task that
     * exists (same dealer, rule, customer, vehicle and period) is left alone, so a second run adds none.
     */
    async generate(rule: Exclude<CareRule, EventRule>, rules: readonly DealerRule[], today: string, now: Date) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`not a date: ${today}`);
      const enabled = rules.filter((r) => r.rule === rule && r.enabled);
      if (enabled.length === 0) return 0;
      // Only anchors whose window can be open today: today − the latest end … today − the earliest start.
      const from = addDays(today, -Math.max(...enabled.map((r) => r.end_days)));
      const to = addDays(today, -Math.min(...enabled.map((r) => r.start_days)));
      const anchors = ANCHORS[rule].replaceAll('$today', `'${today}'`).replaceAll('$from', `'${from}'`).replaceAll('$to', `'${to}'`);
      const result = await sql`
        insert into follow_up_tasks (dealer_id, id, rule, period_key, customer_id, vehicle_id, anchor_on, due_from, due_until, created_at)
        select a.dealer_id, uuid_generate_v7(), ${rule}, a.period_key, a.customer_id, a.vehicle_id, a.anchor_on, a.anchor_on + cfg.start_days, a.anchor_on + cfg.end_days, ${now}::timestamptz
        from (${sql.raw(anchors)}) as a(dealer_id, customer_id, vehicle_id, anchor_on, period_key)
        join jsonb_to_recordset(${JSON.stringify(enabled)}::jsonb) as cfg(dealer_id uuid, rule text, start_days int, end_days int)
          on cfg.dealer_id = a.dealer_id
        join customers c on c.id = a.customer_id
        where ${today}::date between a.anchor_on + cfg.start_days and a.anchor_on + cfg.end_days
          and coalesce((c.consent->>'phone')::boolean, false)
        on conflict do nothing`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /** The lost customers of today's run get a win-back case each (one per service cycle). */
    async openWinBackCases(now: Date) {
      const result = await sql`
        insert into win_back_cases (dealer_id, id, customer_id, vehicle_id, task_id, period_key, last_visit_on, due_on, created_at, updated_at)
        select t.dealer_id, uuid_generate_v7(), t.customer_id, t.vehicle_id, t.id, t.period_key, p.last_service_on, p.due_on, ${now}::timestamptz, ${now}::timestamptz
        from follow_up_tasks t left join maintenance_predictions p on p.vehicle_id = t.vehicle_id
        where t.rule = 'lost_customer' and t.created_at >= ${now}::timestamptz - interval '2 days'
        on conflict do nothing`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /** Names of the KPI rows' agents or dealers. */
    labels(kind: 'agent' | 'dealer', ids: readonly string[]) {
      if (ids.length === 0) return Promise.resolve([] as { id: string; label: string }[]);
      return kind === 'dealer'
        ? db
            .selectFrom('dealers')
            .select(['id', sql<string>`code || ' ' || name`.as('label')])
            .where('id', 'in', [...ids])
            .execute()
        : db
            .selectFrom('users')
            .select(['id', 'display_name as label'])
            .where('id', 'in', [...ids])
            .execute();
    },

    /** A customer's contact consent (whether they take calls). */
    async customerConsent(customerId: string) {
      const row = await db.selectFrom('customers').select('consent').where('id', '=', customerId).executeTakeFirstOrThrow();
      return row.consent as Record<string, boolean>;
    },

    insertTask(values: {
      dealer_id: string;
      id: string;
      rule: CareRule;
      period_key: string;
      customer_id: string;
      vehicle_id: string | null;
      repair_order_id: string | null;
      anchor_on: string;
      due_from: string;
      due_until: string;
      owner_id?: string | null;
      created_at: Date;
    }) {
      return db
        .insertInto('follow_up_tasks')
        .values(values)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
    },

    /**
     * The campaign's invitation calls at one dealer, in one statement: a task per affected car the
     * dealer serves, to its owner if they take calls; once per car and campaign.
     */
    async insertCampaignCalls(
      dealerId: string,
      campaignId: string,
      window: { anchorOn: string; dueFrom: string; dueUntil: string },
      now: Date,
    ) {
      const result = await sql`
        insert into follow_up_tasks (dealer_id, id, rule, period_key, customer_id, vehicle_id, anchor_on, due_from, due_until, created_at)
        select cv.dealer_id, uuid_generate_v7(), 'campaign_invitation', ${`campaign:${campaignId}`}, v.owner_id, v.id,
               ${window.anchorOn}::date, ${window.dueFrom}::date, ${window.dueUntil}::date, ${now}
        from campaign_vehicles cv
        join vehicles v on v.id = cv.vehicle_id
        join customers c on c.id = v.owner_id
        where cv.campaign_id = ${campaignId} and cv.dealer_id = ${dealerId} and cv.completed_at is null
          and coalesce((c.consent->>'phone')::boolean, false)
        on conflict do nothing`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /**
     * A call list made from customers picked by value, in one statement: a task per customer who takes
     * calls and has no open one of the kind yet. Returns what was made and why the others were not.
     */
    async insertValueCalls(
      dealerId: string,
      customerIds: readonly string[],
      window: { anchorOn: string; dueFrom: string; dueUntil: string },
      now: Date,
    ) {
      const { rows } = await sql<{ created: number; no_consent: number; already_open: number }>`
        with picked as (
          select c.id, coalesce((c.consent->>'phone')::boolean, false) as takes_calls,
            exists (select 1 from follow_up_tasks t where t.dealer_id = ${dealerId} and t.customer_id = c.id
              and t.rule = 'value_care' and t.status = 'open') as already_open
          from customers c where c.id = any(${sql.val(customerIds)}::uuid[])
        ),
        inserted as (
          insert into follow_up_tasks (dealer_id, id, rule, period_key, customer_id, anchor_on, due_from, due_until, created_at)
          select ${dealerId}, uuid_generate_v7(), 'value_care', ${`value:${window.anchorOn}`}, p.id,
                 ${window.anchorOn}::date, ${window.dueFrom}::date, ${window.dueUntil}::date, ${now}
          from picked p where p.takes_calls and not p.already_open
          on conflict do nothing
          returning 1
        )
        select (select count(*) from inserted)::int as created,
          (select count(*) from picked where not takes_calls)::int as no_consent,
          (select count(*) from picked where takes_calls and already_open)::int as already_open`.execute(db);
      return rows[0]!;
    },

    /**
     * Gives every unowned open task an owner: for an 'sa' rule the advisor of the vehicle's last order
     * at the dealer; the rest go round the dealer's agents, least loaded first.
     */
    async assignOwners(dealerRules: readonly DealerRule[], dealerIds: readonly string[]) {
      const saRules = JSON.stringify(dealerRules.filter((r) => r.owner === 'sa').map((r) => ({ dealer_id: r.dealer_id, rule: r.rule })));
      const scope = sql`and t.dealer_id = any(${sql.val(dealerIds)}::uuid[])`;
      await sql`
        update follow_up_tasks t set owner_id = s.sa_id
        from (
          select t2.dealer_id, t2.id, (
            select ro.sa_id from repair_orders ro join users u on u.id = ro.sa_id and u.dealer_id = ro.dealer_id and u.disabled_at is null
            where ro.dealer_id = t2.dealer_id and ro.vehicle_id = t2.vehicle_id and ro.sa_id is not null order by ro.created_at desc limit 1
          ) as sa_id
          from follow_up_tasks t2
          join jsonb_to_recordset(${saRules}::jsonb) as r(dealer_id uuid, rule text) on r.dealer_id = t2.dealer_id and r.rule = t2.rule
          where t2.owner_id is null and t2.status = 'open' and t2.vehicle_id is not null
        ) s
        where t.dealer_id = s.dealer_id and t.id = s.id and s.sa_id is not null ${scope}`.execute(db);
      await sql`
        with agents as (
          select u.dealer_id, u.id, row_number() over (partition by u.dealer_id order by coalesce(l.open, 0), u.id) - 1 as slot, count(*) over (partition by u.dealer_id) as n
          from users u
          left join (
            select t.dealer_id, t.owner_id, count(*) as open from follow_up_tasks t where t.status = 'open' and t.owner_id is not null ${scope} group by 1, 2
          ) l on l.dealer_id = u.dealer_id and l.owner_id = u.id
          where u.dealer_id = any(${sql.val(dealerIds)}::uuid[]) and u.disabled_at is null and u.roles && ${sql.val(AGENT_ROLES)}::text[]
        ),
        pending as (
          select t.dealer_id, t.id, row_number() over (partition by t.dealer_id order by t.due_from, t.id) - 1 as k
          from follow_up_tasks t where t.owner_id is null and t.status = 'open' ${scope}
        )
        update follow_up_tasks t set owner_id = a.id
        from pending p join agents a on a.dealer_id = p.dealer_id and a.slot = p.k % a.n
        where t.dealer_id = p.dealer_id and t.id = p.id`.execute(db);
    },

    /** Open periodic reminders of today that still need their SMS (the dealer sends reminders by SMS). */
    smsRemindersDue(today: string) {
      return db
        .selectFrom('follow_up_tasks as t')
        .innerJoin('follow_up_settings as s', 's.dealer_id', 't.dealer_id')
        .innerJoin('customers as c', 'c.id', 't.customer_id')
        .innerJoin('dealers as d', 'd.id', 't.dealer_id')
        .leftJoin('vehicles as v', 'v.id', 't.vehicle_id')
        .select([
          't.dealer_id',
          't.id',
          't.anchor_on',
          'c.id as customer_id',
          'c.name as customer_name',
          'c.mobile',
          'd.name as dealer_name',
          'd.network_id',
          'v.plate_key',
        ])
        .where('t.rule', '=', 'periodic_maintenance')
        .where('t.reminder_sent_at', 'is', null)
        .where('t.status', '=', 'open')
        .where('t.due_from', '<=', today)
        .where('s.reminder_channel', 'in', ['sms', 'both'])
        .execute();
    },

    markReminderSent(dealerId: string, id: string, now: Date) {
      return db
        .updateTable('follow_up_tasks')
        .set({ reminder_sent_at: now })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .execute();
    },

    /** SMS-only dealers: the reminder is the whole task. */
    closeSmsOnlyReminders(dealerId: string, ids: string[], now: Date) {
      if (ids.length === 0) return Promise.resolve();
      return db
        .updateTable('follow_up_tasks')
        .set({ status: 'done', outcome: 'sms_sent', closed_at: now, version: sql`version + 1` })
        .where('dealer_id', '=', dealerId)
        .where('id', 'in', ids)
        .execute();
    },

    taskQuery(dealerId: string) {
      return db
        .selectFrom('follow_up_tasks as t')
        .innerJoin('customers as c', 'c.id', 't.customer_id')
        .leftJoin('vehicles as v', 'v.id', 't.vehicle_id')
        .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
        .leftJoin('users as o', 'o.id', 't.owner_id')
        .selectAll('t')
        .select([
          'c.name as customer_name',
          'c.mobile as customer_mobile',
          'v.plate_key',
          'm.name as model_name',
          'o.display_name as owner_name',
        ])
        .where('t.dealer_id', '=', dealerId);
    },

    /** A desk's queue of calls in one view (today, overdue, upcoming, closed, all), with the counts of the first three. */
    async queue(
      dealerId: string,
      query: {
        view: 'today' | 'overdue' | 'upcoming' | 'closed' | 'all';
        rule?: CareRule | undefined;
        segment?: CustomerSegment | undefined;
        ownerId?: string | undefined;
        limit: number;
        today: string;
        endOfToday: Date;
      },
    ) {
      const { today, endOfToday } = query;
      const base = () => {
        let q = this.taskQuery(dealerId);
        if (query.ownerId) q = q.where('t.owner_id', '=', query.ownerId);
        if (query.rule) q = q.where('t.rule', '=', query.rule);
        const segment = query.segment;
        if (segment)
          q = q.where(({ exists, selectFrom }) =>
            exists(
              selectFrom('customer_values as cv')
                .select('cv.customer_id')
                .whereRef('cv.dealer_id', '=', 't.dealer_id')
                .whereRef('cv.customer_id', '=', 't.customer_id')
                .where('cv.segment', '=', segment),
            ),
          );
        return q;
      };
      // biome-ignore lint/suspicious/noExplicitAny: one filter shared by the list and its count
      const dueToday = (w: ExpressionBuilder<any, any>) =>
        w.and([
          w('t.status', '=', 'open'),
          w('t.due_from', '<=', today),
          w('t.due_until', '>=', today),
          w.or([w('t.call_back_at', 'is', null), w('t.call_back_at', '<', endOfToday)]),
        ]);
      let list = base();
      switch (query.view) {
        case 'today':
          // Agreed call-backs first (by time), then the calls whose window closes first.
          list = list.where(dueToday).orderBy(sql`t.call_back_at asc nulls last`).orderBy('t.due_until', 'asc');
          break;
        case 'overdue':
          list = list.where('t.status', '=', 'open').where('t.due_until', '<', today).orderBy('t.due_until', 'asc');
          break;
        case 'upcoming':
          list = list.where('t.status', '=', 'open').where('t.due_from', '>', today).orderBy('t.due_from', 'asc');
          break;
        case 'closed':
          list = list.where('t.status', '<>', 'open').orderBy('t.closed_at', 'desc');
          break;
        case 'all':
          list = list.orderBy('t.due_from', 'desc');
      }
      const rows = await list.orderBy('t.id').limit(query.limit).execute();
      const counts = await base()
        .clearSelect()
        .select((eb) => [
          eb.fn.count<string>('t.id').filterWhere(dueToday).as('today'),
          eb.fn
            .count<string>('t.id')
            .filterWhere((w) => w.and([w('t.status', '=', 'open'), w('t.due_until', '<', today)]))
            .as('overdue'),
          eb.fn
            .count<string>('t.id')
            .filterWhere((w) => w.and([w('t.status', '=', 'open'), w('t.due_from', '>', today)]))
            .as('upcoming'),
        ])
        .executeTakeFirstOrThrow();
      return { rows, counts };
    },

    /** The customer on the call screen. */
    callCustomer(customerId: string) {
      return db.selectFrom('customers').select(['id', 'name', 'mobile', 'consent']).where('id', '=', customerId).executeTakeFirstOrThrow();
    },

    /** The customer's vehicles known at this dealer. */
    customerVehiclesAt(dealerId: string, customerId: string) {
      return db
        .selectFrom('vehicles as v')
        .innerJoin('dealer_vehicles as dv', (j) => j.onRef('dv.vehicle_id', '=', 'v.id').on('dv.dealer_id', '=', dealerId))
        .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
        .select(['v.id', 'v.plate_key', 'm.name as model_name'])
        .where('v.owner_id', '=', customerId)
        .execute();
    },

    /** The vehicle the call is about. */
    callVehicle(vehicleId: string) {
      return db
        .selectFrom('vehicles as v')
        .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
        .select(['v.id', 'v.plate_key', 'v.vin', 'v.delivered_on', 'v.insurance_expires_on', 'v.inspection_due_on', 'm.name as model_name'])
        .where('v.id', '=', vehicleId)
        .executeTakeFirstOrThrow();
    },

    lastReading(vehicleId: string) {
      return db
        .selectFrom('mileage_readings')
        .select('km')
        .where('vehicle_id', '=', vehicleId)
        .orderBy('read_on', 'desc')
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    /** The calling agent's name, for the script. */
    agentName(userId: string) {
      return db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
    },

    /** Every customer of the network with this mobile, locked for the consent change. */
    customersByMobile(mobile: string) {
      return db.selectFrom('customers').select(['id', 'network_id', 'consent']).where('mobile', '=', mobile).forUpdate().execute();
    },

    async turnSmsConsentOff(customerId: string, consent: Record<string, boolean>, now: Date) {
      await db
        .updateTable('customers')
        .set({ consent: JSON.stringify({ ...consent, sms: false }), consent_updated_at: now, updated_at: now })
        .where('id', '=', customerId)
        .execute();
    },

    findTask(dealerId: string, id: string, options: { lock?: boolean } = {}) {
      let query = db.selectFrom('follow_up_tasks').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id);
      if (options.lock) query = query.forUpdate();
      return query.executeTakeFirst();
    },

    updateTask(dealerId: string, id: string, version: number, changes: Updateable<FollowUpTasksTable>) {
      return db
        .updateTable('follow_up_tasks')
        .set({ ...changes, version: version + 1 })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
    },

    insertAttempt(values: Insertable<FollowUpAttemptsTable>) {
      return db.insertInto('follow_up_attempts').values(values).execute();
    },

    attempts(dealerId: string, taskId: string) {
      return db
        .selectFrom('follow_up_attempts as a')
        .leftJoin('users as u', 'u.id', 'a.agent_id')
        .selectAll('a')
        .select('u.display_name as agent_name')
        .where('a.dealer_id', '=', dealerId)
        .where('a.task_id', '=', taskId)
        .orderBy('a.at', 'desc')
        .execute();
    },

    recentVisits(dealerId: string, customerId: string) {
      return db
        .selectFrom('repair_orders as ro')
        .innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
        .leftJoin('visits as vi', (join) => join.onRef('vi.id', '=', 'ro.visit_id').onRef('vi.dealer_id', '=', 'ro.dealer_id'))
        .select(['ro.id', 'ro.number', 'ro.delivered_at', 'ro.concerns', 'v.plate_key', 'vi.appointment_id'])
        .where('ro.dealer_id', '=', dealerId)
        .where('ro.customer_id', '=', customerId)
        .orderBy('ro.created_at', 'desc')
        .limit(5)
        .execute();
    },

    agents(dealerId: string) {
      return db
        .selectFrom('users as u')
        .select(['u.id', 'u.display_name', 'u.roles'])
        .where('u.dealer_id', '=', dealerId)
        .where('u.disabled_at', 'is', null)
        .execute();
    },

    winBackCases(dealerId: string, result: Selectable<WinBackCasesTable>['result'] | undefined) {
      return db
        .selectFrom('win_back_cases as w')
        .innerJoin('customers as c', 'c.id', 'w.customer_id')
        .leftJoin('vehicles as v', 'v.id', 'w.vehicle_id')
        .selectAll('w')
        .select(['c.name as customer_name', 'c.mobile as customer_mobile', 'v.plate_key'])
        .where('w.dealer_id', '=', dealerId)
        .$if(result !== undefined, (q) => q.where('w.result', '=', result!))
        .orderBy('w.due_on', 'asc')
        .limit(500)
        .execute();
    },

    findWinBack(dealerId: string, id: string) {
      return db
        .selectFrom('win_back_cases')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    updateWinBack(dealerId: string, id: string, version: number, changes: Updateable<WinBackCasesTable>) {
      return db
        .updateTable('win_back_cases')
        .set({ ...changes, version: version + 1 })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
    },

    /** A lost customer whose car came back since the case opened is won back (the nightly run marks it). */
    async markWonBack(today: string, now: Date) {
      await sql`
        update win_back_cases w set result = 'won_back', result_on = ro.delivered_on, version = w.version + 1, updated_at = ${now}::timestamptz
        from (
          select ro.dealer_id, ro.vehicle_id, max((ro.delivered_at at time zone d.time_zone)::date) as delivered_on
          from repair_orders ro join dealers d on d.id = ro.dealer_id where ro.delivered_at is not null group by 1, 2
        ) ro
        where w.result = 'pending' and ro.dealer_id = w.dealer_id and ro.vehicle_id = w.vehicle_id
          and ro.delivered_on > coalesce(w.last_visit_on, '1900-01-01') and ro.delivered_on <= ${today}::date`.execute(db);
    },

    plans(dealerId: string) {
      return db.selectFrom('work_plans').selectAll().where('dealer_id', '=', dealerId).orderBy('period_from', 'desc').limit(200).execute();
    },

    insertPlan(row: Insertable<WorkPlansTable>) {
      return db.insertInto('work_plans').values(row).returningAll().executeTakeFirstOrThrow();
    },

    /** A plan's figures recorded by hand: the count of a plan counted by hand, an activity's cost. */
    setPlanActual(dealerId: string, id: string, version: number, changes: { manual_actual?: number; actual_cost_fen?: number }) {
      return db
        .updateTable('work_plans')
        .set({ ...changes, version: version + 1 })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    findPlan(dealerId: string, id: string) {
      return db.selectFrom('work_plans').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id).forUpdate().executeTakeFirst();
    },

    /** The revenue of each service plan with a revenue target: the net of the invoices paid in its period. */
    async planRevenue(
      dealerId: string,
      plans: readonly { id: string; revenue_target_fen: string | number | null; period_from: string; period_to: string }[],
      timeZone: string,
    ) {
      const targeted = plans.filter((p) => p.revenue_target_fen !== null);
      if (targeted.length === 0) return new Map<string, number>();
      const { rows } = await sql<{ id: string; revenue_fen: string }>`
        select p.id, coalesce(sum((select sum((e.value ->> 'netFen')::bigint) from jsonb_each(i.totals -> 'byPayType') e)), 0) as revenue_fen
        from work_plans p
        left join invoices i on i.dealer_id = p.dealer_id and i.paid_at is not null
          and (i.paid_at at time zone ${timeZone})::date between p.period_from and p.period_to
        where p.dealer_id = ${dealerId} and p.id in (${sql.join(targeted.map((p) => p.id))})
        group by p.id`.execute(db);
      return new Map(rows.map((r) => [r.id, Number(r.revenue_fen)]));
    },

    /** The live actual of each plan: counted from the tasks, appointments and orders of its period. */
    async planActuals(
      dealerId: string,
      plans: readonly { id: string; metric: string; rule: string | null; period_from: string; period_to: string; manual_actual: number }[],
      timeZone: string,
    ) {
      const actuals = new Map<string, number>();
      for (const plan of plans) {
        const from = plan.period_from;
        const to = plan.period_to;
        let count = plan.manual_actual;
        if (plan.metric === 'follow_up_calls') {
          const row = await db
            .selectFrom('follow_up_tasks')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('dealer_id', '=', dealerId)
            .where('status', 'in', ['done', 'unreachable'])
            .where(sql<boolean>`(closed_at at time zone ${timeZone})::date between ${from}::date and ${to}::date`)
            .$if(plan.rule !== null, (q) => q.where('rule', '=', plan.rule as FollowUpTasksTable['rule']))
            .executeTakeFirstOrThrow();
          count = Number(row.n);
        } else if (plan.metric === 'appointments') {
          const row = await db
            .selectFrom('appointments')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('dealer_id', '=', dealerId)
            .where(sql<boolean>`(created_at at time zone ${timeZone})::date between ${from}::date and ${to}::date`)
            .executeTakeFirstOrThrow();
          count = Number(row.n);
        } else if (plan.metric === 'service_visits') {
          const row = await db
            .selectFrom('repair_orders')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('dealer_id', '=', dealerId)
            .where(sql<boolean>`(delivered_at at time zone ${timeZone})::date between ${from}::date and ${to}::date`)
            .executeTakeFirstOrThrow();
          count = Number(row.n);
        }
        actuals.set(plan.id, count);
      }
      return actuals;
    },

    /** KPIs of the tasks whose window opened in the period, by month of the window or by owner. */
    kpis(scope: Scope, from: string, to: string, groupBy: 'month' | 'agent' | 'dealer', today: string) {
      const key = {
        month: sql<string>`to_char(t.due_from, 'YYYY-MM')`,
        agent: sql<string>`coalesce(t.owner_id::text, '-')`,
        dealer: sql<string>`t.dealer_id::text`,
      }[groupBy];
      return sql<{
        key: string;
        tasks_due: number;
        tasks_closed: number;
        tasks_reached: number;
        tasks_attempted: number;
        tasks_overdue: number;
        appointments_booked: number;
        reminder_targets: number;
        reminder_returned: number;
      }>`
        select ${key} as key,
          count(*)::int as tasks_due,
          count(*) filter (where t.status in ('done', 'unreachable'))::int as tasks_closed,
          count(*) filter (where exists (select 1 from follow_up_attempts a where a.dealer_id = t.dealer_id and a.task_id = t.id and a.result = 'reached'))::int as tasks_reached,
          count(*) filter (where t.attempts > 0)::int as tasks_attempted,
          count(*) filter (where t.status = 'open' and t.due_until < ${today}::date)::int as tasks_overdue,
          count(*) filter (where t.appointment_id is not null)::int as appointments_booked,
          count(*) filter (where t.rule = 'periodic_maintenance')::int as reminder_targets,
          count(*) filter (where t.rule = 'periodic_maintenance' and exists (
            select 1 from visits vi where vi.dealer_id = t.dealer_id and vi.vehicle_id = t.vehicle_id and vi.status <> 'cancelled'
              and vi.arrived_at >= t.due_from::timestamp - interval '1 day' and vi.arrived_at < (t.anchor_on + 31)::timestamp
          ))::int as reminder_returned
        from follow_up_tasks t
        where ${inScope(scope, 't.dealer_id')} and t.due_from between ${from}::date and ${to}::date and t.status <> 'cancelled'
        group by 1 order by 1`.execute(db);
    },
  };
}
