import type { CheckResult, DrillKind, ProcessChecklistItem, ProcessCheckStep, ProcessTargets } from '@servicebay/contracts';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import { inScope, type Scope } from '../../platform/scope.js';

/** A visit with what its steps recorded (process-checks.rules.ts#VisitRecord reads it) and its spot-check. */
export type VisitRecordRow = {
  dealer_id: string;
  id: string;
  sa_id: string | null;
  sa_name: string | null;
  plate_key: string | null;
  arrived_at: Date;
  greeted_at: Date;
  timely_minutes: number;
  covers_applied: boolean | null;
  walkaround_signed: boolean | null;
  ro_id: string | null;
  ro_number: string | null;
  promised_at: Date | null;
  delivered: boolean | null;
  delivery_checklist: { workExplained?: boolean; oldPartsShown?: boolean } | null;
  next_due_given: boolean | null;
  call_status: 'open' | 'done' | 'unreachable' | 'cancelled' | null;
  call_due_until: string | null;
  call_closed_on: string | null;
  spot_check_id: string | null;
  spot_check_status: 'draft' | 'submitted' | null;
  failed_count: number | null;
};

/**
 * Visits (not cancelled) with their first live order, walk-around, post-service call and spot-check;
 * `where` narrows them (a period of dealer days, or one visit). Set-based, as the network's figures.
 */
function visitRecords(db: Database, scope: Scope, where: RawBuilder<unknown>) {
  return sql<VisitRecordRow>`
    select v.dealer_id, v.id, v.sa_id, u.display_name as sa_name, veh.plate_key, v.arrived_at, v.greeted_at,
      coalesce(s.timely_reception_minutes, 2) as timely_minutes,
      i.covers_applied, i.signed_at is not null as walkaround_signed,
      ro.id as ro_id, ro.number as ro_number, ro.promised_at, ro.delivered_at is not null as delivered, ro.delivery_checklist,
      (ro.next_due_on is not null or ro.next_due_km is not null) as next_due_given,
      call.status as call_status, call.due_until::text as call_due_until, (call.closed_at at time zone d.time_zone)::date::text as call_closed_on,
      sc.id as spot_check_id, sc.status as spot_check_status, sc.failed_count
    from visits v
    join dealers d on d.id = v.dealer_id
    join vehicles veh on veh.id = v.vehicle_id
    left join users u on u.id = v.sa_id
    left join dealer_settings s on s.dealer_id = v.dealer_id
    left join inspections i on i.dealer_id = v.dealer_id and i.visit_id = v.id
    left join lateral (
      select r.id, r.number, r.promised_at, r.delivered_at, r.delivery_checklist, r.next_due_on, r.next_due_km
      from repair_orders r
      where r.dealer_id = v.dealer_id and r.visit_id = v.id and r.status <> 'cancelled'
      order by r.created_at, r.id limit 1
    ) ro on true
    left join lateral (
      select t.status, t.due_until, t.closed_at from follow_up_tasks t
      where t.dealer_id = v.dealer_id and t.repair_order_id = ro.id and t.rule = 'post_service'
      order by t.due_from limit 1
    ) call on true
    left join spot_checks sc on sc.dealer_id = v.dealer_id and sc.visit_id = v.id
    where ${inScope(scope, 'v.dealer_id')} and v.status <> 'cancelled' and ${where}
    order by v.dealer_id, v.arrived_at, v.id`
    .execute(db)
    .then((r) => r.rows);
}

export function createProcessChecksRepository(db: Database) {
  return {
    /** The dealers of a scope, by name. */
    dealers(scope: Scope) {
      return db
        .selectFrom('dealers as dl')
        .select(['dl.id', 'dl.name', 'dl.time_zone'])
        .where(inScope(scope, 'dl.id'))
        .orderBy('dl.name')
        .execute();
    },

    /** The checklists the dealers of a scope saved (a dealer with none uses the standard). */
    async checklists(scope: Scope) {
      const rows = await db
        .selectFrom('process_check_items')
        .select(['dealer_id', 'step', 'code', 'kind', 'label', 'active'])
        .where(inScope(scope, 'dealer_id'))
        .orderBy('dealer_id')
        .orderBy('sort')
        .execute();
      const byDealer = new Map<string, ProcessChecklistItem[]>();
      for (const r of rows)
        byDealer.set(r.dealer_id, [
          ...(byDealer.get(r.dealer_id) ?? []),
          { step: r.step, code: r.code, kind: r.kind, label: r.label, active: r.active },
        ]);
      return byDealer;
    },

    async replaceChecklist(dealerId: string, items: readonly ProcessChecklistItem[], newId: () => string) {
      await db.deleteFrom('process_check_items').where('dealer_id', '=', dealerId).execute();
      await db
        .insertInto('process_check_items')
        .values(items.map((item, sort) => ({ dealer_id: dealerId, id: newId(), ...item, sort })))
        .execute();
    },

    async targets(scope: Scope) {
      const rows = await db
        .selectFrom('process_check_targets')
        .select(['dealer_id', 'execution_rate', 'coverage_rate', 'drill_pass_rate'])
        .where(inScope(scope, 'dealer_id'))
        .execute();
      return new Map<string, ProcessTargets>(
        rows.map((r) => [
          r.dealer_id,
          { executionRate: Number(r.execution_rate), coverageRate: Number(r.coverage_rate), drillPassRate: Number(r.drill_pass_rate) },
        ]),
      );
    },

    async saveTargets(dealerId: string, t: ProcessTargets, now: Date) {
      const values = { execution_rate: t.executionRate, coverage_rate: t.coverageRate, drill_pass_rate: t.drillPassRate, updated_at: now };
      await db
        .insertInto('process_check_targets')
        .values({ dealer_id: dealerId, ...values })
        .onConflict((oc) => oc.column('dealer_id').doUpdateSet(values))
        .execute();
    },

    /** The visits that arrived in [from, until) dealer days. */
    visitsOf(scope: Scope, from: string, until: string) {
      return visitRecords(
        db,
        scope,
        sql`v.arrived_at >= ${from}::date - 1 and v.arrived_at < ${until}::date + 1
          and (v.arrived_at at time zone d.time_zone) >= ${from}::timestamp and (v.arrived_at at time zone d.time_zone) < ${until}::timestamp`,
      );
    },

    async visit(scope: Scope, visitId: string) {
      const rows = await visitRecords(db, scope, sql`v.id = ${visitId}`);
      return rows[0] ?? null;
    },

    /** The results of the drills held in [from, until) at the dealers of a scope. */
    drillResults(scope: Scope, from: string, until: string) {
      return db
        .selectFrom('drill_participants as p')
        .innerJoin('drills as dr', (j) => j.onRef('dr.dealer_id', '=', 'p.dealer_id').onRef('dr.id', '=', 'p.drill_id'))
        .select(['p.dealer_id', 'p.result'])
        .where(inScope(scope, 'p.dealer_id'))
        .where('dr.held_on', '>=', from)
        .where('dr.held_on', '<', until)
        .execute();
    },

    insertSpotCheck(row: { dealer_id: string; id: string; visit_id: string; sa_id: string | null; checker_id: string; created_at: Date }) {
      return db
        .insertInto('spot_checks')
        .values(row)
        .onConflict((oc) => oc.columns(['dealer_id', 'visit_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
    },

    spotCheck(scope: Scope, id: string) {
      return db
        .selectFrom('spot_checks as sc')
        .innerJoin('users as u', 'u.id', 'sc.checker_id')
        .leftJoin('tasks as t', (j) => j.onRef('t.dealer_id', '=', 'sc.dealer_id').onRef('t.spot_check_id', '=', 'sc.id'))
        .leftJoin('users as a', 'a.id', 't.assignee_user_id')
        .select(['sc.dealer_id', 'sc.id', 'sc.visit_id', 'sc.sa_id', 'sc.status', 'sc.failed_count', 'sc.submitted_at'])
        .select([
          'u.id as checker_id',
          'u.display_name as checker_name',
          't.id as task_id',
          'a.id as assignee_id',
          'a.display_name as assignee_name',
        ])
        .where(inScope(scope, 'sc.dealer_id'))
        .where('sc.id', '=', id)
        .executeTakeFirst();
    },

    /** The spot-check, locked for its submission. */
    lockSpotCheck(dealerId: string, id: string) {
      return db
        .selectFrom('spot_checks')
        .select(['id', 'visit_id', 'sa_id', 'status'])
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    results(dealerId: string, spotCheckId: string) {
      return db
        .selectFrom('spot_check_results')
        .select(['item_code', 'step', 'label', 'result', 'note', 'photo_key'])
        .where('dealer_id', '=', dealerId)
        .where('spot_check_id', '=', spotCheckId)
        .execute();
    },

    async submit(
      dealerId: string,
      id: string,
      results: {
        code: string;
        step: ProcessCheckStep;
        label: string | null;
        result: CheckResult;
        note: string | null;
        photoKey: string | null;
      }[],
      failedCount: number,
      now: Date,
    ) {
      await db
        .insertInto('spot_check_results')
        .values(
          results.map((r) => ({
            dealer_id: dealerId,
            spot_check_id: id,
            item_code: r.code,
            step: r.step,
            label: r.label,
            result: r.result,
            note: r.note,
            photo_key: r.photoKey,
          })),
        )
        .execute();
      await db
        .updateTable('spot_checks')
        .set({ status: 'submitted', failed_count: failedCount, submitted_at: now })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .execute();
    },

    /** Whom an advisor's coaching goes to: a front-desk supervisor of the dealer, else its service manager. */
    async supervisor(dealerId: string, excludeUserId: string | null) {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'display_name', 'roles'])
        .where('dealer_id', '=', dealerId)
        .where('disabled_at', 'is', null)
        .where(sql<boolean>`roles && array['front_desk_supervisor', 'service_manager']::text[]`)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const candidates = rows.filter((r) => r.id !== excludeUserId);
      return (
        candidates.find((r) => r.roles.includes('front_desk_supervisor')) ??
        candidates.find((r) => r.roles.includes('service_manager')) ??
        null
      );
    },

    async insertCoachingTask(row: {
      dealer_id: string;
      id: string;
      assignee_user_id: string;
      spot_check_id: string;
      due_at: Date;
      created_at: Date;
    }) {
      await db
        .insertInto('tasks')
        .values({ ...row, kind: 'process_coaching', dedupe_key: `spot_check:${row.spot_check_id}` })
        .execute();
    },

    async insertDrill(
      row: { dealer_id: string; id: string; kind: DrillKind; title: string; held_on: string; recorded_by: string; created_at: Date },
      participants: { userId: string; result: 'pass' | 'fail' }[],
    ) {
      await db.insertInto('drills').values(row).execute();
      await db
        .insertInto('drill_participants')
        .values(participants.map((p) => ({ dealer_id: row.dealer_id, drill_id: row.id, user_id: p.userId, result: p.result })))
        .execute();
    },

    /** Users of a dealer among the given ids (who may take part in its drill). */
    usersOf(dealerId: string, ids: readonly string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('users').select(['id', 'display_name']).where('dealer_id', '=', dealerId).where('id', 'in', ids).execute();
    },

    /** Drills held in [from, until) at the dealers of a scope, newest first, with their participants. */
    async drills(scope: Scope, from: string, until: string) {
      const drills = await db
        .selectFrom('drills as dr')
        .innerJoin('dealers as dl', 'dl.id', 'dr.dealer_id')
        .select(['dr.dealer_id', 'dl.name as dealer_name', 'dr.id', 'dr.kind', 'dr.title', 'dr.held_on'])
        .where(inScope(scope, 'dr.dealer_id'))
        .where('dr.held_on', '>=', from)
        .where('dr.held_on', '<', until)
        .orderBy('dr.held_on', 'desc')
        .orderBy('dr.id', 'desc')
        .limit(200)
        .execute();
      const participants = drills.length
        ? await db
            .selectFrom('drill_participants as p')
            .innerJoin('users as u', 'u.id', 'p.user_id')
            .select(['p.drill_id', 'p.user_id', 'u.display_name', 'p.result'])
            .where(inScope(scope, 'p.dealer_id'))
            .where(
              'p.drill_id',
              'in',
              drills.map((d) => d.id),
            )
            .orderBy('u.display_name')
            .execute()
        : [];
      return drills.map((d) => ({ ...d, participants: participants.filter((p) => p.drill_id === d.id) }));
    },
  };
}
