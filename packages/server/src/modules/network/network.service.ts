import type { Dealer } from '@servicebay/contracts';
import type { Selectable } from 'kysely';
import { type Actor, authorize } from '../../platform/actor.js';
import type { Database } from '../../platform/db.js';
import type { DealersTable } from '../../platform/db.schema.js';

export function createNetworkService({ db }: { db: Database }) {
  /** Car-maker staff see every dealer of the network; dealer staff only their own. */
  async function listDealers(actor: Actor): Promise<Dealer[]> {
    authorize(actor, 'network.read');
    let query = db.selectFrom('dealers').selectAll().where('network_id', '=', actor.networkId).orderBy('code');
    if (actor.dealerId) query = query.where('id', '=', actor.dealerId);
    const rows = await query.execute();
    return rows.map(presentDealer);
  }
  return { listDealers };
}

export function presentDealer(d: Selectable<DealersTable>): Dealer {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    grade: d.grade as Dealer['grade'],
    city: d.city,
    region: d.region,
    timeZone: d.time_zone,
    openingHours: { opensAt: d.opens_at.slice(0, 5), closesAt: d.closes_at.slice(0, 5) },
  };
}
