import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';
import { createTtlCache, type TtlCache } from './ttl-cache.js';

export const SESSION_COOKIE = 'sb_session';
/** Every API token starts with it, so a Bearer value that cannot be one is refused without a lookup. */
export const API_TOKEN_PREFIX = 'sbt_';

/** What authentication needs from the auth module (platform never imports a module: the app passes it in). */
export type Authenticator = {
  actorFromApiToken(token: string, requestId: string): Promise<Actor | null>;
  actorFromSession(token: string, requestId: string): Promise<{ actor: Actor; csrfToken: string } | null>;
};
/**
 * The actors of recent sessions and API tokens, by the hash of the secret, tagged with the user:
 * every request of a client would otherwise read the same session row. The auth and admin modules
 * drop a user's entries when they log out, revoke a token, change roles, disable or reset a
 * password (`forget` / `invalidate`), so such a change holds at once in this process; another
 * process (a second server, the CLI) sees it within the TTL.
 */
export type ActorCache = TtlCache<{ actor: Omit<Actor, 'requestId'>; csrfToken: string | null; expiresAt: Date | null }>;

export const ACTOR_CACHE_TTL_MS = 5_000;

export function createActorCache(clock: Clock): ActorCache {
  return createTtlCache({ clock, ttlMs: ACTOR_CACHE_TTL_MS, maxEntries: 10_000 });
}

export const sessionCacheKey = (tokenHash: string) => `session:${tokenHash}`;
export const apiTokenCacheKey = (tokenHash: string) => `token:${tokenHash}`;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Resolve the actor from a Bearer API token or the session cookie. Cookie writes need the CSRF header. */
export function authenticateWith(auth: Authenticator) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply) {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      const actor = token.startsWith(API_TOKEN_PREFIX) ? await auth.actorFromApiToken(token, request.id) : null;
      if (!actor) throw new AppError('unauthenticated', { detail: 'invalid API token' });
      request.actor = actor;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    const session = cookie ? await auth.actorFromSession(cookie, request.id) : null;
    if (!session) throw new AppError('unauthenticated', { detail: 'log in first' });
    if (UNSAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('csrf_failed', { detail: 'missing or wrong X-CSRF-Token header' });
    }
    request.actor = session.actor;
  };
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}
