import type { Insertable, Updateable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { DealersTable, UsersTable } from '../../platform/db.schema.js';

/** Whose staff an admin reaches: one dealer's, or (dealerId null) the car maker's own users. */
export type StaffScope = { networkId: string; dealerId: string | null };

const USER_COLUMNS = [
  'u.id',
  'u.login',
  'u.display_name',
  'u.roles',
  'u.dealer_id',
  'u.disabled_at',
  'u.locked_until',
  'u.created_at',
  'u.updated_at',
  'd.code as dealer_code',
  'd.name as dealer_name',
] as const;

export function createAdminRepository(db: Database) {
  const users = () => db.selectFrom('users as u').leftJoin('dealers as d', 'd.id', 'u.dealer_id').select(USER_COLUMNS);

  return {
    listUsers(scope: StaffScope, includeDisabled: boolean) {
      return users()
        .where('u.network_id', '=', scope.networkId)
        .where((eb) => (scope.dealerId ? eb('u.dealer_id', '=', scope.dealerId) : eb('u.dealer_id', 'is', null)))
        .$if(!includeDisabled, (q) => q.where('u.disabled_at', 'is', null))
        .orderBy('u.login')
        .limit(1000)
        .execute();
    },

    /** A user of the network; `dealerId` set: only that dealer's. */
    findUser(networkId: string, dealerId: string | null, id: string, lock = false) {
      return users()
        .where('u.network_id', '=', networkId)
        .where('u.id', '=', id)
        .$if(dealerId !== null, (q) => q.where('u.dealer_id', '=', dealerId!))
        .$if(lock, (q) => q.forUpdate('u'))
        .executeTakeFirst();
    },

    updateUser(id: string, changes: Updateable<UsersTable>) {
      return db.updateTable('users').set(changes).where('id', '=', id).execute();
    },

    deleteSessionsOf(userId: string) {
      return db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    findDealer(networkId: string, id: string) {
      return db.selectFrom('dealers').selectAll().where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
    },

    findDealerByCode(networkId: string, code: string) {
      return db.selectFrom('dealers').select('id').where('network_id', '=', networkId).where('code', '=', code).executeTakeFirst();
    },

    insertDealer(row: Insertable<DealersTable>) {
      return db.insertInto('dealers').values(row).execute();
    },

    updateDealer(networkId: string, id: string, changes: Updateable<DealersTable>) {
      return db.updateTable('dealers').set(changes).where('network_id', '=', networkId).where('id', '=', id).execute();
    },

    listTokens(scope: StaffScope) {
      return db
        .selectFrom('api_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .select(['t.id', 't.name', 't.created_at', 't.last_used_at', 't.revoked_at', 'u.id as user_id', 'u.login', 'u.display_name'])
        .where('u.network_id', '=', scope.networkId)
        .where((eb) => (scope.dealerId ? eb('u.dealer_id', '=', scope.dealerId) : eb('u.dealer_id', 'is', null)))
        .orderBy('t.created_at', 'desc')
        .limit(500)
        .execute();
    },

    findToken(scope: StaffScope, id: string) {
      return db
        .selectFrom('api_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .select(['t.id', 't.name', 't.created_at', 't.last_used_at', 't.revoked_at', 'u.id as user_id', 'u.login', 'u.display_name'])
        .where('u.network_id', '=', scope.networkId)
        .where((eb) => (scope.dealerId ? eb('u.dealer_id', '=', scope.dealerId) : eb('u.dealer_id', 'is', null)))
        .where('t.id', '=', id)
        .executeTakeFirst();
    },

    revokeToken(id: string, at: Date) {
      return db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    },
  };
}

export type StaffUserRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createAdminRepository>['findUser']>>>;
export type ApiTokenRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createAdminRepository>['findToken']>>>;
