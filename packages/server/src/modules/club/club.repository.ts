import type { ClubLevel } from '@servicebay/contracts';
import { type Insertable, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type {
  ClubBenefitUsesTable,
  ClubFeesTable,
  ClubMembershipsTable,
  ClubPointsTable,
  ClubSettingsTable,
} from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';
import { linkedInScope } from '../customers/customers.repository.js';
import { paymentStands } from '../repair-orders/settlement.repository.js';

export type ClubSettingsRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createClubRepository>['settings']>>>;
export type MembershipRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createClubRepository>['membership']>>>;

/** An entry of `alias` not undone by a reversal (the reversal's key names the entry). */
const notReversed = (alias: string) =>
  sql.raw<boolean>(
    `not exists (select 1 from club_points rv where rv.network_id = ${alias}.network_id and rv.idempotency_key = 'reverse:' || ${alias}.id::text)`,
  );

/** The owners' club: network-level settings, memberships and the append-only points ledger. */
export function createClubRepository(db: Database) {
  return {
    settings(networkId: string) {
      return db.selectFrom('club_settings').selectAll().where('network_id', '=', networkId).executeTakeFirst();
    },

    async saveSettings(row: Insertable<ClubSettingsTable>) {
      const { network_id: _, ...update } = row;
      await db
        .insertInto('club_settings')
        .values(row)
        .onConflict((oc) => oc.column('network_id').doUpdateSet(update))
        .execute();
    },

    /** A customer of the scope (a dealer: linked to it), for the card. */
    customerInScope(scope: Scope, customerId: string) {
      return db
        .selectFrom('customers as c')
        .select(['c.id', 'c.network_id'])
        .where('c.id', '=', customerId)
        .where('c.network_id', '=', scope.networkId)
        .where(linkedInScope(scope, 'dealer_customers', 'c.id'))
        .executeTakeFirst();
    },

    membership(networkId: string, customerId: string) {
      return db
        .selectFrom('club_memberships as m')
        .innerJoin('dealers as d', 'd.id', 'm.joined_dealer_id')
        .selectAll('m')
        .select('d.name as joined_dealer_name')
        .where('m.network_id', '=', networkId)
        .where('m.customer_id', '=', customerId)
        .executeTakeFirst();
    },

    /** The membership row, locked until the transaction ends: redemptions of one member take turns. */
    lockMembership(networkId: string, customerId: string) {
      return db
        .selectFrom('club_memberships')
        .selectAll()
        .where('network_id', '=', networkId)
        .where('customer_id', '=', customerId)
        .forUpdate()
        .executeTakeFirst();
    },

    async insertMembership(row: Insertable<ClubMembershipsTable>): Promise<boolean> {
      const inserted = await db
        .insertInto('club_memberships')
        .values(row)
        .onConflict((oc) => oc.column('customer_id').doNothing())
        .returning('customer_id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async balance(networkId: string, customerId: string): Promise<number> {
      const row = await db
        .selectFrom('club_points')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.lit(0)).as('balance'))
        .where('network_id', '=', networkId)
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      return Number(row?.balance ?? 0);
    },

    /** What earned points in the 12 months since `since` (levels by spend), less what a reversed payment took back. */
    async spendSince(networkId: string, customerId: string, since: Date): Promise<number> {
      const row = await db
        .selectFrom('club_points as p')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('p.spend_fen'), eb.lit(0)).as('spend'))
        .where('p.network_id', '=', networkId)
        .where('p.customer_id', '=', customerId)
        .where('p.kind', '=', 'earn')
        .where('p.at', '>=', since)
        .where(notReversed('p'))
        .executeTakeFirst();
      return Number(row?.spend ?? 0);
    },

    /** The member's whole ledger in order, as the lots read it (an expire entry names its earning). */
    ledger(networkId: string, customerId: string) {
      return db
        .selectFrom('club_points')
        .select(['id', 'kind', 'points', 'dealer_id', 'expires_on', 'source_id'])
        .where('network_id', '=', networkId)
        .where('customer_id', '=', customerId)
        .orderBy('at')
        .orderBy('id')
        .execute();
    },

    /** The newest entries, with the dealer's name. */
    entries(networkId: string, customerId: string, limit: number) {
      return db
        .selectFrom('club_points as p')
        .innerJoin('dealers as d', 'd.id', 'p.dealer_id')
        .select([
          'p.id',
          'p.kind',
          'p.points',
          'p.dealer_id',
          'd.name as dealer_name',
          'p.source_id',
          'p.value_fen',
          'p.expires_on',
          'p.at',
        ])
        .where('p.network_id', '=', networkId)
        .where('p.customer_id', '=', customerId)
        .orderBy('p.at', 'desc')
        .orderBy('p.id', 'desc')
        .limit(limit)
        .execute();
    },

    /** Append one entry; false when its key was written before (a retry or a race: nothing is written twice). */
    async appendEntry(row: Insertable<ClubPointsTable>): Promise<boolean> {
      const inserted = await db
        .insertInto('club_points')
        .values(row)
        .onConflict((oc) => oc.columns(['network_id', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    /** The entry of `kind` a source wrote (an invoice's earning, a payment's redemption), unless it was reversed. */
    standingEntry(networkId: string, customerId: string, kind: 'earn' | 'redeem', sourceId: string) {
      return db
        .selectFrom('club_points as p')
        .select(['p.id', 'p.points', 'p.value_fen'])
        .where('p.network_id', '=', networkId)
        .where('p.customer_id', '=', customerId)
        .where('p.kind', '=', kind)
        .where('p.source_id', '=', sourceId)
        .where(notReversed('p'))
        .executeTakeFirst();
    },

    /** The member's free services used at any dealer of the network since `since`, per kind. */
    async benefitUsesSince(networkId: string, customerId: string, since: Date): Promise<{ check: number; wash: number }> {
      const rows = await db
        .selectFrom('club_benefit_uses')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('uses')])
        .where('network_id', '=', networkId)
        .where('customer_id', '=', customerId)
        .where('at', '>=', since)
        .groupBy('kind')
        .execute();
      const uses = (kind: string) => Number(rows.find((r) => r.kind === kind)?.uses ?? 0);
      return { check: uses('check'), wash: uses('wash') };
    },

    async insertBenefitUses(rows: Insertable<ClubBenefitUsesTable>[]) {
      if (rows.length) await db.insertInto('club_benefit_uses').values(rows).execute();
    },

    async insertFee(row: Insertable<ClubFeesTable>) {
      await db.insertInto('club_fees').values(row).execute();
    },

    async setFeeLevel(networkId: string, customerId: string, level: ClubLevel, paidUntil: string) {
      await db
        .updateTable('club_memberships')
        .set({ fee_level: level, fee_paid_until: paidUntil })
        .where('network_id', '=', networkId)
        .where('customer_id', '=', customerId)
        .execute();
    },

    /** The member's annual fees, newest first, with the dealer that took each. */
    fees(networkId: string, customerId: string) {
      return db
        .selectFrom('club_fees as f')
        .innerJoin('dealers as d', 'd.id', 'f.dealer_id')
        .selectAll('f')
        .select('d.name as dealer_name')
        .where('f.network_id', '=', networkId)
        .where('f.customer_id', '=', customerId)
        .orderBy('f.at', 'desc')
        .orderBy('f.id', 'desc')
        .limit(20)
        .execute();
    },

    async insertSources(rows: { network_id: string; redeem_id: string; earned_dealer_id: string; points: number }[]) {
      if (rows.length) await db.insertInto('club_redemption_sources').values(rows).execute();
    },

    /** Points paid on an invoice so far (its payments in points not taken back). */
    async paidInPointsFen(dealerId: string, invoiceId: string): Promise<number> {
      const row = await db
        .selectFrom('payments as p')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('p.amount_fen'), eb.lit(0)).as('sum'))
        .where('p.dealer_id', '=', dealerId)
        .where('p.invoice_id', '=', invoiceId)
        .where('p.method', '=', 'points')
        .where(paymentStands('p'))
        .executeTakeFirst();
      return Number(row?.sum ?? 0);
    },

    /** Members with an earning that expired by `today` and is not yet expired in the ledger. */
    async customersWithDueExpiry(networkId: string, today: string, after: string | null, limit: number): Promise<string[]> {
      const { rows } = await sql<{ customer_id: string }>`
        select distinct e.customer_id from club_points e
        where e.network_id = ${networkId} and e.kind = 'earn' and e.expires_on <= ${today}::date
          and (${after}::uuid is null or e.customer_id > ${after}::uuid)
          and not exists (select 1 from club_points x where x.network_id = e.network_id and x.idempotency_key = 'expire:' || e.id::text)
          and ${notReversed('e')}
        order by e.customer_id
        limit ${limit}`.execute(db);
      return rows.map((r) => r.customer_id);
    },

    async allNetworkIds(): Promise<string[]> {
      return (await db.selectFrom('networks').select('id').execute()).map((r) => r.id);
    },

    /** Per dealer of the scope: members who joined there, earned and redeemed points in the period, and the points crossing dealers. */
    async overview(scope: Scope, from: Date, until: Date) {
      const { rows } = await sql<{
        id: string;
        name: string;
        members: number;
        new_members: number;
        earned: number;
        redeemed: number;
        redeemed_here_elsewhere: number;
        earned_here_elsewhere: number;
        fees_fen: number;
      }>`
        select d.id, d.name,
          (select count(*)::int from club_memberships m where m.network_id = d.network_id and m.joined_dealer_id = d.id) as members,
          (select count(*)::int from club_memberships m where m.network_id = d.network_id and m.joined_dealer_id = d.id
             and m.joined_at >= ${from} and m.joined_at < ${until}) as new_members,
          (select coalesce(sum(p.points), 0)::int from club_points p where p.network_id = d.network_id and p.dealer_id = d.id
             and p.kind = 'earn' and p.at >= ${from} and p.at < ${until} and ${notReversed('p')}) as earned,
          (select coalesce(-sum(p.points), 0)::int from club_points p where p.network_id = d.network_id and p.dealer_id = d.id
             and p.kind = 'redeem' and p.at >= ${from} and p.at < ${until} and ${notReversed('p')}) as redeemed,
          (select coalesce(sum(s.points), 0)::int from club_redemption_sources s join club_points p on p.id = s.redeem_id
             where s.network_id = d.network_id and p.dealer_id = d.id and s.earned_dealer_id <> d.id
             and p.at >= ${from} and p.at < ${until} and ${notReversed('p')}) as redeemed_here_elsewhere,
          (select coalesce(sum(s.points), 0)::int from club_redemption_sources s join club_points p on p.id = s.redeem_id
             where s.network_id = d.network_id and s.earned_dealer_id = d.id and p.dealer_id <> d.id
             and p.at >= ${from} and p.at < ${until} and ${notReversed('p')}) as earned_here_elsewhere,
          (select coalesce(sum(f.fee_fen), 0)::int from club_fees f where f.network_id = d.network_id and f.dealer_id = d.id
             and f.at >= ${from} and f.at < ${until}) as fees_fen
        from dealers d
        where ${inScope(scope, 'd.id')}
        order by d.code`.execute(db);
      return rows;
    },
  };
}
