import crypto from 'node:crypto';
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Database, DatabaseHandle } from './db.js';
import { executeSqlOn } from './db.js';

/** A background job: an id, the schema of its data, and what it does (Documenso's shape, on pg-boss). */
export type JobDefinition<T = unknown> = {
  id: string;
  schema: z.ZodType<T>;
  run(data: T): Promise<void>;
  /** Failed runs are retried with backoff; a job that keeps failing stays in pg-boss for inspection. */
  retryLimit?: number;
};

export function defineJob<T>(definition: JobDefinition<T>): JobDefinition<T> {
  return definition;
}

export type SendOptions = {
  /** Run no earlier than this instant. */
  startAfter?: Date;
  /** One job per key and queue: sending the same key again is a no-op (the dedupe key of a reminder). */
  dedupeKey?: string;
};

export type Jobs = {
  /** Enqueue inside the caller's transaction: the job exists only if the change commits. */
  send<T>(tx: Database, definition: JobDefinition<T>, data: T, options?: SendOptions): Promise<string | null>;
  /** Start polling and running the jobs (the server by default, and `servicebay worker`). */
  work(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Every queue is created at start: creating one later, inside a use-case's transaction, would need a
 * second connection (and PGlite has one).
 */
export async function createJobs(
  handle: DatabaseHandle,
  definitions: JobDefinition<any>[],
  options: { onError?: (error: unknown) => void; pollingIntervalSeconds?: number } = {},
): Promise<Jobs> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => handle.executeSql(text, values) },
    schema: 'pgboss',
    supervise: true,
    schedule: false,
    migrate: true,
  });
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  for (const definition of definitions) await boss.createQueue(definition.id);
  const known = new Set(definitions.map((d) => d.id));

  return {
    async send(tx, definition, data, sendOptions = {}) {
      if (!known.has(definition.id)) throw new Error(`job ${definition.id} is not registered`);
      const parsed = definition.schema.parse(data);
      return boss.send(definition.id, parsed as object, {
        db: { executeSql: (text: string, values?: unknown[]) => executeSqlOn(tx, text, values ?? []) },
        ...(sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {}),
        // pg-boss inserts with ON CONFLICT (id) DO NOTHING: a deterministic id is the dedupe.
        ...(sendOptions.dedupeKey ? { id: uuidFromKey(`${definition.id}:${sendOptions.dedupeKey}`) } : {}),
        retryLimit: definition.retryLimit ?? 5,
        retryBackoff: true,
      });
    },
    async work() {
      for (const definition of definitions) {
        await boss.work(definition.id, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 5, batchSize: 10 }, async (jobs) => {
          for (const job of jobs) await definition.run(definition.schema.parse(job.data));
        });
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

function uuidFromKey(key: string): string {
  const hex = crypto.createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
