import type { Dealer } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import type { Database } from '../../platform/db.js';
import { createDealersRepository } from '../../platform/dealers.repository.js';
import { scopeOf } from '../../platform/scope.js';
import { presentDealer } from './network.presenter.js';

export function createNetworkService({ db }: { db: Database }) {
  /** Car-maker staff see every dealer of the network; dealer staff only their own. */
  async function listDealers(actor: Actor): Promise<Dealer[]> {
    authorize(actor, 'network.read');
    const rows = await createDealersRepository(db).list(scopeOf(actor));
    return rows.map(presentDealer);
  }
  return { listDealers };
}
