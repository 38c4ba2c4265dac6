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
  /**
   * How long a run may take before pg-boss counts it as failed and retries it (pg-boss's default is
   * 15 minutes). A job whose process died is retried at most this plus the maintenance interval later,
   * so short work (delivering a message) sets seconds here.
   */
  expireInSeconds?: number;
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

/** One job of a batch for `sendAll`; made with `jobOf`, which ties the data to its definition's type. */
export type JobToSend = { definition: JobDefinition<any>; data: unknown; options: SendOptions };

export function jobOf<T>(definition: JobDefinition<T>, data: T, options: SendOptions = {}): JobToSend {
  return { definition, data, options };
}

export type Jobs = {
  /** Enqueue inside the caller's transaction: the job exists only if the change commits. */
  send<T>(tx: Database, definition: JobDefinition<T>, data: T, options?: SendOptions): Promise<string | null>;
  /** Several jobs in one statement, inside the caller's transaction; a job whose dedupe key was sent before is skipped, as with `send`. */
  sendAll(tx: Database, jobs: JobToSend[]): Promise<void>;
};

export type JobQueue = Jobs & {
  register(...definitions: JobDefinition<any>[]): void;
  /** Opens the queue (creating every queue up front) and, with `work`, polls and runs the jobs. */
  start(
    handle: DatabaseHandle,
    options?: { work?: boolean; pollingIntervalSeconds?: number; maintenanceIntervalSeconds?: number; onError?: (error: unknown) => void },
  ): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Made before the services (which send jobs) and started after them (the jobs run services).
 * Every queue is created at start: creating one later, inside a use-case's transaction, would need a
 * second connection, and PGlite has one.
 */
/**
 * How often pg-boss's maintenance fails expired runs into a retry (its default is 2 minutes). With a
 * delivery's expiry of 30 s, a job whose worker was killed runs again within about a minute.
 */
export const MAINTENANCE_INTERVAL_SECONDS = 15;

export function createJobQueue(): JobQueue {
  const definitions = new Map<string, JobDefinition<any>>();
  let boss: PgBoss | null = null;

  function checked<T>(definition: JobDefinition<T>, data: T): object {
    if (!definitions.has(definition.id)) throw new Error(`job ${definition.id} is not registered`);
    return definition.schema.parse(data) as object;
  }

  const retryOf = (definition: JobDefinition<any>) => ({
    retryLimit: definition.retryLimit ?? 5,
    retryBackoff: true,
    ...(definition.expireInSeconds ? { expireInSeconds: definition.expireInSeconds } : {}),
  });

  return {
    register(...defs) {
      for (const d of defs) definitions.set(d.id, d);
    },

    async start(handle, options = {}) {
      boss = new PgBoss({
        db: { executeSql: (text: string, values?: unknown[]) => handle.executeSql(text, values) },
        schema: 'pgboss',
        supervise: options.work !== false,
        schedule: false,
        migrate: true,
        maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? MAINTENANCE_INTERVAL_SECONDS,
      });
      boss.on('error', (error) => options.onError?.(error));
      await boss.start();
      for (const id of definitions.keys()) await boss.createQueue(id);
      if (options.work === false) return;
      for (const definition of definitions.values()) {
        const running = boss;
        await boss.work(definition.id, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 5, batchSize: 10 }, async (jobs) => {
          // Each job of the batch succeeds or fails on its own: a failed one is retried, the others
          // complete (pg-boss completes only the jobs still active when the handler returns).
          for (const job of jobs) {
            try {
              await definition.run(definition.schema.parse(job.data));
            } catch (error) {
              await running.fail(definition.id, job.id, { message: String(error).slice(0, 500) });
            }
          }
        });
      }
    },

    async send(tx, definition, data, sendOptions = {}) {
      if (!boss) throw new Error('the job queue is not started');
      return boss.send(definition.id, checked(definition, data), {
        db: { executeSql: (text: string, values?: unknown[]) => executeSqlOn(tx, text, values ?? []) },
        ...(sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {}),
        // pg-boss inserts with ON CONFLICT (id) DO NOTHING: a deterministic id is the dedupe.
        ...(sendOptions.dedupeKey ? { id: uuidFromKey(`${definition.id}:${sendOptions.dedupeKey}`) } : {}),
        ...retryOf(definition),
      });
    },

    async sendAll(tx, jobs) {
      if (!boss) throw new Error('the job queue is not started');
      if (jobs.length === 0) return;
      await boss.insert(
        jobs.map(({ definition, data, options }) => ({
          name: definition.id,
          data: checked(definition, data),
          ...(options.startAfter ? { startAfter: options.startAfter } : {}),
          // The same deterministic id as `send`: pg-boss's batch insert also skips a conflicting id.
          ...(options.dedupeKey ? { id: uuidFromKey(`${definition.id}:${options.dedupeKey}`) } : {}),
          ...retryOf(definition),
        })),
        { db: { executeSql: (text: string, values?: unknown[]) => executeSqlOn(tx, text, values ?? []) } },
      );
    },

    async stop() {
      await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
      boss = null;
    },
  };
}

function uuidFromKey(key: string): string {
  const hex = crypto.createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
