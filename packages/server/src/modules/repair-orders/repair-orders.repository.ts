import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { RepairOrdersTable, RoLinesTable, VisitsTable } from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

export type RoLineRow = Selectable<RoLinesTable>;

export function createRepairOrdersRepository(db: Database) {
  /** A repair order with the names the screens and documents show. */
  const orderDetails = () =>
    db
      .selectFrom('repair_orders as ro')
      .innerJoin('customers as c', 'c.id', 'ro.customer_id')
      .innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
      .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
      .leftJoin('users as sa', 'sa.id', 'ro.sa_id')
      .leftJoin('invoices as inv', (j) => j.onRef('inv.dealer_id', '=', 'ro.dealer_id').onRef('inv.repair_order_id', '=', 'ro.id'))
      .innerJoin('dealers as dl', 'dl.id', 'ro.dealer_id')
      .selectAll('ro')
      .select([
        'dl.name as dealer_name',
        'c.name as customer_name',
        'c.mobile as customer_mobile',
        'v.plate_key',
        'v.vin',
        'm.name as model_name',
        'sa.display_name as sa_name',
        'inv.id as invoice_id',
      ]);

  return {
    labourRate(dealerId: string) {
      return db
        .selectFrom('dealers as d')
        .leftJoin('dealer_settings as s', 's.dealer_id', 'd.id')
        .select([
          sql<number>`coalesce(s.labour_rate_fen, 18000)`.as('labour_rate_fen'),
          sql<number>`coalesce(s.timely_reception_minutes, 2)`.as('timely_reception_minutes'),
        ])
        .where('d.id', '=', dealerId)
        .executeTakeFirstOrThrow();
    },

    walkaroundTemplate(dealerId: string) {
      return db
        .selectFrom('dealer_settings')
        .select(['walkaround_items', 'updated_at'])
        .where('dealer_id', '=', dealerId)
        .executeTakeFirst();
    },

    async saveWalkaroundTemplate(dealerId: string, items: string[], now: Date) {
      const walkaround_items = JSON.stringify(items);
      await db
        .insertInto('dealer_settings')
        .values({ dealer_id: dealerId, walkaround_items, updated_at: now })
        .onConflict((oc) => oc.column('dealer_id').doUpdateSet({ walkaround_items, updated_at: now }))
        .execute();
    },

    labourOperations(dealerId: string, ids?: string[]) {
      let query = db
        .selectFrom('labour_operations')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('active', '=', true)
        .orderBy('code');
      if (ids) query = query.where('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
      return query.execute();
    },

    parts(dealerId: string, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('parts').selectAll().where('dealer_id', '=', dealerId).where('id', 'in', ids).execute();
    },

    packages(dealerId: string, ids?: string[]) {
      let query = db
        .selectFrom('maintenance_packages')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('active', '=', true)
        .orderBy('code');
      if (ids) query = query.where('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
      return query.execute();
    },

    packageItems(dealerId: string, packageIds: string[]) {
      if (packageIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('maintenance_package_items as i')
        .leftJoin('labour_operations as l', (j) => j.onRef('l.dealer_id', '=', 'i.dealer_id').onRef('l.id', '=', 'i.labour_operation_id'))
        .leftJoin('parts as p', (j) => j.onRef('p.dealer_id', '=', 'i.dealer_id').onRef('p.id', '=', 'i.part_id'))
        .select([
          'i.package_id',
          'i.kind',
          'i.quantity',
          'i.labour_operation_id',
          'i.part_id',
          'l.code as labour_code',
          'l.name as labour_name',
          'l.flat_rate_hours',
          'p.part_number',
          'p.name as part_name',
          'p.price_fen',
        ])
        .where('i.dealer_id', '=', dealerId)
        .where('i.package_id', 'in', packageIds)
        .orderBy('i.kind')
        .orderBy('i.id')
        .execute();
    },

    insertVisit(row: Insertable<VisitsTable>) {
      return db.insertInto('visits').values(row).execute();
    },

    findVisit(scope: Scope, id: string) {
      return db
        .selectFrom('visits as vi')
        .innerJoin('customers as c', 'c.id', 'vi.customer_id')
        .innerJoin('vehicles as v', 'v.id', 'vi.vehicle_id')
        .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
        .leftJoin('users as sa', 'sa.id', 'vi.sa_id')
        .selectAll('vi')
        .select([
          'c.name as customer_name',
          'c.mobile as customer_mobile',
          'v.plate_key',
          'v.vin',
          'm.name as model_name',
          'sa.display_name as sa_name',
        ])
        .where('vi.id', '=', id)
        .where('c.network_id', '=', scope.networkId)
        .where(inScope(scope, 'vi.dealer_id'))
        .executeTakeFirst();
    },

    findVisitByAppointment(dealerId: string, appointmentId: string) {
      return db
        .selectFrom('visits')
        .select('id')
        .where('dealer_id', '=', dealerId)
        .where('appointment_id', '=', appointmentId)
        .executeTakeFirst();
    },

    insertOrder(row: Insertable<RepairOrdersTable>) {
      return db.insertInto('repair_orders').values(row).execute();
    },

    updateOrder(dealerId: string, id: string, version: number, changes: Updateable<RepairOrdersTable>) {
      return db
        .updateTable('repair_orders')
        .set({ ...changes, version: sql`version + 1` })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
    },

    findOrder(scope: Scope, id: string) {
      return orderDetails()
        .where('ro.id', '=', id)
        .where('c.network_id', '=', scope.networkId)
        .where(inScope(scope, 'ro.dealer_id'))
        .executeTakeFirst();
    },

    listOrders(scope: Scope, statuses: Selectable<RepairOrdersTable>['status'][] | null, limit: number) {
      return (
        orderDetails()
          .where(inScope(scope, 'ro.dealer_id'))
          .$if(statuses !== null, (q) => q.where('ro.status', 'in', statuses!))
          // Work in hand first, the next promised time at the top; then finished orders, the latest first.
          .orderBy(sql`case when ro.status in ('delivered', 'closed', 'cancelled') then 1 else 0 end`)
          .orderBy(
            sql`case when ro.status in ('delivered', 'closed', 'cancelled') then -extract(epoch from ro.promised_at) else extract(epoch from ro.promised_at) end`,
          )
          .limit(limit)
          .execute()
      );
    },

    lines(scope: Scope, orderIds: string[]) {
      if (orderIds.length === 0) return Promise.resolve([] as RoLineRow[]);
      return db
        .selectFrom('ro_lines')
        .selectAll()
        .where(inScope(scope, 'dealer_id'))
        .where('repair_order_id', 'in', orderIds)
        .orderBy('position')
        .execute();
    },

    /** The lines of one order already read in its scope (keyed by the order's own dealer). */
    linesOf(order: { dealer_id: string; id: string }) {
      return db
        .selectFrom('ro_lines')
        .selectAll()
        .where('dealer_id', '=', order.dealer_id)
        .where('repair_order_id', '=', order.id)
        .orderBy('position')
        .execute();
    },

    /** The service KPIs' raw counts per local day, month or advisor (domain.md §4). */
    async serviceKpiRows(scope: Scope, timeZone: string, from: Date, to: Date, groupBy: 'day' | 'month' | 'sa') {
      const key = (column: string, sa: string) =>
        groupBy === 'sa'
          ? sql<string>`coalesce(${sql.ref(sa)}::text, 'none')`
          : sql<string>`to_char(${sql.ref(column)} at time zone ${timeZone}, ${groupBy === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD'})`;
      const visits = await sql<{ key: string; vehicles_in: number; timely: number }>`
        select ${key('v.arrived_at', 'v.sa_id')} as key, count(*)::int as vehicles_in,
          count(*) filter (where v.greeted_at - v.arrived_at <= make_interval(mins => coalesce(s.timely_reception_minutes, 2)))::int as timely
        from visits v left join dealer_settings s on s.dealer_id = v.dealer_id
        where ${inScope(scope, 'v.dealer_id')} and v.arrived_at >= ${from} and v.arrived_at < ${to}
          and v.status <> 'cancelled' -- a visit opened by mistake is no vehicle in (进厂台次)
        group by 1`.execute(db);
      const deliveries = await sql<{ key: string; delivered: number; on_time: number }>`
        select ${key('ro.delivered_at', 'ro.sa_id')} as key, count(*)::int as delivered,
          count(*) filter (where ro.delivered_at <= ro.promised_at)::int as on_time
        from repair_orders ro
        where ${inScope(scope, 'ro.dealer_id')} and ro.delivered_at >= ${from} and ro.delivered_at < ${to}
        group by 1`.execute(db);
      // A bill with nothing to pay is settled as it is made: it has no cashier time.
      const invoices = await sql<{
        key: string;
        cashier_seconds: number | null;
        totals: { byPayType: Record<string, { netFen: number }> };
      }>`
        select ${key('i.paid_at', 'ro.sa_id')} as key, case when i.customer_payable_fen > i.discount_fen then extract(epoch from i.paid_at - i.ready_to_pay_at)::float8 end as cashier_seconds, i.totals
        from invoices i join repair_orders ro on ro.dealer_id = i.dealer_id and ro.id = i.repair_order_id
        where ${inScope(scope, 'i.dealer_id')} and i.paid_at >= ${from} and i.paid_at < ${to}`.execute(db);
      return { visits: visits.rows, deliveries: deliveries.rows, invoices: invoices.rows };
    },

    async replaceLines(dealerId: string, orderId: string, rows: Insertable<RoLinesTable>[]) {
      await db.deleteFrom('ro_lines').where('dealer_id', '=', dealerId).where('repair_order_id', '=', orderId).execute();
      if (rows.length) await db.insertInto('ro_lines').values(rows).execute();
    },
  };
}

export type RepairOrderRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createRepairOrdersRepository>['findOrder']>>>;
export type VisitRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createRepairOrdersRepository>['findVisit']>>>;
