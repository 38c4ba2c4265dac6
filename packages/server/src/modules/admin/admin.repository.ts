import { type Insertable, type RawBuilder, sql, type Updateable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { DealersTable, UsersTable } from '../../platform/db.schema.js';
import type { Scope } from '../../platform/scope.js';

/** Whose staff a list shows: one dealer's, or the car maker's own users (who belong to no dealer). */
export type StaffScope = { kind: 'dealer_staff'; networkId: string; dealerId: string } | { kind: 'car_maker_staff'; networkId: string };

const staffOf = (scope: StaffScope): RawBuilder<boolean> =>
  scope.kind === 'dealer_staff'
    ? sql<boolean>`u.network_id = ${scope.networkId} and u.dealer_id = ${scope.dealerId}`
    : sql<boolean>`u.network_id = ${scope.networkId} and u.dealer_id is null`;

/** Whose users an admin may open: a dealer admin their dealer's, the car maker's admin anyone's in the network. */
const reachable = (scope: Scope): RawBuilder<boolean> =>
  scope.kind === 'dealer'
    ? sql<boolean>`u.network_id = ${scope.networkId} and u.dealer_id = ${scope.dealerId}`
    : sql<boolean>`u.network_id = ${scope.networkId}`;

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
        .where(staffOf(scope))
        .$if(!includeDisabled, (q) => q.where('u.disabled_at', 'is', null))
        .orderBy('u.login')
        .limit(1000)
        .execute();
    },

    findUser(scope: Scope, id: string, lock = false) {
      return users()
        .where(reachable(scope))
        .where('u.id', '=', id)
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
        .where(staffOf(scope))
        .orderBy('t.created_at', 'desc')
        .limit(500)
        .execute();
    },

    findToken(scope: StaffScope, id: string) {
      return db
        .selectFrom('api_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .select(['t.id', 't.name', 't.created_at', 't.last_used_at', 't.revoked_at', 'u.id as user_id', 'u.login', 'u.display_name'])
        .where(staffOf(scope))
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
