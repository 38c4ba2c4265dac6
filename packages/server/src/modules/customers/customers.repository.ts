import { sql, type Selectable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { CustomersTable } from '../../platform/db.schema.js';
import type { SearchPlan } from './customers.rules.js';

export type CustomerRow = Selectable<CustomersTable>;
export type MatchReason = 'name' | 'mobile' | 'mobile_last4' | 'plate' | 'vin' | 'vin_last6';

// Every method takes dealerId: null means the car maker, who sees the whole network.
export function createCustomersRepository(db: Database) {
  return {
    findById(networkId: string, dealerId: string | null, id: string) {
      let query = db.selectFrom('customers as c').selectAll('c').where('c.id', '=', id).where('c.network_id', '=', networkId);
      if (dealerId) {
        query = query.where((eb) =>
          eb.exists(eb.selectFrom('dealer_customers as dc').select('dc.customer_id').whereRef('dc.customer_id', '=', 'c.id').where('dc.dealer_id', '=', dealerId)),
        );
      }
      return query.executeTakeFirst();
    },

    findByMobile(networkId: string, mobile: string) {
      return db.selectFrom('customers').selectAll().where('network_id', '=', networkId).where('mobile', '=', mobile).executeTakeFirst();
    },

    listPage(networkId: string, dealerId: string | null, beforeId: string | null, limit: number) {
      let query = db
        .selectFrom('customers as c')
        .selectAll('c')
        .where('c.network_id', '=', networkId)
        .orderBy('c.id', 'desc')
        .limit(limit + 1);
      if (dealerId) query = query.innerJoin('dealer_customers as dc', (j) => j.onRef('dc.customer_id', '=', 'c.id').on('dc.dealer_id', '=', dealerId));
      if (beforeId) query = query.where('c.id', '<', beforeId);
      return query.execute();
    },

    /** One indexed sub-query per reading of the search text, united; each row says why it matched. */
    async search(networkId: string, dealerId: string | null, plan: SearchPlan, limit: number) {
      const parts: ReturnType<typeof sql>[] = [];
      const dealerCustomer = (alias: string) =>
        dealerId ? sql`and exists (select 1 from dealer_customers dc where dc.dealer_id = ${dealerId} and dc.customer_id = ${sql.ref(alias)})` : sql``;
      const dealerVehicle = dealerId
        ? sql`and exists (select 1 from dealer_vehicles dv where dv.dealer_id = ${dealerId} and dv.vehicle_id = v.id)`
        : sql``;
      const viaVehicle = (reason: MatchReason, condition: ReturnType<typeof sql>) =>
        sql`(select v.owner_id as customer_id, ${reason}::text as reason from vehicles v
              where v.network_id = ${networkId} and ${condition} ${dealerVehicle} limit ${limit})
            union all
            (select v.user_id as customer_id, ${reason}::text as reason from vehicles v
              where v.network_id = ${networkId} and v.user_id is not null and ${condition} ${dealerVehicle} limit ${limit})`;

      if (plan.name) {
        parts.push(sql`(select c.id as customer_id, 'name'::text as reason from customers c
          where c.network_id = ${networkId} and c.name like ${escapeLike(plan.name) + '%'} ${dealerCustomer('c.id')} limit ${limit})`);
      }
      if (plan.mobile) {
        parts.push(sql`(select c.id as customer_id, 'mobile'::text as reason from customers c
          where c.network_id = ${networkId} and c.mobile = ${plan.mobile} ${dealerCustomer('c.id')})`);
      }
      if (plan.mobileLast4) {
        parts.push(sql`(select c.id as customer_id, 'mobile_last4'::text as reason from customers c
          where c.network_id = ${networkId} and right(c.mobile, 4) = ${plan.mobileLast4} ${dealerCustomer('c.id')} limit ${limit})`);
      }
      if (plan.plateFragment) parts.push(viaVehicle('plate', sql`v.plate_key like ${'%' + escapeLike(plan.plateFragment) + '%'}`));
      if (plan.vin) parts.push(viaVehicle('vin', sql`v.vin = ${plan.vin}`));
      if (plan.vinLast6) parts.push(viaVehicle('vin_last6', sql`right(v.vin, 6) = ${plan.vinLast6}`));
      if (parts.length === 0) return [];

      const matches = await sql<{ customer_id: string; reasons: MatchReason[] }>`
        select m.customer_id, array_agg(distinct m.reason) as reasons
        from (${sql.join(parts, sql` union all `)}) m
        group by m.customer_id
        limit ${limit}`.execute(db);
      return matches.rows;
    },

    findManyByIds(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('customers').selectAll().where('id', 'in', ids).orderBy('name').execute();
    },

    insert(row: Omit<CustomerRow, 'version' | 'created_at'>) {
      return db.insertInto('customers').values({ ...row, consent: JSON.stringify(row.consent) }).returningAll().executeTakeFirstOrThrow();
    },

    /** Optimistic update: returns undefined when the version moved on. */
    update(id: string, version: number, changes: Partial<Omit<CustomerRow, 'id' | 'version' | 'created_at'>>) {
      const { consent, ...rest } = changes;
      return db
        .updateTable('customers')
        .set({ ...rest, ...(consent ? { consent: JSON.stringify(consent) } : {}), version: sql`version + 1` })
        .where('id', '=', id)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirst();
    },

    /** Records that a dealer serves this customer; returns true when the relationship is new. */
    async linkDealer(dealerId: string, customerId: string, source: string) {
      const result = await db
        .insertInto('dealer_customers')
        .values({ dealer_id: dealerId, customer_id: customerId, source })
        .onConflict((oc) => oc.columns(['dealer_id', 'customer_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}
