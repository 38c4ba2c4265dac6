import type { FastifyRequest } from 'fastify';
import { actorOf } from './authenticate.js';
import type { Database } from './db.js';
import { AppError } from './errors.js';
import { sha256 } from './passwords.js';

/**
 * Runs a POST's use-case in one transaction that also claims the Idempotency-Key. A retry with the
 * same key gets the first response back; a concurrent retry waits on the key's row lock (PostgreSQL)
 * or on the single connection (PGlite) and then gets the same. A failed attempt rolls back the key.
 */
export async function runIdempotent<T>(
  db: Database,
  request: FastifyRequest,
  successStatus: number,
  now: Date,
  run: (tx: Database) => Promise<T>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') {
    return { status: successStatus, body: await db.transaction().execute(run), replayed: false };
  }
  if (key.length > 200) throw AppError.field('validation_failed', 'Idempotency-Key', 'too_long', 'at most 200 characters');
  const actor = actorOf(request);
  const requestHash = sha256(JSON.stringify([request.method, request.routeOptions.url, request.params, request.body]));
  return db.transaction().execute(async (tx) => {
    const claimed = await tx
      .insertInto('idempotency_keys')
      .values({ user_id: actor.userId, key, request_hash: requestHash, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const prior = await tx
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('user_id', '=', actor.userId)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      if (prior.request_hash !== requestHash) {
        throw AppError.field('idempotency_key_reused', 'Idempotency-Key', 'reused', 'this key was used for a different request');
      }
      if (prior.response_status === null)
        throw new AppError('idempotency_in_progress', { detail: 'the first request with this key is still running' });
      return { status: prior.response_status, body: prior.response_body as T, replayed: true };
    }
    const body = await run(tx);
    await tx
      .updateTable('idempotency_keys')
      .set({ response_status: successStatus, response_body: JSON.stringify(body) })
      .where('user_id', '=', actor.userId)
      .where('key', '=', key)
      .execute();
    return { status: successStatus, body, replayed: false };
  });
}
