import type { Role, SessionUser } from '@servicebay/contracts';
import type { Actor } from '../../platform/actor.js';
import { actorOfUser } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { type ActorCache, API_TOKEN_PREFIX, apiTokenCacheKey, createActorCache, sessionCacheKey } from '../../platform/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { DUMMY_HASH, randomToken, sha256, verifyPassword } from '../../platform/passwords.js';
import { permissionsOf } from '../../platform/rbac.js';
import { inTransaction } from '../../platform/transaction.js';
import { createAuthRepository } from './auth.repository.js';

export type AuthSettings = { sessionTtlHours: number; loginMaxFailures: number; loginLockMinutes: number };

/** `actors` is the process's cache, shared with the admin service that invalidates it; alone (bench, CLI) the service has its own. */
const userOf = (row: {
  user_id: string;
  network_id: string;
  dealer_id: string | null;
  roles: string[];
  time_zone: string | null;
  display_name: string;
}) => ({
  userId: row.user_id,
  displayName: row.display_name,
  networkId: row.network_id,
  dealerId: row.dealer_id,
  roles: row.roles,
  timeZone: row.time_zone,
});

export function createAuthService(deps: { db: Database; clock: Clock; settings: AuthSettings; actors?: ActorCache }) {
  const { db, clock, settings } = deps;
  const actors = deps.actors ?? createActorCache(clock);
  const repo = createAuthRepository(db);

  /** `from.ip` is kept with the session: surveys answered from where staff log in are flagged. */
  async function login(input: { login: string; password: string }, from: { ip?: string } = {}) {
    const now = clock.now();
    const user = await repo.findUserByLogin(input.login);
    if (user?.locked_until && user.locked_until > now) {
      throw new AppError('account_locked', {
        detail: 'too many failed attempts; try again later',
        extra: {
          lockedUntil: user.locked_until.toISOString(),
          retryAfterSeconds: Math.max(1, Math.ceil((user.locked_until.getTime() - now.getTime()) / 1000)),
        },
      });
    }
    const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled_at) {
      if (user && !ok) {
        const willLock = user.failed_login_count + 1 >= settings.loginMaxFailures;
        await repo.recordFailedLogin(user.id, willLock ? new Date(now.getTime() + settings.loginLockMinutes * 60_000) : null);
      }
      throw new AppError('invalid_credentials', { detail: 'login or password is wrong' });
    }
    if (user.failed_login_count > 0 || user.locked_until) await repo.clearFailedLogins(user.id);
    const token = randomToken();
    const csrfToken = randomToken(24);
    await repo.insertSession({
      token_hash: sha256(token),
      user_id: user.id,
      csrf_token: csrfToken,
      expires_at: new Date(now.getTime() + settings.sessionTtlHours * 3_600_000),
      ip: from.ip ?? null,
      created_at: now,
    });
    return { token, csrfToken, user: await sessionUser(user.id), maxAgeSeconds: settings.sessionTtlHours * 3600 };
  }

  async function sessionUser(userId: string): Promise<SessionUser> {
    const row = await repo.sessionContext(userId);
    const roles = row.roles as Role[];
    return {
      id: row.id,
      login: row.login,
      displayName: row.display_name,
      roles,
      permissions: permissionsOf(roles),
      dealer: row.dealer_id ? { id: row.dealer_id, name: row.dealer_name!, timeZone: row.time_zone! } : null,
      network: { id: row.network_id, name: row.network_name },
      locale: row.locale === 'en' ? 'en' : 'zh-CN',
    };
  }

  /** The actor behind a session cookie, with its CSRF token; null when the session is unknown or expired. */
  async function actorFromSession(token: string, requestId: string) {
    const tokenHash = sha256(token);
    const cached = await actors.get(
      sessionCacheKey(tokenHash),
      async () => {
        const row = await repo.findSession(tokenHash, clock.now());
        if (!row) return null;
        return { actor: actorOfUser(userOf(row), null, null), csrfToken: row.csrf_token, expiresAt: row.expires_at };
      },
      (v) => ({ tag: v.actor.userId, until: v.expiresAt ?? undefined }),
    );
    if (!cached) return null;
    const actor: Actor = { ...cached.actor, requestId };
    return { actor, csrfToken: cached.csrfToken ?? '' };
  }

  async function actorFromApiToken(token: string, requestId: string): Promise<Actor | null> {
    const tokenHash = sha256(token);
    const cached = await actors.get(
      apiTokenCacheKey(tokenHash),
      async () => {
        const row = await repo.findApiToken(tokenHash);
        if (!row) return null;
        return { actor: actorOfUser(userOf(row), row.id, null), csrfToken: null, expiresAt: null };
      },
      (v) => ({ tag: v.actor.userId }),
    );
    return cached ? { ...cached.actor, requestId } : null;
  }

  async function logout(token: string) {
    const tokenHash = sha256(token);
    await repo.deleteSession(tokenHash);
    actors.forget(sessionCacheKey(tokenHash));
  }

  /** An API token acts as the user who made it; the secret is shown once. */
  async function createApiToken(actor: Actor, name: string) {
    const secret = API_TOKEN_PREFIX + randomToken();
    const id = newId();
    await inTransaction(db, async (tx) => {
      await createAuthRepository(tx).insertApiToken({
        id,
        user_id: actor.userId,
        name,
        token_hash: sha256(secret),
        created_at: clock.now(),
      });
      await recordAudit(tx, actor, { action: 'api_token.created', entityType: 'api_token', entityId: id, after: { name } }, clock.now());
    });
    return { id, name, token: secret };
  }

  return { login, logout, sessionUser, actorFromSession, actorFromApiToken, createApiToken };
}

export type AuthService = ReturnType<typeof createAuthService>;

export { addUser, type NewUser } from './add-user.js';
