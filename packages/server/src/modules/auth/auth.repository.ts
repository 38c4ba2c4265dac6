import type { Insertable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { UsersTable } from '../../platform/db.schema.js';

export function createAuthRepository(db: Database) {
  return {
    findUserByLogin(login: string) {
      return db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
    },
    findUserById(id: string) {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    recordFailedLogin(userId: string, lockedUntil: Date | null) {
      return db
        .updateTable('users')
        .set((eb) => ({
          failed_login_count: lockedUntil ? 0 : eb('failed_login_count', '+', 1),
          locked_until: lockedUntil,
        }))
        .where('id', '=', userId)
        .returning(['failed_login_count'])
        .executeTakeFirstOrThrow();
    },
    clearFailedLogins(userId: string) {
      return db.updateTable('users').set({ failed_login_count: 0, locked_until: null }).where('id', '=', userId).execute();
    },
    insertSession(row: { token_hash: string; user_id: string; csrf_token: string; expires_at: Date; ip: string | null; created_at: Date }) {
      return db.insertInto('sessions').values(row).execute();
    },
    findSession(tokenHash: string, now: Date) {
      return db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .leftJoin('dealers', 'dealers.id', 'users.dealer_id')
        .select([
          'sessions.csrf_token',
          'sessions.expires_at',
          'sessions.user_id',
          'users.network_id',
          'users.dealer_id',
          'users.roles',
          'users.display_name',
          'dealers.time_zone',
        ])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', now)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
    },
    deleteSession(tokenHash: string) {
      return db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
    deleteExpiredSessions(now: Date) {
      return db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
    },
    findApiToken(tokenHash: string) {
      return db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .leftJoin('dealers', 'dealers.id', 'users.dealer_id')
        .select([
          'api_tokens.id',
          'api_tokens.user_id',
          'users.network_id',
          'users.dealer_id',
          'users.roles',
          'users.display_name',
          'dealers.time_zone',
        ])
        .where('api_tokens.token_hash', '=', tokenHash)
        .where('api_tokens.revoked_at', 'is', null)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
    },
    insertApiToken(row: { id: string; user_id: string; name: string; token_hash: string; created_at: Date }) {
      return db.insertInto('api_tokens').values(row).execute();
    },
    insertUser(row: Insertable<UsersTable>) {
      return db.insertInto('users').values(row).execute();
    },
    sessionContext(userId: string) {
      return db
        .selectFrom('users')
        .innerJoin('networks', 'networks.id', 'users.network_id')
        .leftJoin('dealers', 'dealers.id', 'users.dealer_id')
        .select([
          'users.id',
          'users.login',
          'users.display_name',
          'users.roles',
          'users.locale',
          'networks.id as network_id',
          'networks.name as network_name',
          'dealers.id as dealer_id',
          'dealers.name as dealer_name',
          'dealers.time_zone',
        ])
        .where('users.id', '=', userId)
        .executeTakeFirstOrThrow();
    },
  };
}
