import type { Insertable, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { DB } from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

export type RescueCallsTable = DB['rescue_calls'];
export type RescueUnitsTable = DB['rescue_units'];
export type RescueUnitRow = Selectable<RescueUnitsTable>;

const OPEN = ['received', 'dispatched', 'arrived'] as const;
const ON_CALL = ['dispatched', 'arrived'] as const;

/** Local days `from`..`to` (both included) of each row's dealer. */
const receivedBetween = (from: string, to: string) =>
  sql<boolean>`c.received_at >= (${from}::date - 1)::timestamptz and c.received_at < (${to}::date + 2)::timestamptz
    and (c.received_at at time zone d.time_zone) >= ${from}::timestamp
    and (c.received_at at time zone d.time_zone) < (${to}::date + 1)::timestamp`;

export function createRescueRepository(db: Database) {
  const calls = () =>
    db
      .selectFrom('rescue_calls as c')
      .innerJoin('dealers as d', 'd.id', 'c.dealer_id')
      .leftJoin('rescue_units as u', (j) => j.onRef('u.dealer_id', '=', 'c.dealer_id').onRef('u.id', '=', 'c.unit_id'))
      .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
      .leftJoin('outbox_messages as m', (j) => j.onRef('m.dealer_id', '=', 'c.dealer_id').onRef('m.id', '=', 'c.dispatch_message_id'))
      .selectAll('c')
      .select([
        'd.name as dealer_name',
        'u.name as unit_name',
        'u.kind as unit_kind',
        'u.phone as unit_phone',
        'cu.name as customer_name',
        'm.recipient as sms_recipient',
        'm.status as sms_status',
        'm.sent_at as sms_sent_at',
      ]);

  return {
    findCall(scope: Scope, id: string) {
      return calls().where('c.id', '=', id).where(inScope(scope, 'c.dealer_id')).executeTakeFirst();
    },

    /** The call, locked for a step (the acting dealer's only). */
    lockCall(dealerId: string, id: string) {
      return db
        .selectFrom('rescue_calls')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    listCalls(scope: Scope, q: { state: 'open' | 'closed'; from?: string | undefined; to?: string | undefined; limit: number }) {
      let query = calls().where(inScope(scope, 'c.dealer_id'));
      if (q.state === 'open') query = query.where('c.status', 'in', OPEN).orderBy('c.received_at', 'asc');
      else query = query.where('c.status', 'not in', OPEN).orderBy('c.received_at', 'desc');
      if (q.from && q.to) query = query.where(receivedBetween(q.from, q.to));
      return query.orderBy('c.id').limit(q.limit).execute();
    },

    insertCall(row: Insertable<RescueCallsTable>) {
      return db.insertInto('rescue_calls').values(row).execute();
    },

    updateCall(dealerId: string, id: string, changes: Updateable<RescueCallsTable>) {
      return db.updateTable('rescue_calls').set(changes).where('dealer_id', '=', dealerId).where('id', '=', id).execute();
    },

    /** The open call a unit is on, other than `exceptId`. */
    callOfUnit(dealerId: string, unitId: string, exceptId: string) {
      return db
        .selectFrom('rescue_calls')
        .select(['id', 'number'])
        .where('dealer_id', '=', dealerId)
        .where('unit_id', '=', unitId)
        .where('status', 'in', ON_CALL)
        .where('id', '!=', exceptId)
        .executeTakeFirst();
    },

    /** A car of the dealer's by its plate, with whoever drives it (or owns it). */
    vehicleByPlate(dealerId: string, plateKey: string) {
      return db
        .selectFrom('vehicles as v')
        .innerJoin('dealer_vehicles as dv', (j) => j.onRef('dv.vehicle_id', '=', 'v.id').on('dv.dealer_id', '=', dealerId))
        .select(['v.id', 'v.owner_id', 'v.user_id'])
        .where('v.plate_key', '=', plateKey)
        .executeTakeFirst();
    },

    units(scope: Scope) {
      return db
        .selectFrom('rescue_units as u')
        .leftJoin('rescue_calls as c', (j) =>
          j.onRef('c.dealer_id', '=', 'u.dealer_id').onRef('c.unit_id', '=', 'u.id').on('c.status', 'in', ON_CALL),
        )
        .selectAll('u')
        .select(['c.id as busy_call_id', 'c.number as busy_call_number'])
        .where(inScope(scope, 'u.dealer_id'))
        .orderBy('u.active', 'desc')
        .orderBy('u.kind')
        .orderBy('u.name')
        .execute();
    },

    unit(dealerId: string, id: string) {
      return db.selectFrom('rescue_units').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst();
    },

    unitNamed(dealerId: string, name: string) {
      return db.selectFrom('rescue_units').select('id').where('dealer_id', '=', dealerId).where('name', '=', name).executeTakeFirst();
    },

    insertUnit(row: Insertable<RescueUnitsTable>) {
      return db.insertInto('rescue_units').values(row).execute();
    },

    updateUnit(dealerId: string, id: string, changes: Updateable<RescueUnitsTable>) {
      return db.updateTable('rescue_units').set(changes).where('dealer_id', '=', dealerId).where('id', '=', id).execute();
    },

    /** Each dealer of the scope (by code) with its response target (null: the default). */
    dealers(scope: Scope) {
      return db
        .selectFrom('dealers as d')
        .leftJoin('rescue_settings as s', 's.dealer_id', 'd.id')
        .select(['d.id', 'd.name', 'd.time_zone', 's.target_minutes'])
        .where(inScope(scope, 'd.id'))
        .orderBy('d.code')
        .execute();
    },

    saveSettings(dealerId: string, targetMinutes: number, at: Date) {
      return db
        .insertInto('rescue_settings')
        .values({ dealer_id: dealerId, target_minutes: targetMinutes, updated_at: at })
        .onConflict((c) => c.column('dealer_id').doUpdateSet({ target_minutes: targetMinutes, updated_at: at }))
        .execute();
    },

    /** The calls received on the local days `from`..`to` with their local month, for the KPI. */
    kpiCalls(scope: Scope, from: string, to: string) {
      return db
        .selectFrom('rescue_calls as c')
        .innerJoin('dealers as d', 'd.id', 'c.dealer_id')
        .select([
          'c.dealer_id',
          'c.status',
          'c.received_at',
          'c.arrived_at',
          'c.outcome',
          sql<string>`to_char(c.received_at at time zone d.time_zone, 'YYYY-MM')`.as('month'),
        ])
        .where(inScope(scope, 'c.dealer_id'))
        .where(receivedBetween(from, to))
        .execute();
    },
  };
}

export type RescueRepository = ReturnType<typeof createRescueRepository>;
export type RescueCallRow = NonNullable<Awaited<ReturnType<RescueRepository['findCall']>>>;
