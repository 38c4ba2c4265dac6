import { sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import { inScope, type Scope } from '../../platform/scope.js';

export type LoanerRow = {
  dealer_id: string;
  dealer_name: string;
  id: string;
  plate_key: string;
  model: string;
  vin: string | null;
  state: 'active' | 'retired';
  km: number;
  fuel_level: number;
  insurance_expires_on: string | null;
  cost_per_day_fen: number;
  version: number;
  out_reservation_id: string | null;
  out_customer_name: string | null;
  out_until: Date | null;
};

export type ReservationRow = {
  dealer_id: string;
  dealer_name: string;
  id: string;
  loaner_id: string;
  plate_key: string;
  model: string;
  customer_id: string;
  customer_name: string;
  vehicle_id: string | null;
  appointment_id: string | null;
  visit_id: string | null;
  complaint_id: string | null;
  reason: 'warranty_repair' | 'sanbao' | 'member' | 'recovery' | 'courtesy';
  override_reason: string | null;
  starts_at: Date;
  ends_at: Date;
  status: 'reserved' | 'out' | 'returned' | 'cancelled';
  handed_over_at: Date | null;
  handover: unknown;
  returned_at: Date | null;
  return_record: unknown;
  days_out: number | null;
  cost_fen: number | null;
  reserved_by_name: string | null;
};

/** The dealer's loaner fleet and its reservations (代步车). */
export function createLoanersRepository(db: Database) {
  const reservationsQuery = () =>
    db
      .selectFrom('loaner_reservations as r')
      .innerJoin('loaners as l', (j) => j.onRef('l.dealer_id', '=', 'r.dealer_id').onRef('l.id', '=', 'r.loaner_id'))
      .innerJoin('dealers as d', 'd.id', 'r.dealer_id')
      .innerJoin('customers as c', 'c.id', 'r.customer_id')
      .leftJoin('users as u', 'u.id', 'r.reserved_by')
      .select([
        'r.dealer_id',
        'd.name as dealer_name',
        'r.id',
        'r.loaner_id',
        'l.plate_key',
        'l.model',
        'r.customer_id',
        'c.name as customer_name',
        'r.vehicle_id',
        'r.appointment_id',
        'r.visit_id',
        'r.complaint_id',
        'r.reason',
        'r.override_reason',
        'r.starts_at',
        'r.ends_at',
        'r.status',
        'r.handed_over_at',
        'r.handover',
        'r.returned_at',
        'r.return_record',
        'r.days_out',
        'r.cost_fen',
        'u.display_name as reserved_by_name',
      ]);

  return {
    async dealers(scope: Scope): Promise<{ id: string; name: string }[]> {
      return db.selectFrom('dealers').select(['id', 'name']).where(inScope(scope, 'id')).orderBy('code').execute();
    },

    /** The fleet in the scope, with the reservation each loaner is out on now. */
    async loaners(scope: Scope, id: string | null = null): Promise<LoanerRow[]> {
      const { rows } = await sql<LoanerRow>`
        select l.dealer_id, d.name as dealer_name, l.id, l.plate_key, l.model, l.vin, l.state, l.km, l.fuel_level,
          l.insurance_expires_on, l.cost_per_day_fen, l.version,
          o.id as out_reservation_id, c.name as out_customer_name, o.ends_at as out_until
        from loaners l
        join dealers d on d.id = l.dealer_id
        left join loaner_reservations o on o.dealer_id = l.dealer_id and o.loaner_id = l.id and o.status = 'out'
        left join customers c on c.id = o.customer_id
        where ${inScope(scope, 'l.dealer_id')} ${id ? sql`and l.id = ${id}` : sql``}
        order by d.code, l.state, l.plate_key`.execute(db);
      return rows;
    },

    loaner(dealerId: string, id: string) {
      return db.selectFrom('loaners').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id).forUpdate().executeTakeFirst();
    },

    plateTaken(dealerId: string, plateKey: string, exceptId: string | null) {
      return db
        .selectFrom('loaners')
        .select('id')
        .where('dealer_id', '=', dealerId)
        .where('plate_key', '=', plateKey)
        .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!))
        .executeTakeFirst();
    },

    async insertLoaner(row: {
      dealer_id: string;
      id: string;
      plate_key: string;
      model: string;
      vin: string | null;
      km: number;
      fuel_level: number;
      insurance_expires_on: string | null;
      cost_per_day_fen: number;
      created_at: Date;
      updated_at: Date;
    }) {
      await db.insertInto('loaners').values(row).execute();
    },

    async updateLoaner(
      dealerId: string,
      id: string,
      set: {
        plate_key?: string;
        model?: string;
        vin?: string | null;
        state?: 'active' | 'retired';
        km?: number;
        fuel_level?: number;
        insurance_expires_on?: string | null;
        cost_per_day_fen?: number;
        retired_at?: Date | null;
        version?: number;
        updated_at: Date;
      },
    ) {
      await db.updateTable('loaners').set(set).where('dealer_id', '=', dealerId).where('id', '=', id).execute();
    },

    async settings(dealerId: string) {
      return db.selectFrom('loaner_settings').selectAll().where('dealer_id', '=', dealerId).executeTakeFirst();
    },

    async saveSettings(dealerId: string, warrantyRepairMinDays: number, now: Date) {
      await db
        .insertInto('loaner_settings')
        .values({ dealer_id: dealerId, warranty_repair_min_days: warrantyRepairMinDays, updated_at: now })
        .onConflict((c) => c.column('dealer_id').doUpdateSet({ warranty_repair_min_days: warrantyRepairMinDays, updated_at: now }))
        .execute();
    },

    /** Whether the customer is the dealer's (linked to it). */
    async customerAt(dealerId: string, customerId: string) {
      return !!(await db
        .selectFrom('dealer_customers')
        .select('customer_id')
        .where('dealer_id', '=', dealerId)
        .where('customer_id', '=', customerId)
        .executeTakeFirst());
    },

    async vehicleAt(dealerId: string, vehicleId: string) {
      return !!(await db
        .selectFrom('dealer_vehicles')
        .select('vehicle_id')
        .where('dealer_id', '=', dealerId)
        .where('vehicle_id', '=', vehicleId)
        .executeTakeFirst());
    },

    async appointmentAt(dealerId: string, id: string) {
      return !!(await db.selectFrom('appointments').select('id').where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst());
    },

    async visitAt(dealerId: string, id: string) {
      return !!(await db.selectFrom('visits').select('id').where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst());
    },

    async complaintAt(dealerId: string, id: string) {
      return !!(await db.selectFrom('complaints').select('id').where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst());
    },

    /** The vehicle has an open 三包 case (anywhere in the network: the case follows the car). */
    async sanbaoCaseOpen(vehicleId: string) {
      return !!(await db
        .selectFrom('sanbao_cases')
        .select('id')
        .where('vehicle_id', '=', vehicleId)
        .where('status', '=', 'open')
        .executeTakeFirst());
    },

    /** A reservation of the loaner (not cancelled) whose period meets [from, until). */
    overlapping(dealerId: string, loanerId: string, from: Date, until: Date) {
      return db
        .selectFrom('loaner_reservations')
        .select(['id', 'starts_at', 'ends_at'])
        .where('dealer_id', '=', dealerId)
        .where('loaner_id', '=', loanerId)
        .where('status', '<>', 'cancelled')
        .where('starts_at', '<', until)
        .where('ends_at', '>', from)
        .executeTakeFirst();
    },

    async insertReservation(row: {
      dealer_id: string;
      id: string;
      loaner_id: string;
      customer_id: string;
      vehicle_id: string | null;
      appointment_id: string | null;
      visit_id: string | null;
      complaint_id: string | null;
      reason: ReservationRow['reason'];
      override_reason: string | null;
      starts_at: Date;
      ends_at: Date;
      reserved_by: string;
      created_at: Date;
    }) {
      await db.insertInto('loaner_reservations').values(row).execute();
    },

    async reservation(scope: Scope, id: string): Promise<ReservationRow | undefined> {
      return reservationsQuery().where(inScope(scope, 'r.dealer_id')).where('r.id', '=', id).executeTakeFirst();
    },

    /** Locks a reservation of the dealer for a change of its status. */
    reservationForUpdate(dealerId: string, id: string) {
      return db
        .selectFrom('loaner_reservations')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    /** Reservations whose period meets [from, until), or still out (overdue ones stay on the list), soonest first. */
    async reservations(
      scope: Scope,
      period: { from: Date; until: Date },
      filter: { loanerId?: string; status?: ReservationRow['status'] },
    ): Promise<ReservationRow[]> {
      return reservationsQuery()
        .where(inScope(scope, 'r.dealer_id'))
        .where((eb) =>
          eb.or([eb.and([eb('r.starts_at', '<', period.until), eb('r.ends_at', '>', period.from)]), eb('r.status', '=', 'out')]),
        )
        .$if(!!filter.loanerId, (q) => q.where('r.loaner_id', '=', filter.loanerId!))
        .$if(!!filter.status, (q) => q.where('r.status', '=', filter.status!))
        .orderBy('r.starts_at')
        .orderBy('r.id')
        .limit(500)
        .execute();
    },

    async handOver(dealerId: string, id: string, record: object, signaturePng: string, now: Date) {
      await db
        .updateTable('loaner_reservations')
        .set({ status: 'out', handed_over_at: now, handover: JSON.stringify(record), handover_signature_png: signaturePng })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .execute();
    },

    async takeBack(
      dealerId: string,
      id: string,
      back: { record: object; signaturePng: string; daysOut: number; costFen: number; until: Date },
      now: Date,
    ) {
      const { record, signaturePng, daysOut, costFen, until } = back;
      await db
        .updateTable('loaner_reservations')
        .set({
          ends_at: until,
          status: 'returned',
          returned_at: now,
          return_record: JSON.stringify(record),
          return_signature_png: signaturePng,
          days_out: daysOut,
          cost_fen: costFen,
        })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .execute();
    },

    async cancel(dealerId: string, id: string, reason: string, now: Date) {
      await db
        .updateTable('loaner_reservations')
        .set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .execute();
    },

    /**
     * A task for the advisor who reserved each loaner out past its return time, to chase the customer:
     * once per reservation (its dedupe key), however often this runs. Returns how many were created.
     */
    async chaseOverdue(now: Date, dealerId: string | null): Promise<number> {
      const result = await sql`
        insert into tasks (dealer_id, id, kind, assignee_user_id, customer_id, due_at, dedupe_key, created_at, loaner_reservation_id)
        select r.dealer_id, uuid_generate_v7(), 'loaner_overdue', r.reserved_by, r.customer_id, ${now}::timestamptz,
          'loaner_overdue:' || r.id, ${now}::timestamptz, r.id
        from loaner_reservations r
        where r.status = 'out' and r.ends_at < ${now}::timestamptz
          ${dealerId ? sql`and r.dealer_id = ${dealerId}` : sql``}
        on conflict (dealer_id, dedupe_key) do nothing`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /** The fleet of the scope with each loaner's time in it. */
    fleet(scope: Scope) {
      return db.selectFrom('loaners').select(['dealer_id', 'created_at', 'retired_at']).where(inScope(scope, 'dealer_id')).execute();
    },

    /** Each time a loaner of the scope was out that meets [from, until). */
    outIntervals(scope: Scope, from: Date, until: Date) {
      return db
        .selectFrom('loaner_reservations')
        .select(['dealer_id', 'handed_over_at', 'returned_at'])
        .where(inScope(scope, 'dealer_id'))
        .where('status', 'in', ['out', 'returned'])
        .where('handed_over_at', '<', until)
        .where((eb) => eb.or([eb('returned_at', 'is', null), eb('returned_at', '>', from)]))
        .execute();
    },

    /** Per dealer of the scope: the reservations returned in [from, until) and their cost, and those overdue now. */
    async returnedAndOverdue(scope: Scope, from: Date, until: Date, now: Date) {
      const { rows } = await sql<{ dealer_id: string; returned: string; cost_fen: string; overdue: string }>`
        select dealer_id,
          count(*) filter (where status = 'returned' and returned_at >= ${from}::timestamptz and returned_at < ${until}::timestamptz) as returned,
          coalesce(sum(cost_fen) filter (where status = 'returned' and returned_at >= ${from}::timestamptz and returned_at < ${until}::timestamptz), 0) as cost_fen,
          count(*) filter (where status = 'out' and ends_at < ${now}::timestamptz) as overdue
        from loaner_reservations
        where ${inScope(scope, 'dealer_id')} and status in ('out', 'returned')
        group by dealer_id`.execute(db);
      return rows;
    },
  };
}

export type LoanersRepository = ReturnType<typeof createLoanersRepository>;
