import type { Clock } from './clock.js';
import type { Database, DatabaseHandle } from './db.js';

/**
 * Report reads (dashboards, KPIs, the cockpit, exports) on a PostgreSQL streaming replica
 * (DATABASE_READ_URL), with read-your-writes: after a person's write, their report reads stay on the
 * primary until the replica has replayed the primary's WAL up to where it was after that write.
 */
export type ReadRouter = {
  /** Whether a replica is configured at all. */
  readonly replicated: boolean;
  /** The database a report read of this person goes to: the replica when it is safe, else the primary. */
  forReport(person: { userId: string }): Promise<Database>;
  /** Remembers the primary's WAL position after a write of this person (call once the write committed). */
  wrote(person: { userId: string }): Promise<void>;
};

export type ReadTarget = 'replica' | 'primary';

/** How far (in WAL bytes) the replica may trail the primary and still serve reports by default. */
export const DEFAULT_MAX_LAG_BYTES = 16 * 1024 * 1024;

/** A WAL position ('16/B374D848') as a number; null for a missing or malformed one. */
export function lsnValue(lsn: string | null | undefined): bigint | null {
  const match = lsn ? /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn) : null;
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/**
 * Where one report read goes. The replica only when it answered with the position it has replayed,
 * trails the primary by at most `maxLagBytes` (when the primary's position is known), and has
 * replayed this person's last write (when they made one). Anything unknown sends the read to the primary.
 */
export function chooseReadTarget(input: {
  replayLsn: string | null;
  primaryLsn: string | null;
  personLsn: string | null;
  maxLagBytes: number;
}): ReadTarget {
  const replayed = lsnValue(input.replayLsn);
  if (replayed === null) return 'primary';
  const primary = lsnValue(input.primaryLsn);
  if (primary !== null && primary - replayed > BigInt(input.maxLagBytes)) return 'primary';
  if (input.personLsn !== null) {
    const wrote = lsnValue(input.personLsn);
    if (wrote === null || replayed < wrote) return 'primary';
  }
  return 'replica';
}

/** Without a replica every read is the primary's. */
export function primaryReads(db: Database): ReadRouter {
  return { replicated: false, forReport: async () => db, wrote: async () => {} };
}

/** How many people's last write positions one process keeps (the oldest goes first). */
const MAX_PEOPLE = 10_000;
/** After the replica failed to answer, reports stay on the primary this long before it is tried again. */
const RETRY_AFTER_MS = 5_000;

export function createReadRouter(options: {
  primary: DatabaseHandle;
  replica: DatabaseHandle;
  clock: Clock;
  maxLagBytes?: number;
  onReplicaError?: (error: unknown) => void;
  /** Told where each report read went (tests count them). */
  onRoute?: (target: ReadTarget) => void;
}): ReadRouter {
  const { primary, replica, clock } = options;
  const maxLagBytes = options.maxLagBytes ?? DEFAULT_MAX_LAG_BYTES;
  const lastWrite = new Map<string, string>();
  let replicaDownUntil = 0;

  const position = async (handle: DatabaseHandle, query: string) => (await handle.executeSql(query)).rows[0]?.lsn ?? null;

  async function replayLsn(): Promise<string | null> {
    if (clock.now().getTime() < replicaDownUntil) return null;
    try {
      return await position(replica, 'select pg_last_wal_replay_lsn()::text as lsn');
    } catch (error) {
      replicaDownUntil = clock.now().getTime() + RETRY_AFTER_MS;
      options.onReplicaError?.(error);
      return null;
    }
  }

  return {
    replicated: true,

    async forReport(person) {
      const personLsn = lastWrite.get(person.userId) ?? null;
      const [replayed, current] = await Promise.all([
        replayLsn(),
        position(primary, 'select pg_current_wal_lsn()::text as lsn').catch(() => null),
      ]);
      const target = chooseReadTarget({ replayLsn: replayed, primaryLsn: current, personLsn, maxLagBytes });
      // Once the replica has caught up with a person's write it stays caught up: the entry is done.
      if (target === 'replica' && personLsn !== null) lastWrite.delete(person.userId);
      options.onRoute?.(target);
      return target === 'replica' ? replica.db : primary.db;
    },

    async wrote(person) {
      const lsn = await position(primary, 'select pg_current_wal_lsn()::text as lsn');
      if (!lsn) return;
      lastWrite.delete(person.userId);
      lastWrite.set(person.userId, lsn);
      if (lastWrite.size > MAX_PEOPLE) lastWrite.delete(lastWrite.keys().next().value!);
    },
  };
}

/**
 * For a read in a process of its own (the command line's exports), which knows nobody's last write:
 * the replica once it has replayed everything the primary had when asked (so the export holds every
 * change made before it started), polled `attempts` times `intervalMs` apart; otherwise the primary.
 */
export async function caughtUpReads(handle: DatabaseHandle, options: { attempts?: number; intervalMs?: number } = {}): Promise<Database> {
  const replica = handle.replica;
  if (!replica) return handle.db;
  const lsnOf = async (on: DatabaseHandle, query: string): Promise<string | null> => {
    try {
      return (await on.executeSql(query)).rows[0]?.lsn ?? null;
    } catch {
      return null;
    }
  };
  const target = await lsnOf(handle, 'select pg_current_wal_lsn()::text as lsn');
  if (target === null) return handle.db;
  const attempts = options.attempts ?? 20;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const replayLsn = await lsnOf(replica, 'select pg_last_wal_replay_lsn()::text as lsn');
    if (replayLsn === null) return handle.db;
    const where = chooseReadTarget({ replayLsn, primaryLsn: null, personLsn: target, maxLagBytes: DEFAULT_MAX_LAG_BYTES });
    if (where === 'replica') return replica.db;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
  return handle.db;
}
