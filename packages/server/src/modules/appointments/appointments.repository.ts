import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type {
  AppointmentEventsTable,
  AppointmentsTable,
  AuditLogTable,
  ConfirmationAttemptsTable,
  OutboxMessagesTable,
  PrepickItemsTable,
  TimelineEventsTable,
} from '../../platform/db.schema.js';
import { type LinkDealers, ofLinkDealers } from '../../platform/public-links.js';
import { inScope, type Scope } from '../../platform/scope.js';

export type AppointmentRow = Selectable<AppointmentsTable>;

export function createAppointmentsRepository(db: Database) {
  const details = () =>
    db
      .selectFrom('appointments as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .leftJoin('vehicles as v', 'v.id', 'a.vehicle_id')
      .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
      .leftJoin('users as ps', 'ps.id', 'a.preferred_sa_id')
      .leftJoin('users as asg', 'asg.id', 'a.assigned_sa_id')
      .leftJoin('users as bb', 'bb.id', 'a.booked_by')
      .innerJoin('dealers as dl', 'dl.id', 'a.dealer_id')
      .leftJoin('dealer_settings as ds', 'ds.dealer_id', 'a.dealer_id')
      .selectAll('a')
      .select([
        'dl.name as dealer_name',
        // What the booking's benefits depend on (booking-benefits.rules.ts): the dealer's offer and rule, and the customer's no-shows before it.
        sql<boolean>`coalesce(ds.dedicated_lane, false)`.as('dedicated_lane'),
        sql<number>`coalesce(ds.no_show_forfeit_count, 2)`.as('no_show_forfeit_count'),
        sql<number>`(select count(*)::int from appointments n
          where n.dealer_id = a.dealer_id and n.customer_id = a.customer_id and n.status = 'no_show'
            and n.starts_at < a.starts_at and n.starts_at >= a.starts_at - make_interval(months => coalesce(ds.no_show_forfeit_months, 12)))`.as(
          'recent_no_shows',
        ),
        'c.name as customer_name',
        'c.mobile as customer_mobile',
        'm.name as model_name',
        'ps.display_name as preferred_sa_name',
        'asg.display_name as assigned_sa_name',
        'bb.display_name as booked_by_name',
        (eb) =>
          eb
            .exists(
              eb
                .selectFrom('confirmation_attempts as ca')
                .select('ca.id')
                .whereRef('ca.dealer_id', '=', 'a.dealer_id')
                .whereRef('ca.appointment_id', '=', 'a.id')
                .where('ca.result', '=', 'confirmed'),
            )
            .as('confirmed'),
      ]);

  return {
    settings(dealerId: string) {
      return db
        .selectFrom('dealers as d')
        .leftJoin('dealer_settings as s', 's.dealer_id', 'd.id')
        .select([
          'd.id',
          'd.network_id',
          'd.code',
          'd.name',
          'd.time_zone',
          'd.opens_at',
          'd.closes_at',
          sql<number>`coalesce(s.slot_minutes, 30)`.as('slot_minutes'),
          sql<number>`coalesce(s.capacity_ratio, 0.70)`.as('capacity_ratio'),
          sql<number>`coalesce(s.on_time_window_minutes, 15)`.as('on_time_window_minutes'),
          sql<number>`coalesce(s.no_show_grace_minutes, 30)`.as('no_show_grace_minutes'),
          sql<string>`coalesce(s.confirmation_sms_at, '10:00')::text`.as('confirmation_sms_at'),
          sql<string>`coalesce(s.assignment_deadline, '17:00')::text`.as('assignment_deadline'),
          sql<number>`coalesce(s.sa_call_lead_minutes, 60)`.as('sa_call_lead_minutes'),
          sql<string>`coalesce(s.quiet_hours_start, '21:00')::text`.as('quiet_hours_start'),
          sql<string>`coalesce(s.quiet_hours_end, '08:00')::text`.as('quiet_hours_end'),
          sql<number>`coalesce(s.kept_labour_discount_percent, 0)`.as('kept_labour_discount_percent'),
          sql<boolean>`coalesce(s.dedicated_lane, false)`.as('dedicated_lane'),
          sql<string>`coalesce(s.apology_gift, '')`.as('apology_gift'),
          sql<number>`coalesce(s.no_show_forfeit_count, 2)`.as('no_show_forfeit_count'),
          sql<number>`coalesce(s.no_show_forfeit_months, 12)`.as('no_show_forfeit_months'),
          sql<number>`coalesce(s.booking_incentive_fen, 0)`.as('booking_incentive_fen'),
        ])
        .where('d.id', '=', dealerId)
        .executeTakeFirst();
    },

    dealerByCode(code: string) {
      return db
        .selectFrom('dealers')
        .select(['id', 'network_id', 'code', 'name', 'time_zone', 'opens_at', 'closes_at'])
        .where('code', '=', code)
        .executeTakeFirst();
    },

    dealerById(id: string) {
      return db
        .selectFrom('dealers')
        .select(['id', 'network_id', 'code', 'name', 'time_zone'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    },

    /** Gender and kind of the given customers, for how the lobby screen greets them. */
    customerSalutations(networkId: string, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('customers')
        .select(['id', 'gender', 'kind'])
        .where('network_id', '=', networkId)
        .where('id', 'in', ids)
        .execute();
    },

    /** The customer's no-shows at the dealer in the window before `before` (the benefits' forfeit rule). */
    async recentNoShows(dealerId: string, customerId: string, since: Date, before: Date) {
      const row = await db
        .selectFrom('appointments')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('dealer_id', '=', dealerId)
        .where('customer_id', '=', customerId)
        .where('status', '=', 'no_show')
        .where('starts_at', '>=', since)
        .where('starts_at', '<', before)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    /** The appointment a visit came from, with what its benefit on the invoice depends on; undefined for a walk-in. */
    keptAppointmentOfVisit(dealerId: string, visitId: string) {
      return details()
        .innerJoin('visits as vi', (j) => j.onRef('vi.dealer_id', '=', 'a.dealer_id').onRef('vi.appointment_id', '=', 'a.id'))
        .select([
          'vi.arrived_at as visit_arrived_at',
          'vi.greeted_at as visit_greeted_at',
          sql<number>`coalesce(ds.timely_reception_minutes, 2)`.as('timely_reception_minutes'),
        ])
        .where('vi.dealer_id', '=', dealerId)
        .where('vi.id', '=', visitId)
        .executeTakeFirst();
    },

    async saveSettings(dealerId: string, changes: Record<string, unknown>, hours: { opens_at?: string; closes_at?: string }, now: Date) {
      if (Object.keys(hours).length) await db.updateTable('dealers').set(hours).where('id', '=', dealerId).execute();
      await db
        .insertInto('dealer_settings')
        .values({ dealer_id: dealerId, ...changes, updated_at: now })
        .onConflict((oc) => oc.column('dealer_id').doUpdateSet({ ...changes, updated_at: now }))
        .execute();
    },

    /** Service advisors and technicians of the dealer, each with whether they are off on `date`. */
    staffOn(dealerId: string, date: string) {
      return db
        .selectFrom('users as u')
        .leftJoin('staff_absences as sa', (j) =>
          j.onRef('sa.user_id', '=', 'u.id').on('sa.dealer_id', '=', dealerId).on('sa.work_date', '=', date),
        )
        .select(['u.id', 'u.display_name', 'u.roles', sql<boolean>`sa.user_id is not null`.as('off')])
        .where('u.dealer_id', '=', dealerId)
        .where('u.disabled_at', 'is', null)
        .where(sql<boolean>`u.roles && array['service_advisor','technician']::text[]`)
        .orderBy('u.display_name')
        .execute();
    },

    async setAbsences(dealerId: string, date: string, userIds: string[], createdAt: Date) {
      await db.deleteFrom('staff_absences').where('dealer_id', '=', dealerId).where('work_date', '=', date).execute();
      if (userIds.length)
        await db
          .insertInto('staff_absences')
          .values(userIds.map((user_id) => ({ dealer_id: dealerId, work_date: date, user_id, created_at: createdAt })))
          .execute();
    },

    /** Absences per day in a range, to compute each day's capacity in one go. */
    absencesBetween(dealerId: string, from: string, to: string) {
      return db
        .selectFrom('staff_absences')
        .select(['work_date', 'user_id'])
        .where('dealer_id', '=', dealerId)
        .where('work_date', '>=', from)
        .where('work_date', '<=', to)
        .execute();
    },

    /** The appointments of this car still open or under way (booked, confirmed, arrived) — by vehicle or plate — starting in [from, to). */
    openForCarBetween(dealerId: string, car: { vehicleId: string | null; plateKey: string }, from: Date, to: Date) {
      return db
        .selectFrom('appointments')
        .select(['id', 'number', 'starts_at'])
        .where('dealer_id', '=', dealerId)
        .where('status', 'in', ['booked', 'confirmed', 'arrived'])
        .where('starts_at', '>=', from)
        .where('starts_at', '<', to)
        .where((eb) =>
          car.vehicleId
            ? eb.or([eb('vehicle_id', '=', car.vehicleId), eb('plate_key', '=', car.plateKey)])
            : eb('plate_key', '=', car.plateKey),
        )
        .orderBy('starts_at')
        .execute();
    },

    /** Serialises bookings of one car on one day (until the transaction ends), so two at once cannot both miss each other. */
    async lockCarDay(dealerId: string, plateKey: string, day: string) {
      await sql`select pg_advisory_xact_lock(hashtext(${`appointment:${dealerId}:${plateKey}:${day}`}))`.execute(db);
    },

    bookedBetween(dealerId: string, from: Date, to: Date) {
      return db
        .selectFrom('slot_bookings')
        .select(['starts_at', 'booked'])
        .where('dealer_id', '=', dealerId)
        .where('starts_at', '>=', from)
        .where('starts_at', '<', to)
        .where('booked', '>', 0)
        .execute();
    },

    /**
     * Takes one seat of the slot if one is left and returns how many seats the slot has handed out
     * (never lowered: it numbers the appointment), or null when it is full. The upsert locks the
     * slot's row, so concurrent bookings of the last seat are decided one after the other: exactly one
     * gets it.
     */
    async claimSeat(dealerId: string, startsAt: Date, capacity: number): Promise<number | null> {
      if (capacity <= 0) return null;
      const row = await db
        .insertInto('slot_bookings')
        .values({ dealer_id: dealerId, starts_at: startsAt, booked: 1, issued: 1 })
        .onConflict((oc) =>
          oc
            .columns(['dealer_id', 'starts_at'])
            .doUpdateSet({ booked: sql`slot_bookings.booked + 1`, issued: sql`slot_bookings.issued + 1` })
            .where('slot_bookings.booked', '<', capacity),
        )
        .returning('issued')
        .executeTakeFirst();
      return row ? row.issued : null;
    },

    releaseSeat(dealerId: string, startsAt: Date) {
      return db
        .updateTable('slot_bookings')
        .set({ booked: sql`greatest(booked - 1, 0)` })
        .where('dealer_id', '=', dealerId)
        .where('starts_at', '=', startsAt)
        .execute();
    },

    insert(row: Insertable<AppointmentsTable>) {
      return db.insertInto('appointments').values(row).execute();
    },

    /**
     * A new appointment with its first event, the customer's timeline event, the audit row, its
     * workshop reservation (the first active bay free for the whole time, as `upsertReservation`) and
     * its confirmation message, in one statement.
     */
    async insertBooked(rows: {
      appointment: Insertable<AppointmentsTable>;
      event: Insertable<AppointmentEventsTable>;
      timeline: Insertable<TimelineEventsTable>;
      audit: Insertable<AuditLogTable>;
      reservation: { id: string; starts_at: Date; ends_at: Date };
      message: Insertable<OutboxMessagesTable>;
    }) {
      const { dealer_id: dealerId, id: appointmentId } = rows.appointment;
      const { starts_at: startsAt, ends_at: endsAt } = rows.reservation;
      await db
        .with('appointment', (q) => q.insertInto('appointments').values(rows.appointment))
        .with('event', (q) => q.insertInto('appointment_events').values(rows.event))
        .with('timeline', (q) => q.insertInto('timeline_events').values(rows.timeline))
        .with('reservation', (q) =>
          q.insertInto('workshop_reservations').values({
            dealer_id: dealerId,
            id: rows.reservation.id,
            appointment_id: appointmentId,
            bay_id: sql<string | null>`(
              select b.id from bays b
              where b.dealer_id = ${dealerId} and b.active
                and not exists (
                  select 1 from workshop_reservations r
                  where r.dealer_id = b.dealer_id and r.bay_id = b.id
                    and tstzrange(r.starts_at, r.ends_at) && tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz))
              order by b.name limit 1
              for update of b skip locked)`,
            starts_at: startsAt,
            ends_at: endsAt,
          }),
        )
        .with('message', (q) => q.insertInto('outbox_messages').values(rows.message))
        .insertInto('audit_log')
        .values(rows.audit)
        .execute();
    },

    /** Name and mobile of a customer of the network (for a booking whose customer is not the car's owner or user). */
    customerContact(networkId: string, id: string) {
      return db
        .selectFrom('customers')
        .select(['name', 'mobile', 'consent'])
        .where('network_id', '=', networkId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    update(dealerId: string, id: string, version: number, changes: Updateable<AppointmentsTable>) {
      return db
        .updateTable('appointments')
        .set({ ...changes, version: sql`version + 1` })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
    },

    find(scope: Scope, id: string) {
      return details()
        .where('a.id', '=', id)
        .where('c.network_id', '=', scope.networkId)
        .where(inScope(scope, 'a.dealer_id'))
        .executeTakeFirst();
    },

    findByManageToken(dealers: LinkDealers, tokenHash: string) {
      return details().where(ofLinkDealers('a.dealer_id', dealers)).where('a.manage_token_hash', '=', tokenHash).executeTakeFirst();
    },

    list(scope: Scope, from: Date, to: Date, filters: { saId?: string; status?: AppointmentsTable['status']; notConfirmedOnly?: boolean }) {
      let query = details()
        .where(inScope(scope, 'a.dealer_id'))
        .where('a.starts_at', '>=', from)
        .where('a.starts_at', '<', to)
        .orderBy('a.starts_at')
        .orderBy('a.number');
      if (filters.saId)
        query = query.where((eb) => eb.or([eb('a.assigned_sa_id', '=', filters.saId!), eb('a.preferred_sa_id', '=', filters.saId!)]));
      if (filters.status) query = query.where('a.status', '=', filters.status);
      if (filters.notConfirmedOnly) query = query.where('a.status', '=', 'booked');
      return query.execute();
    },

    insertEvent(row: {
      dealer_id: string;
      id: string;
      appointment_id: string;
      kind: string;
      data: string;
      actor_user_id: string | null;
      at: Date;
    }) {
      return db.insertInto('appointment_events').values(row).execute();
    },

    events(scope: Scope, appointmentId: string) {
      return db
        .selectFrom('appointment_events as e')
        .leftJoin('users as u', 'u.id', 'e.actor_user_id')
        .select(['e.id', 'e.kind', 'e.at', 'e.data', 'u.display_name as actor_name'])
        .where(inScope(scope, 'e.dealer_id'))
        .where('e.appointment_id', '=', appointmentId)
        .orderBy('e.at')
        .orderBy('e.id')
        .execute();
    },

    insertConfirmation(row: {
      dealer_id: string;
      id: string;
      appointment_id: string;
      step: ConfirmationAttemptsTable['step'];
      channel: ConfirmationAttemptsTable['channel'];
      result: ConfirmationAttemptsTable['result'];
      note: string | null;
      by_user_id: string | null;
      at: Date;
    }) {
      return db.insertInto('confirmation_attempts').values(row).execute();
    },

    findParts(dealerId: string, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('parts').selectAll().where('dealer_id', '=', dealerId).where('id', 'in', ids).execute();
    },

    searchParts(dealerId: string, q: string) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return db
        .selectFrom('parts')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .$if(q.length > 0, (qb) => qb.where((eb) => eb.or([eb('part_number', 'ilike', like), eb('name', 'like', like)])))
        .orderBy('part_number')
        .limit(50)
        .execute();
    },

    insertPrepick(rows: Insertable<PrepickItemsTable>[]) {
      if (rows.length === 0) return Promise.resolve();
      return db
        .insertInto('prepick_items')
        .values(rows)
        .execute()
        .then(() => undefined);
    },

    prepickFor(scope: Scope, appointmentIds: string[]) {
      if (appointmentIds.length === 0) return Promise.resolve([] as Selectable<PrepickItemsTable>[]);
      return db
        .selectFrom('prepick_items')
        .selectAll()
        .where(inScope(scope, 'dealer_id'))
        .where('appointment_id', 'in', appointmentIds)
        .orderBy('part_number')
        .execute();
    },

    /** The pre-pick of one appointment already read in its scope (keyed by its own dealer). */
    prepickOf(appointment: { dealer_id: string; id: string }) {
      return db
        .selectFrom('prepick_items')
        .selectAll()
        .where('dealer_id', '=', appointment.dealer_id)
        .where('appointment_id', '=', appointment.id)
        .orderBy('part_number')
        .execute();
    },

    findPrepick(dealerId: string, id: string) {
      return db.selectFrom('prepick_items').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst();
    },

    setPrepickStatus(
      dealerId: string,
      filter: { id?: string; appointmentId?: string },
      status: Selectable<PrepickItemsTable>['status'],
      by: string | null,
      now: Date,
    ) {
      let query = db.updateTable('prepick_items').set({ status, updated_by: by, updated_at: now }).where('dealer_id', '=', dealerId);
      if (filter.id) query = query.where('id', '=', filter.id);
      if (filter.appointmentId) query = query.where('appointment_id', '=', filter.appointmentId).where('status', '!=', 'cancelled');
      return query.execute();
    },

    /**
     * Reserves the first active bay free for the whole time (the exclusion constraint guards against
     * overlaps); when every bay is taken, the time alone is reserved and the controller picks a bay.
     */
    async upsertReservation(dealerId: string, appointmentId: string, id: string, startsAt: Date, endsAt: Date) {
      await sql`
        with free as (
          select b.id from bays b
          where b.dealer_id = ${dealerId} and b.active
            and not exists (
              select 1 from workshop_reservations r
              where r.dealer_id = b.dealer_id and r.bay_id = b.id and r.appointment_id <> ${appointmentId}
                and tstzrange(r.starts_at, r.ends_at) && tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz))
          order by b.name limit 1
          for update of b skip locked)
        insert into workshop_reservations (dealer_id, id, appointment_id, bay_id, starts_at, ends_at)
        values (${dealerId}, ${id}, ${appointmentId}, (select id from free), ${startsAt}, ${endsAt})
        on conflict (dealer_id, appointment_id) do update
          set starts_at = excluded.starts_at, ends_at = excluded.ends_at, bay_id = excluded.bay_id`.execute(db);
    },

    deleteReservation(dealerId: string, appointmentId: string) {
      return db.deleteFrom('workshop_reservations').where('dealer_id', '=', dealerId).where('appointment_id', '=', appointmentId).execute();
    },

    reservations(scope: Scope, from: Date, to: Date) {
      return db
        .selectFrom('workshop_reservations as r')
        .innerJoin('appointments as a', (j) => j.onRef('a.dealer_id', '=', 'r.dealer_id').onRef('a.id', '=', 'r.appointment_id'))
        .leftJoin('bays as b', (j) => j.onRef('b.dealer_id', '=', 'r.dealer_id').onRef('b.id', '=', 'r.bay_id'))
        .innerJoin('dealers as dl', 'dl.id', 'r.dealer_id')
        .select(['r.id', 'r.appointment_id', 'a.number', 'a.plate_key', 'r.starts_at', 'r.ends_at', 'b.id as bay_id', 'b.name as bay_name'])
        .select(['r.dealer_id', 'dl.name as dealer_name'])
        .where(inScope(scope, 'r.dealer_id'))
        .where('r.starts_at', '>=', from)
        .where('r.starts_at', '<', to)
        .orderBy('r.starts_at')
        .execute();
    },

    bays(dealerId: string) {
      return db.selectFrom('bays').selectAll().where('dealer_id', '=', dealerId).orderBy('name').execute();
    },

    insertBay(row: { dealer_id: string; id: string; name: string; kind: string }) {
      return db.insertInto('bays').values(row).returningAll().executeTakeFirstOrThrow();
    },

    serviceAdvisors(dealerId: string) {
      return db
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('dealer_id', '=', dealerId)
        .where('disabled_at', 'is', null)
        .where(sql<boolean>`'service_advisor' = any(roles)`)
        .orderBy('display_name')
        .execute();
    },

    async insertTask(row: {
      dealer_id: string;
      id: string;
      kind: string;
      assignee_user_id: string | null;
      appointment_id: string | null;
      customer_id: string | null;
      due_at: Date;
      dedupe_key: string;
      created_at: Date;
    }) {
      const result = await db
        .insertInto('tasks')
        .values(row)
        .onConflict((oc) => oc.columns(['dealer_id', 'dedupe_key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    cancelTasksOf(dealerId: string, appointmentId: string) {
      return db
        .updateTable('tasks')
        .set({ status: 'cancelled' })
        .where('dealer_id', '=', dealerId)
        .where('appointment_id', '=', appointmentId)
        .where('status', '=', 'open')
        .execute();
    },

    insertArrival(row: {
      dealer_id: string;
      id: string;
      arrived_at: Date;
      appointment_id: string | null;
      customer_id: string | null;
      vehicle_id: string | null;
      recorded_by: string | null;
    }) {
      return db.insertInto('arrivals').values(row).execute();
    },

    /** KPI counts per group key: the dealer's local day or month, or the assigned SA. */
    kpiCounts(scope: Scope, timeZone: string, from: Date, to: Date, groupBy: 'day' | 'month' | 'sa') {
      const key =
        groupBy === 'sa'
          ? sql<string>`coalesce(a.assigned_sa_id::text, 'unassigned')`
          : groupBy === 'month'
            ? sql<string>`to_char(a.starts_at at time zone ${timeZone}, 'YYYY-MM')`
            : sql<string>`to_char(a.starts_at at time zone ${timeZone}, 'YYYY-MM-DD')`;
      const appointments = sql<{ key: string; due: number; no_shows: number; confirmed: number; arrived: number; on_time: number }>`
        select ${key} as key,
          count(*)::int as due,
          count(*) filter (where a.status = 'no_show')::int as no_shows,
          count(*) filter (where exists (select 1 from confirmation_attempts ca where ca.dealer_id = a.dealer_id and ca.appointment_id = a.id and ca.result = 'confirmed'))::int as confirmed,
          count(*) filter (where a.arrived_at is not null)::int as arrived,
          count(*) filter (where a.arrival_status = 'on_time')::int as on_time
        from appointments a
        where ${inScope(scope, 'a.dealer_id')} and a.starts_at >= ${from} and a.starts_at < ${to} and a.status <> 'cancelled'
        group by 1 order by 1`.execute(db);
      const arrivalKey =
        groupBy === 'month'
          ? sql<string>`to_char(r.arrived_at at time zone ${timeZone}, 'YYYY-MM')`
          : sql<string>`to_char(r.arrived_at at time zone ${timeZone}, 'YYYY-MM-DD')`;
      const arrivals =
        groupBy === 'sa'
          ? Promise.resolve({ rows: [] as { key: string; arrivals: number }[] })
          : sql<{ key: string; arrivals: number }>`
              select ${arrivalKey} as key, count(*)::int as arrivals from arrivals r
              where ${inScope(scope, 'r.dealer_id')} and r.arrived_at >= ${from} and r.arrived_at < ${to}
              group by 1`.execute(db);
      return Promise.all([appointments, arrivals]).then(([a, r]) => ({ appointments: a.rows, arrivals: r.rows }));
    },

    arrivalFlow(dealerId: string, timeZone: string, from: Date, to: Date) {
      return sql<{ hour: number; arrivals: number; walk_ins: number }>`
        select extract(hour from r.arrived_at at time zone ${timeZone})::int as hour,
          count(*)::int as arrivals,
          count(*) filter (where r.appointment_id is null)::int as walk_ins
        from arrivals r
        where r.dealer_id = ${dealerId} and r.arrived_at >= ${from} and r.arrived_at < ${to}
        group by 1 order by 1`
        .execute(db)
        .then((r) => r.rows);
    },

    userNames(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
    },

    // One-time codes for the public booking page.
    insertOtp(row: {
      id: string;
      dealer_id: string;
      mobile: string;
      code_hash: string;
      expires_at: Date;
      ip: string | null;
      created_at: Date;
    }) {
      return db.insertInto('otp_codes').values(row).execute();
    },
    recentOtpCount(filter: { mobile?: string; ip?: string }, since: Date) {
      let query = db
        .selectFrom('otp_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('created_at', '>=', since);
      if (filter.mobile) query = query.where('mobile', '=', filter.mobile);
      if (filter.ip) query = query.where('ip', '=', filter.ip);
      return query.executeTakeFirstOrThrow().then((r) => Number(r.n));
    },
    latestOtp(dealerId: string, mobile: string) {
      return db
        .selectFrom('otp_codes')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('mobile', '=', mobile)
        .where('used_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(1)
        .forUpdate()
        .executeTakeFirst();
    },
    /** Marks the code used, unless another request used it first; undefined then. */
    useOtp(dealerId: string, id: string, now: Date) {
      return db
        .updateTable('otp_codes')
        .set({ used_at: now })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
    },
    spendOtpAttempt(dealerId: string, id: string, used: Date | null) {
      return db
        .updateTable('otp_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), used_at: used }))
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .execute();
    },
  };
}

export type AppointmentDetailsRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createAppointmentsRepository>['find']>>>;
