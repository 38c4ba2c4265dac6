import { type Insertable, type Selectable, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type {
  ClockEventsTable,
  JobAssignmentsTable,
  JobFindingsTable,
  QualityChecksTable,
  RepairOrdersTable,
} from '../../platform/db.schema.js';
import { type LinkDealers, ofLinkDealers } from '../../platform/public-links.js';
import { inScope, type Scope } from '../../platform/scope.js';

const NO_ID = '00000000-0000-0000-0000-000000000000';
const ids = (list: readonly string[]) => (list.length ? [...list] : [NO_ID]);

export function createWorkshopRepository(db: Database) {
  return {
    /** Takes the RO's row lock, so that dispatch, clocking and checks on one RO happen one after another. */
    lockOrder(dealerId: string, id: string) {
      return db
        .selectFrom('repair_orders')
        .select('id')
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    /** Active users of the dealer holding the technician role, among `userIds`. */
    technicians(dealerId: string, userIds: readonly string[]) {
      return db
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('dealer_id', '=', dealerId)
        .where('id', 'in', ids(userIds))
        .where('disabled_at', 'is', null)
        .where(sql<boolean>`'technician' = any(roles)`)
        .execute();
    },

    bay(dealerId: string, id: string, options: { activeOnly: boolean } = { activeOnly: true }) {
      return db
        .selectFrom('bays')
        .select(['id', 'name'])
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .$if(options.activeOnly, (q) => q.where('active', '=', true))
        .executeTakeFirst();
    },

    setBay(dealerId: string, orderId: string, bayId: string, at: Date) {
      return db
        .updateTable('repair_orders')
        .set({ bay_id: bayId, updated_at: at })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', orderId)
        .execute();
    },

    /** One assignment per technician and RO: assigning again changes nothing. */
    async assign(rows: Insertable<JobAssignmentsTable>[]) {
      if (rows.length === 0) return [];
      return db
        .insertInto('job_assignments')
        .values(rows)
        .onConflict((oc) => oc.columns(['dealer_id', 'repair_order_id', 'technician_id']).doNothing())
        .returning('technician_id')
        .execute();
    },

    assignments(scope: Scope, orderIds: readonly string[]) {
      return db
        .selectFrom('job_assignments as a')
        .innerJoin('users as u', 'u.id', 'a.technician_id')
        .select(['a.repair_order_id', 'a.technician_id', 'u.display_name', 'a.assigned_at'])
        .where(inScope(scope, 'a.dealer_id'))
        .where('a.repair_order_id', 'in', ids(orderIds))
        .orderBy('a.assigned_at')
        .orderBy('a.id')
        .execute();
    },

    isAssigned(dealerId: string, orderId: string, technicianId: string) {
      return db
        .selectFrom('job_assignments')
        .select('id')
        .where('dealer_id', '=', dealerId)
        .where('repair_order_id', '=', orderId)
        .where('technician_id', '=', technicianId)
        .executeTakeFirst()
        .then(Boolean);
    },

    /** The technician's open clock event, wherever it is (one at a time). */
    openClock(dealerId: string, technicianId: string) {
      return db
        .selectFrom('clock_events as ce')
        .innerJoin('repair_orders as ro', (j) => j.onRef('ro.dealer_id', '=', 'ce.dealer_id').onRef('ro.id', '=', 'ce.repair_order_id'))
        .selectAll('ce')
        .select('ro.number')
        .where('ce.dealer_id', '=', dealerId)
        .where('ce.technician_id', '=', technicianId)
        .where('ce.ended_at', 'is', null)
        .executeTakeFirst();
    },

    insertClock(row: Insertable<ClockEventsTable>) {
      return db.insertInto('clock_events').values(row).returningAll().executeTakeFirstOrThrow();
    },

    closeClock(dealerId: string, id: string, endedAt: Date) {
      return db
        .updateTable('clock_events')
        .set({ ended_at: endedAt })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('ended_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
    },

    /** Every clock still running on the order stops (the car passed its quality check); returns how many. */
    async closeClocksOfOrder(dealerId: string, repairOrderId: string, endedAt: Date) {
      const closed = await db
        .updateTable('clock_events')
        .set({ ended_at: endedAt })
        .where('dealer_id', '=', dealerId)
        .where('repair_order_id', '=', repairOrderId)
        .where('ended_at', 'is', null)
        .returning('id')
        .execute();
      return closed.length;
    },

    clockEvents(scope: Scope, orderIds: readonly string[]) {
      return db
        .selectFrom('clock_events')
        .select(['repair_order_id', 'technician_id', 'line_id', 'started_at', 'ended_at'])
        .where(inScope(scope, 'dealer_id'))
        .where('repair_order_id', 'in', ids(orderIds))
        .execute();
    },

    /** Flat-rate labour hours sold on each RO. */
    async soldHours(scope: Scope, orderIds: readonly string[]) {
      const rows = await db
        .selectFrom('ro_lines')
        .select(['repair_order_id', sql<string>`coalesce(sum(hours), 0)`.as('hours')])
        .where(inScope(scope, 'dealer_id'))
        .where('repair_order_id', 'in', ids(orderIds))
        .where('kind', '=', 'labour')
        .groupBy('repair_order_id')
        .execute();
      return new Map(rows.map((r) => [r.repair_order_id, Number(r.hours)]));
    },

    /** Marks a labour line finished; null when it was finished already (or is not a labour line of the order). */
    finishLine(dealerId: string, orderId: string, lineId: string, technicianId: string, at: Date) {
      return db
        .updateTable('ro_lines')
        .set({ finished_at: at, finished_by: technicianId })
        .where('dealer_id', '=', dealerId)
        .where('repair_order_id', '=', orderId)
        .where('id', '=', lineId)
        .where('kind', '=', 'labour')
        .where('finished_at', 'is', null)
        .returning(['id', 'finished_at'])
        .executeTakeFirst();
    },

    insertFinding(row: Insertable<JobFindingsTable>) {
      return db.insertInto('job_findings').values(row).execute();
    },

    findings(scope: Scope, orderIds: readonly string[]) {
      return db
        .selectFrom('job_findings as f')
        .leftJoin('users as u', 'u.id', 'f.technician_id')
        .selectAll('f')
        .select('u.display_name as technician_name')
        .where(inScope(scope, 'f.dealer_id'))
        .where('f.repair_order_id', 'in', ids(orderIds))
        .orderBy('f.created_at')
        .orderBy('f.id')
        .execute();
    },

    labourLines(scope: Scope, orderIds: readonly string[]) {
      return db
        .selectFrom('ro_lines')
        .select(['id', 'repair_order_id', 'description', 'hours', 'finished_at'])
        .where(inScope(scope, 'dealer_id'))
        .where('repair_order_id', 'in', ids(orderIds))
        .where('kind', '=', 'labour')
        .orderBy('position')
        .execute();
    },

    /** The ROs on the progress board (and, with `technicianId`, the ones assigned to that technician). */
    orders(scope: Scope, statuses: readonly Selectable<RepairOrdersTable>['status'][], technicianId?: string) {
      return db
        .selectFrom('repair_orders as ro')
        .innerJoin('customers as c', 'c.id', 'ro.customer_id')
        .innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
        .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
        .leftJoin('bays as b', (j) => j.onRef('b.dealer_id', '=', 'ro.dealer_id').onRef('b.id', '=', 'ro.bay_id'))
        .leftJoin('users as sa', 'sa.id', 'ro.sa_id')
        .innerJoin('dealers as dl', 'dl.id', 'ro.dealer_id')
        .select([
          'ro.dealer_id',
          'dl.name as dealer_name',
          'ro.id',
          'ro.number',
          'ro.status',
          'ro.concerns',
          'ro.promised_at',
          'ro.rework_count',
          'ro.bay_id',
          'b.name as bay_name',
          'c.name as customer_name',
          'c.gender as customer_gender',
          'c.kind as customer_kind',
          'v.plate_key',
          'm.name as model_name',
          'ro.sa_id',
          'sa.display_name as sa_name',
        ])
        .where(inScope(scope, 'ro.dealer_id'))
        .where('ro.status', 'in', [...statuses])
        .$if(technicianId !== undefined, (q) =>
          q.where((eb) =>
            eb.exists(
              eb
                .selectFrom('job_assignments as a')
                .select('a.id')
                .whereRef('a.dealer_id', '=', 'ro.dealer_id')
                .whereRef('a.repair_order_id', '=', 'ro.id')
                .where('a.technician_id', '=', technicianId!),
            ),
          ),
        )
        .orderBy('ro.promised_at')
        .orderBy('ro.id')
        .limit(1000)
        .execute();
    },

    insertQualityCheck(row: Insertable<QualityChecksTable>) {
      return db.insertInto('quality_checks').values(row).returningAll().executeTakeFirstOrThrow();
    },

    userName(id: string) {
      return db.selectFrom('users').select(['id', 'display_name']).where('id', '=', id).executeTakeFirst();
    },

    setProgressToken(dealerId: string, orderId: string, tokenHash: string) {
      return db
        .updateTable('repair_orders')
        .set({ progress_token_hash: tokenHash })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', orderId)
        .execute();
    },

    /** The customer's progress page: the RO, its vehicle and its dealer, found by the token's hash. */
    findByProgressToken(dealers: LinkDealers, tokenHash: string) {
      return db
        .selectFrom('repair_orders as ro')
        .innerJoin('dealers as d', 'd.id', 'ro.dealer_id')
        .innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
        .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
        .select([
          'ro.number',
          'ro.status',
          'ro.promised_at',
          'ro.ready_at',
          'ro.updated_at',
          'v.plate_key',
          'm.name as model_name',
          'd.name as dealer_name',
        ])
        .where(ofLinkDealers('ro.dealer_id', dealers))
        .where('ro.progress_token_hash', '=', tokenHash)
        .executeTakeFirst();
    },

    // -------------------------------------------------------------------------------------------
    // KPIs: ROs that became ready in [from, to)

    completedOrders(scope: Scope, from: Date, to: Date) {
      return db
        .selectFrom('repair_orders')
        .select(['id', 'rework_count'])
        .where(inScope(scope, 'dealer_id'))
        .where('ready_at', '>=', from)
        .where('ready_at', '<', to)
        .where('status', '!=', 'cancelled')
        .execute();
    },

    async clockedHoursOn(scope: Scope, orderIds: readonly string[], now: Date) {
      const row = await db
        .selectFrom('clock_events')
        .select(
          sql<string>`coalesce(sum(extract(epoch from (coalesce(ended_at, ${now.toISOString()}::timestamptz) - started_at))), 0) / 3600.0`.as(
            'hours',
          ),
        )
        .where(inScope(scope, 'dealer_id'))
        .where('repair_order_id', 'in', ids(orderIds))
        .executeTakeFirstOrThrow();
      return Number(row.hours);
    },

    qualityCheckCounts(scope: Scope, from: Date, to: Date) {
      return db
        .selectFrom('quality_checks')
        .select([sql<string>`count(*) filter (where passed)`.as('passed'), sql<string>`count(*) filter (where not passed)`.as('failed')])
        .where(inScope(scope, 'dealer_id'))
        .where('at', '>=', from)
        .where('at', '<', to)
        .executeTakeFirstOrThrow();
    },

    /** Hours each technician clocked on events started in [from, to). */
    clockedByTechnician(scope: Scope, from: Date, to: Date, now: Date) {
      return db
        .selectFrom('clock_events as ce')
        .innerJoin('users as u', 'u.id', 'ce.technician_id')
        .select([
          'u.id',
          'u.display_name',
          sql<string>`sum(extract(epoch from (coalesce(ce.ended_at, ${now.toISOString()}::timestamptz) - ce.started_at))) / 3600.0`.as(
            'hours',
          ),
        ])
        .where(inScope(scope, 'ce.dealer_id'))
        .where('ce.started_at', '>=', from)
        .where('ce.started_at', '<', to)
        .groupBy(['u.id', 'u.display_name'])
        .orderBy('u.display_name')
        .execute();
    },
  };
}

export type WorkshopRepository = ReturnType<typeof createWorkshopRepository>;
export type BoardOrderRow = Awaited<ReturnType<WorkshopRepository['orders']>>[number];
