import type { Dealer } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import type { Database } from '../../platform/db.js';
import { inScope, scopeOf } from '../../platform/scope.js';
import { presentDealer } from './network.presenter.js';

export function createNetworkService({ db }: { db: Database }) {
  /** Car-maker staff see every dealer of the network; dealer staff only their own. */
  async function listDealers(actor: Actor): Promise<Dealer[]> {
    authorize(actor, 'network.read');
    const rows = await db
      .selectFrom('dealers')
      .selectAll()
      .where(inScope(scopeOf(actor), 'dealers.id'))
      .orderBy('code')
      .execute();
    return rows.map(presentDealer);
  }
  return { listDealers };
}
