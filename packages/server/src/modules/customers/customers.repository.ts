import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { CustomerSearchKeysTable, CustomersTable } from '../../platform/db.schema.js';
import { type DealerScope, inScope, type Scope } from '../../platform/scope.js';
import { prefixRange, type SearchPlan } from './customers.rules.js';

export type CustomerRow = Selectable<CustomersTable>;
export type MatchReason = 'name' | 'mobile' | 'mobile_last4' | 'plate' | 'vin' | 'vin_last6';
type SearchKeyKind = CustomerSearchKeysTable['kind'];
export type SearchRow = {
  id: string;
  name: string;
  mobile: string;
  city: string | null;
  reasons: MatchReason[];
  vehicles: { id: string; plateKey: string; vin: string; modelName: string | null; openCampaigns: number }[];
};

/**
 * Customers and vehicles are the network's, linked to the dealers that serve them: the whole network
 * reads every one; a dealer (or the network narrowed to some dealers) those linked in its scope.
 */
export const wholeNetwork = (scope: Scope) => scope.kind === 'network' && !scope.dealerIds && !scope.region && !scope.city && !scope.grade;

/** `exists` a link of the row at `ref` to a dealer in the scope (`true` for the whole network). */
export const linkedInScope = (scope: Scope, links: 'dealer_customers' | 'dealer_vehicles', ref: string) => {
  if (wholeNetwork(scope)) return sql<boolean>`true`;
  const column = links === 'dealer_customers' ? sql.ref('l.customer_id') : sql.ref('l.vehicle_id');
  return sql<boolean>`exists (select 1 from ${sql.table(links)} l where ${column} = ${sql.ref(ref)} and ${inScope(scope, 'l.dealer_id')} offset 0)`;
};

export function createCustomersRepository(db: Database) {
  const repository = {
    findById(scope: Scope, id: string) {
      return db
        .selectFrom('customers as c')
        .selectAll('c')
        .where('c.id', '=', id)
        .where('c.network_id', '=', scope.networkId)
        .where(linkedInScope(scope, 'dealer_customers', 'c.id'))
        .executeTakeFirst();
    },

    findByMobile(networkId: string, mobile: string) {
      return db.selectFrom('customers').selectAll().where('network_id', '=', networkId).where('mobile', '=', mobile).executeTakeFirst();
    },

    listPage(scope: Scope, beforeId: string | null, limit: number) {
      let query = db
        .selectFrom('customers as c')
        .selectAll('c')
        .where('c.network_id', '=', scope.networkId)
        .where(linkedInScope(scope, 'dealer_customers', 'c.id'))
        .orderBy('c.id', 'desc')
        .limit(limit + 1);
      if (beforeId) query = query.where('c.id', '<', beforeId);
      return query.execute();
    },

    /**
     * One statement: for a dealer, a probe of the dealer's search keys per reading of the search text
     * (`customer_search_keys`, migration 0019); for the car maker, an indexed sub-query per reading
     * over the network's records. United, grouped per customer with the reasons it matched, and each
     * customer's vehicles as JSON.
     */
    async search(scope: Scope, plan: SearchPlan, limit: number, today: string) {
      const query = repository.searchQuery(scope, plan, limit, today);
      return query ? (await query.execute(db)).rows : [];
    },

    /** The statement `search` sends (null when the text reads as nothing), to run or to compile as it is. */
    searchQuery(scope: Scope, plan: SearchPlan, limit: number, today: string) {
      return scope.kind === 'dealer'
        ? repository.searchByKeysQuery(scope, plan, limit, today)
        : repository.searchByRecordsQuery(scope, plan, limit, today);
    },

    /**
     * A dealer's search: each reading is one range or equality probe of the index on
     * (dealer_id, kind, key), which holds only what the dealer may find, so no access check is left.
     */
    searchByKeysQuery(scope: DealerScope, plan: SearchPlan, limit: number, today: string) {
      const parts: RawBuilder<unknown>[] = [];
      // One kind per probe: \`kind in (…)\` would make PostgreSQL plan the prepared statement afresh each time.
      const probe = (reason: MatchReason, kind: SearchKeyKind, match: RawBuilder<boolean>) =>
        sql`(select k.customer_id, ${sql.lit(reason)}::text as reason from customer_search_keys k
              where k.dealer_id = ${scope.dealerId} and k.kind = ${sql.lit(kind)} and ${match}
              limit ${limit})`;
      const startsWith = (text: string) => {
        const range = prefixRange(text);
        return sql<boolean>`k.key >= ${range.from} and k.key < ${range.to}`;
      };
      const equals = (text: string) => sql<boolean>`k.key = ${text}`;

      if (plan.name) parts.push(probe('name', 'name', startsWith(plan.name)));
      if (plan.mobile) parts.push(probe('mobile', 'mobile', equals(plan.mobile)));
      if (plan.mobileLast4) parts.push(probe('mobile_last4', 'mobile_last4', equals(plan.mobileLast4)));
      if (plan.platePrefix) parts.push(probe('plate', 'plate', startsWith(plan.platePrefix)));
      if (plan.plateFragment) parts.push(probe('plate', 'plate_part', startsWith(plan.plateFragment)));
      if (plan.vin) parts.push(probe('vin', 'vin', equals(plan.vin)));
      if (plan.vinLast6) parts.push(probe('vin_last6', 'vin_last6', equals(plan.vinLast6)));
      return parts.length === 0 ? null : summaries(scope, parts, limit, today);
    },

    /**
     * The search over the network's records: an indexed sub-query per reading, with access checks as
     * primary-key probes per candidate (`offset 0` keeps the planner from turning them into a scan of
     * every link the dealers have). What the car maker's staff search with; for a dealer it finds what
     * `searchByKeysQuery` finds.
     */
    searchByRecordsQuery(scope: Scope, plan: SearchPlan, limit: number, today: string) {
      const networkId = scope.networkId;
      const parts: RawBuilder<unknown>[] = [];
      const customerVisible = (ref: string) => sql`and ${linkedInScope(scope, 'dealer_customers', ref)}`;
      const vehicleVisible = sql`and ${linkedInScope(scope, 'dealer_vehicles', 'v.id')}`;
      const viaVehicle = (reason: MatchReason, condition: RawBuilder<unknown>) =>
        sql`(select p.customer_id, ${reason}::text as reason
              from vehicles v cross join lateral (values (v.owner_id), (v.user_id)) p(customer_id)
              where v.network_id = ${networkId} and ${condition} and p.customer_id is not null ${vehicleVisible}
              limit ${limit})`;

      if (plan.name) {
        parts.push(sql`(select c.id as customer_id, 'name'::text as reason from customers c
          where c.network_id = ${networkId} and c.name like ${`${escapeLike(plan.name)}%`} ${customerVisible('c.id')} limit ${limit})`);
      }
      if (plan.mobile) {
        parts.push(sql`(select c.id as customer_id, 'mobile'::text as reason from customers c
          where c.network_id = ${networkId} and c.mobile = ${plan.mobile} ${customerVisible('c.id')})`);
      }
      if (plan.mobileLast4) {
        parts.push(sql`(select c.id as customer_id, 'mobile_last4'::text as reason from customers c
          where c.network_id = ${networkId} and right(c.mobile, 4) = ${plan.mobileLast4} ${customerVisible('c.id')} limit ${limit})`);
      }
      if (plan.platePrefix) parts.push(viaVehicle('plate', sql`v.plate_key like ${`${escapeLike(plan.platePrefix)}%`}`));
      if (plan.plateFragment) parts.push(viaVehicle('plate', sql`v.plate_key like ${`%${escapeLike(plan.plateFragment)}%`}`));
      if (plan.vin) parts.push(viaVehicle('vin', sql`v.vin = ${plan.vin}`));
      if (plan.vinLast6) parts.push(viaVehicle('vin_last6', sql`right(v.vin, 6) = ${plan.vinLast6}`));
      return parts.length === 0 ? null : summaries(scope, parts, limit, today);
    },

    insert(row: Omit<CustomerRow, 'version' | 'licence_expires_on'> & { licence_expires_on?: string | null }) {
      return db
        .insertInto('customers')
        .values({ ...row, consent: JSON.stringify(row.consent) })
        .returningAll()
        .executeTakeFirstOrThrow();
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
    async linkDealer(dealerId: string, customerId: string, source: string, at: Date) {
      const result = await db
        .insertInto('dealer_customers')
        .values({ dealer_id: dealerId, customer_id: customerId, source, created_at: at })
        .onConflict((oc) => oc.columns(['dealer_id', 'customer_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
  return repository;
}

/**
 * The matches (customer_id, reason) grouped per customer, with the customer and its vehicles in the
 * scope, by name; each vehicle with the recalls and campaigns open on it today (found at lookup).
 */
function summaries(scope: Scope, parts: RawBuilder<unknown>[], limit: number, today: string) {
  return sql<SearchRow>`
    with matches as (${sql.join(parts, sql` union all `)}),
    grouped as (
      select customer_id, array_agg(distinct reason) as reasons from matches group by customer_id limit ${limit}
    )
    select c.id, c.name, c.mobile, c.city, g.reasons,
      coalesce((
        select json_agg(json_build_object('id', v.id, 'plateKey', v.plate_key, 'vin', v.vin, 'modelName', m.name,
          'openCampaigns', (select count(*) from campaign_vehicles cv join campaigns ca on ca.id = cv.campaign_id
            where cv.vehicle_id = v.id and cv.completed_at is null
              and ca.valid_from <= ${today}::date and (ca.valid_to is null or ca.valid_to >= ${today}::date))) order by v.id)
        from vehicles v left join vehicle_models m on m.id = v.model_id
        where (v.owner_id = c.id or v.user_id = c.id) and ${linkedInScope(scope, 'dealer_vehicles', 'v.id')}
      ), '[]'::json) as vehicles
    from grouped g join customers c on c.id = g.customer_id
    order by c.name, c.id`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
