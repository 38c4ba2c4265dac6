import type { ActivityState } from '@servicebay/contracts';
import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { DB } from '../../platform/db.schema.js';
import { type LinkDealers, ofLinkDealers } from '../../platform/public-links.js';
import { inScope, type Scope } from '../../platform/scope.js';
import { paymentStands } from '../repair-orders/settlement.repository.js';
import { HOLDS_SEAT } from './activities.rules.js';

export type ActivitiesTable = DB['activities'];
export type ActivityInvitationsTable = DB['activity_invitations'];
export type OutboxMessageRow = Insertable<DB['outbox_messages']>;

export function createActivitiesRepository(db: Database) {
  /** Each activity with its dealer and its invitations counted by state. */
  const activities = () =>
    db
      .selectFrom('activities as a')
      .innerJoin('dealers as d', 'd.id', 'a.dealer_id')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('activity_invitations as i')
            .select([
              sql<number>`count(*)::int`.as('invited'),
              sql<number>`count(*) filter (where i.signed_up_at is not null)::int`.as('signed_up'),
              sql<number>`count(*) filter (where i.state = 'attended')::int`.as('attended'),
              sql<number>`count(*) filter (where i.state = 'no_show')::int`.as('no_show'),
              sql<number>`count(*) filter (where i.state = 'cancelled')::int`.as('cancelled'),
              sql<number>`count(*) filter (where i.state in (${sql.join(HOLDS_SEAT)}))::int`.as('seats_taken'),
            ])
            .whereRef('i.dealer_id', '=', 'a.dealer_id')
            .whereRef('i.activity_id', '=', 'a.id')
            .as('n'),
        (j) => j.onTrue(),
      )
      .selectAll('a')
      .select(['d.name as dealer_name', 'n.invited', 'n.signed_up', 'n.attended', 'n.no_show', 'n.cancelled', 'n.seats_taken']);

  return {
    find(scope: Scope, id: string) {
      return activities().where('a.id', '=', id).where(inScope(scope, 'a.dealer_id')).executeTakeFirst();
    },

    list(scope: Scope, q: { state?: ActivityState | undefined; limit: number }) {
      let query = activities().where(inScope(scope, 'a.dealer_id'));
      if (q.state) query = query.where('a.state', '=', q.state);
      return query.orderBy('a.starts_at', 'desc').orderBy('a.id').limit(q.limit).execute();
    },

    /** The acting dealer's activity, locked for a step (sign-ups wait on this lock for the last seat). */
    lock(dealerId: string, id: string) {
      return db.selectFrom('activities').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id).forUpdate().executeTakeFirst();
    },

    insert(row: Insertable<ActivitiesTable>) {
      return db.insertInto('activities').values(row).execute();
    },

    /** Changes the activity at the version read; false when someone changed it first. */
    async update(dealerId: string, id: string, version: number, changes: Updateable<ActivitiesTable>): Promise<boolean> {
      const result = await db
        .updateTable('activities')
        .set({ ...changes, version: version + 1 })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** The follow-up activity plan an activity names, and the activity already carrying it out (not cancelled). */
    async workPlan(dealerId: string, planId: string) {
      const plan = await db
        .selectFrom('work_plans')
        .select(['id', 'kind'])
        .where('dealer_id', '=', dealerId)
        .where('id', '=', planId)
        .executeTakeFirst();
      if (!plan) return null;
      const taken = await db
        .selectFrom('activities')
        .select('id')
        .where('dealer_id', '=', dealerId)
        .where('work_plan_id', '=', planId)
        .where('state', '!=', 'cancelled')
        .executeTakeFirst();
      return { ...plan, activityId: taken?.id ?? null };
    },

    /** Seats held now: invitations signed up or attended. */
    async seatsTaken(dealerId: string, activityId: string): Promise<number> {
      const row = await db
        .selectFrom('activity_invitations')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('dealer_id', '=', dealerId)
        .where('activity_id', '=', activityId)
        .where('state', 'in', HOLDS_SEAT)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    /** The activity's invitations, by customer name, with what the outbox did with each SMS. */
    invitations(scope: Scope, activityId: string) {
      return db
        .selectFrom('activity_invitations as i')
        .innerJoin('customers as c', 'c.id', 'i.customer_id')
        .leftJoin('outbox_messages as m', (j) => j.onRef('m.dealer_id', '=', 'i.dealer_id').onRef('m.id', '=', 'i.message_id'))
        .selectAll('i')
        .select(['c.name as customer_name', 'c.mobile as customer_mobile', 'm.status as sms_status'])
        .where(inScope(scope, 'i.dealer_id'))
        .where('i.activity_id', '=', activityId)
        .orderBy('c.name')
        .orderBy('i.id')
        .execute();
    },

    /** The customers linked to the dealer among `ids`, with what an SMS needs (mobile, consent). */
    customersAt(dealerId: string, ids: readonly string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('customers as c')
        .innerJoin('dealer_customers as dc', (j) => j.onRef('dc.customer_id', '=', 'c.id').on('dc.dealer_id', '=', dealerId))
        .select(['c.id', 'c.name', 'c.mobile', 'c.consent'])
        .where('c.id', 'in', ids)
        .execute();
    },

    /** Which of `customerIds` the activity has invited already. */
    async invitedAmong(dealerId: string, activityId: string, customerIds: readonly string[]): Promise<Set<string>> {
      if (customerIds.length === 0) return new Set();
      const rows = await db
        .selectFrom('activity_invitations')
        .select('customer_id')
        .where('dealer_id', '=', dealerId)
        .where('activity_id', '=', activityId)
        .where('customer_id', 'in', customerIds)
        .execute();
      return new Set(rows.map((r) => r.customer_id));
    },

    /** The dealer's name, phone, time zone and quiet hours, for the invitation SMS. */
    smsSettings(dealerId: string) {
      return db
        .selectFrom('dealers as d')
        .leftJoin('dealer_settings as s', 's.dealer_id', 'd.id')
        .select(['d.name', 'd.code', 'd.phone', 'd.time_zone', 's.quiet_hours_start', 's.quiet_hours_end'])
        .where('d.id', '=', dealerId)
        .executeTakeFirstOrThrow();
    },

    /**
     * The invitations and their SMS rows in one statement: an invitation whose customer was invited
     * meanwhile (a concurrent run) is skipped with its SMS. Returns the customers invited.
     */
    async insertInvitations(rows: { invitation: Insertable<ActivityInvitationsTable>; message: OutboxMessageRow }[]): Promise<Set<string>> {
      if (rows.length === 0) return new Set();
      const inserted = await db
        .insertInto('activity_invitations')
        .values(rows.map((r) => r.invitation))
        .onConflict((c) => c.columns(['dealer_id', 'activity_id', 'customer_id']).doNothing())
        .returning(['customer_id', 'message_id'])
        .execute();
      const sent = new Set(inserted.map((r) => r.message_id));
      const messages = rows.filter((r) => sent.has(r.message.id ?? null)).map((r) => r.message);
      if (messages.length) await db.insertInto('outbox_messages').values(messages).execute();
      return new Set(inserted.map((r) => r.customer_id));
    },

    /** The invitation a sign-up link opens (the hash is unique per dealer), with its activity and dealer. */
    byToken(dealers: LinkDealers, tokenHash: string) {
      return db
        .selectFrom('activity_invitations as i')
        .innerJoin('activities as a', (j) => j.onRef('a.dealer_id', '=', 'i.dealer_id').onRef('a.id', '=', 'i.activity_id'))
        .innerJoin('dealers as d', 'd.id', 'i.dealer_id')
        .innerJoin('customers as c', 'c.id', 'i.customer_id')
        .select([
          'i.dealer_id',
          'i.id',
          'i.activity_id',
          'i.state',
          'i.customer_id',
          'c.name as customer_name',
          'd.name as dealer_name',
          'd.phone as dealer_phone',
          'd.network_id',
          'd.time_zone',
          'a.kind',
          'a.title',
          'a.place',
          'a.content',
          'a.starts_at',
          'a.ends_at',
          'a.state as activity_state',
          'a.capacity',
        ])
        .where(ofLinkDealers('i.dealer_id', dealers))
        .where('i.token_hash', '=', tokenHash)
        .executeTakeFirst();
    },

    lockInvitation(dealerId: string, id: string) {
      return db
        .selectFrom('activity_invitations')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    updateInvitation(dealerId: string, id: string, changes: Updateable<ActivityInvitationsTable>) {
      return db.updateTable('activity_invitations').set(changes).where('dealer_id', '=', dealerId).where('id', '=', id).execute();
    },

    /**
     * What the activity's attendees paid at its dealer on invoices paid in `from`..`until`: their
     * payments in money not taken back (points are the club's, not the customer's money), and how many of them paid.
     */
    async attendeeRevenue(dealerId: string, activityId: string, from: Date, until: Date) {
      const { rows } = await sql<{ revenue_fen: string | null; payers: number }>`
        select coalesce(sum(p.amount_fen), 0)::bigint as revenue_fen, count(distinct ro.customer_id)::int as payers
        from activity_invitations ai
        join repair_orders ro on ro.dealer_id = ai.dealer_id and ro.customer_id = ai.customer_id
        join invoices inv on inv.dealer_id = ro.dealer_id and inv.repair_order_id = ro.id
        join payments p on p.dealer_id = inv.dealer_id and p.invoice_id = inv.id
        where ai.dealer_id = ${dealerId} and ai.activity_id = ${activityId} and ai.state = 'attended'
          and inv.paid_at is not null and inv.paid_at >= ${from} and inv.paid_at < ${until}
          and p.method <> 'points' and ${paymentStands('p')}`.execute(db);
      return { revenueFen: Number(rows[0]?.revenue_fen ?? 0), payers: rows[0]?.payers ?? 0 };
    },
  };
}

export type ActivitiesRepository = ReturnType<typeof createActivitiesRepository>;
export type ActivityRow = NonNullable<Awaited<ReturnType<ActivitiesRepository['find']>>>;
export type InvitationRow = Awaited<ReturnType<ActivitiesRepository['invitations']>>[number];
