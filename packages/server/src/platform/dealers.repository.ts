import type { Database } from './db.js';
import { inScope, type Scope } from './scope.js';

/** The dealers of a network as every module names them: their card (name, time zone, phone) and the list a reader may see. */
export function createDealersRepository(db: Database) {
  return {
    /**
     * A dealer's card by id. A use-case that has an actor passes its scope, so that the dealer is one the actor may
     * read; a job or an event listener (which carries only the dealer's id) reads it without one.
     */
    profile(dealerId: string, scope?: Scope) {
      let query = db
        .selectFrom('dealers')
        .select(['id', 'network_id', 'code', 'name', 'city', 'time_zone', 'phone'])
        .where('id', '=', dealerId);
      if (scope) query = query.where(inScope(scope, 'dealers.id'));
      return query.executeTakeFirstOrThrow();
    },

    /** The network of this code, or the first one made (a database holds one network unless told otherwise). */
    network(code?: string) {
      return db
        .selectFrom('networks')
        .select('id')
        .$if(!!code, (q) => q.where('code', '=', code!))
        .orderBy('created_at')
        .executeTakeFirst();
    },

    /** A read that succeeds when the database answers (the health check). */
    async ping() {
      await db.selectFrom('networks').select('id').limit(1).execute();
    },

    /** The dealers in a scope, by code. */
    list(scope: Scope) {
      return db.selectFrom('dealers').selectAll().where(inScope(scope, 'dealers.id')).orderBy('code').execute();
    },
  };
}
