import type { CampaignRule } from '@servicebay/contracts';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { CampaignsTable } from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

export type CampaignRow = Selectable<CampaignsTable>;

export function createCampaignsRepository(db: Database) {
  /** Affected cars, done cars: over the whole campaign, or the cars of the scope's dealers. */
  const counted = (scope: Scope | null) =>
    db
      .selectFrom('campaign_vehicles as cv')
      .select([
        'cv.campaign_id',
        sql<number>`count(*)::int`.as('vehicles'),
        sql<number>`(count(*) filter (where cv.completed_at is not null))::int`.as('completed'),
      ])
      .$if(scope !== null, (q) => q.where(inScope(scope!, 'cv.dealer_id')))
      .groupBy('cv.campaign_id');

  return {
    findByCode(networkId: string, code: string) {
      return db.selectFrom('campaigns').select('id').where('network_id', '=', networkId).where('code', '=', code).executeTakeFirst();
    },

    /** The network's vehicles of these VINs (normalised), id and VIN. */
    vehiclesByVin(networkId: string, vins: string[]) {
      if (vins.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('vehicles')
        .select(['id', 'vin'])
        .where('network_id', '=', networkId)
        .where('vin', '=', sql<string>`any(${sql.val(vins)}::text[])`)
        .execute();
    },

    insert(row: Insertable<CampaignsTable>) {
      return db.insertInto('campaigns').values(row).execute();
    },

    /**
     * The affected cars, each with the dealer that serves it (its latest link), in one statement:
     * from a list of vehicle ids or from the rule. Returns the dealers that got cars.
     */
    async insertVehicles(networkId: string, campaignId: string, target: { vehicleIds: string[] } | { rule: CampaignRule }) {
      const cars =
        'vehicleIds' in target
          ? sql`select v.id from vehicles v where v.network_id = ${networkId} and v.id = any(${sql.val(target.vehicleIds)}::uuid[])`
          : sql`select v.id from vehicles v where v.network_id = ${networkId} and v.model_id = ${target.rule.modelId}
              ${target.rule.modelYearFrom ? sql`and v.model_year >= ${target.rule.modelYearFrom}` : sql``}
              ${target.rule.modelYearTo ? sql`and v.model_year <= ${target.rule.modelYearTo}` : sql``}
              ${target.rule.serialFrom ? sql`and right(v.vin, 6) >= ${target.rule.serialFrom}` : sql``}
              ${target.rule.serialTo ? sql`and right(v.vin, 6) <= ${target.rule.serialTo}` : sql``}`;
      const rows = await sql<{ dealer_id: string | null }>`
        insert into campaign_vehicles (campaign_id, vehicle_id, dealer_id)
        select ${campaignId}, c.id,
          (select dv.dealer_id from dealer_vehicles dv where dv.vehicle_id = c.id order by dv.created_at desc, dv.dealer_id limit 1)
        from (${cars}) c
        returning dealer_id`.execute(db);
      return rows.rows;
    },

    /** Campaigns with their counts: the network's all; a dealer's, those naming a car it serves. */
    list(scope: Scope) {
      return db
        .selectFrom('campaigns as c')
        .innerJoin(counted(scope).as('n'), 'n.campaign_id', 'c.id')
        .selectAll('c')
        .select(['n.vehicles', 'n.completed'])
        .where('c.network_id', '=', scope.networkId)
        .orderBy('c.valid_from', 'desc')
        .orderBy('c.code')
        .execute();
    },

    find(scope: Scope, id: string) {
      return db
        .selectFrom('campaigns as c')
        .innerJoin(counted(scope).as('n'), 'n.campaign_id', 'c.id')
        .selectAll('c')
        .select(['n.vehicles', 'n.completed'])
        .where('c.network_id', '=', scope.networkId)
        .where('c.id', '=', id)
        .executeTakeFirst();
    },

    byDealer(scope: Scope, campaignId: string) {
      return db
        .selectFrom('campaign_vehicles as cv')
        .innerJoin('dealers as d', 'd.id', 'cv.dealer_id')
        .select(['d.id', 'd.code', 'd.name', 'd.region'])
        .select([
          sql<number>`count(*)::int`.as('vehicles'),
          sql<number>`(count(*) filter (where cv.completed_at is not null))::int`.as('completed'),
        ])
        .where('cv.campaign_id', '=', campaignId)
        .where(inScope(scope, 'cv.dealer_id'))
        .groupBy(['d.id', 'd.code', 'd.name', 'd.region'])
        .orderBy('d.code')
        .execute();
    },

    /** Cars completed per week (Monday, in the reader's time zone), in the scope. */
    completedByWeek(scope: Scope, campaignId: string, timeZone: string) {
      return db
        .selectFrom('campaign_vehicles as cv')
        .select([
          sql<string>`to_char(date_trunc('week', cv.completed_at at time zone ${timeZone}), 'YYYY-MM-DD')`.as('week_of'),
          sql<number>`count(*)::int`.as('completed'),
        ])
        .where('cv.campaign_id', '=', campaignId)
        .where('cv.completed_at', 'is not', null)
        .where(inScope(scope, 'cv.dealer_id'))
        .groupBy(sql`1`)
        .orderBy(sql`1`)
        .execute();
    },

    openVehicles(scope: Scope, campaignId: string, limit: number) {
      return db
        .selectFrom('campaign_vehicles as cv')
        .innerJoin('vehicles as v', 'v.id', 'cv.vehicle_id')
        .select(['v.id as vehicle_id', 'v.vin', 'v.plate_key', 'cv.dealer_id'])
        .where('cv.campaign_id', '=', campaignId)
        .where('cv.completed_at', 'is', null)
        .where(inScope(scope, 'cv.dealer_id'))
        .orderBy('v.vin')
        .limit(limit)
        .execute();
    },

    /** Every campaign naming a car, with where it was done. */
    ofVehicle(vehicleId: string) {
      return db
        .selectFrom('campaign_vehicles as cv')
        .innerJoin('campaigns as c', 'c.id', 'cv.campaign_id')
        .leftJoin('dealers as d', 'd.id', 'cv.completed_dealer_id')
        .select([
          'c.id',
          'c.code',
          'c.kind',
          'c.title',
          'c.labour_hours',
          'c.valid_from',
          'c.valid_to',
          'cv.completed_at',
          'd.id as dealer_id',
          'd.name as dealer_name',
        ])
        .where('cv.vehicle_id', '=', vehicleId)
        .orderBy('c.valid_from', 'desc')
        .execute();
    },

    findForVehicle(networkId: string, campaignId: string, vehicleId: string) {
      return db
        .selectFrom('campaigns as c')
        .innerJoin('campaign_vehicles as cv', 'cv.campaign_id', 'c.id')
        .selectAll('c')
        .select(['cv.completed_at', 'cv.completed_dealer_id'])
        .where('c.network_id', '=', networkId)
        .where('c.id', '=', campaignId)
        .where('cv.vehicle_id', '=', vehicleId)
        .executeTakeFirst();
    },

    /** Done once, anywhere in the network: the first order to record the work wins. */
    complete(campaignId: string, vehicleId: string, done: { dealerId: string; orderId: string; claimId: string; at: Date }) {
      return db
        .updateTable('campaign_vehicles')
        .set({ completed_at: done.at, completed_dealer_id: done.dealerId, completed_order_id: done.orderId, claim_id: done.claimId })
        .where('campaign_id', '=', campaignId)
        .where('vehicle_id', '=', vehicleId)
        .where('completed_at', 'is', null)
        .returning('vehicle_id')
        .executeTakeFirst();
    },
  };
}
