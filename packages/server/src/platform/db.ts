import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';
import pg from 'pg';
import type { DB } from './db.schema.js';

export type Database = Kysely<DB>;

export type SqlResult = { rows: any[] };

export type DatabaseHandle = {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** A streaming replica that serves report reads (DATABASE_READ_URL), closed with this handle. */
  replica?: DatabaseHandle;
  /** Raw SQL for libraries that bring their own (pg-boss); multi-statement text is allowed without values. */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>;
  close(): Promise<void>;
};

/** Raw SQL inside a Kysely transaction (or on the database): one statement with parameters. */
export async function executeSqlOn(db: Database, text: string, values: unknown[] = []): Promise<SqlResult> {
  const result = await db.executeQuery(CompiledQuery.raw(text, values));
  return { rows: result.rows as any[] };
}

// Dates stay 'YYYY-MM-DD' strings: a calendar date has no time zone and must not become a JS Date.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
pg.types.setTypeParser(DATE_OID, (v) => v);
pg.types.setTypeParser(INT8_OID, (v) => Number(v));
pg.types.setTypeParser(NUMERIC_OID, (v) => Number(v));

/** The application_name of ServiceBay's own connections: `servicebay restore` refuses while one is open. */
export const POSTGRES_APPLICATION_NAME = 'servicebay';

export async function openPostgres(
  url: string,
  options: {
    max?: number;
    onIdleError?: (error: Error) => void;
    /** Give up connecting after this long (a replica that is down must not hold a report up). */
    connectionTimeoutMillis?: number;
    /** Run `select 1` before returning (the default); a replica may be down at start and come up later. */
    verify?: boolean;
  } = {},
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    application_name: POSTGRES_APPLICATION_NAME,
    ...(options.connectionTimeoutMillis ? { connectionTimeoutMillis: options.connectionTimeoutMillis } : {}),
  });
  // An idle connection that the server drops (restart, failover) is replaced on next use; without a
  // listener, pg would turn it into an uncaught exception and stop the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  if (options.verify !== false) await db.executeQuery(CompiledQuery.raw('select 1'));
  return {
    db,
    kind: 'postgres',
    executeSql: async (text, values) => ({ rows: (await pool.query(text, values as unknown[] | undefined)).rows }),
    close: () => db.destroy(),
  };
}

/**
 * Kysely sends every statement unnamed, so PostgreSQL plans it again on each call. Naming a
 * parameterised statement after its text makes each connection prepare it once and reuse the plan
 * (the text of a Kysely query depends only on its shape, so the set of names stays small).
 */
function preparingPool(pool: pg.Pool): pg.Pool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `sb_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      if (names.size < 5000) names.set(text, name);
    }
    return name;
  };
  const wrap = (client: pg.PoolClient): pg.PoolClient =>
    new Proxy(client, {
      get(target, property, receiver) {
        if (property === 'query') {
          return (text: unknown, values?: unknown[], ...rest: unknown[]) =>
            typeof text === 'string' && Array.isArray(values) && values.length > 0
              ? target.query({ name: nameOf(text), text, values })
              : (target.query as (...args: unknown[]) => unknown)(text, values, ...rest);
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'connect') return async () => wrap(await target.connect());
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * PGlite in a data directory (or in memory when dataDir is undefined). PGlite is one connection,
 * so the driver hands it out to one caller at a time: a transaction can never interleave with
 * another request's statements.
 */
export async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const releaseLock = dataDir ? lockDataDir(dataDir) : () => {};
  try {
    const pglite = await PGlite.create({
      dataDir: dataDir ? pgliteDataPath(dataDir) : undefined,
      extensions: PGLITE_EXTENSIONS,
      parsers: {
        [pgliteTypes.DATE]: (v: string) => v,
        [pgliteTypes.INT8]: (v: string) => Number(v),
        [pgliteTypes.NUMERIC]: (v: string) => Number(v),
      },
    });
    const dialect = new PgliteDialect(pglite);
    const db = new Kysely<DB>({ dialect });
    return {
      db,
      kind: 'pglite',
      executeSql: async (text, values) => {
        if (values && values.length > 0) return executeSqlOn(db, text, values);
        // PGlite's extended protocol takes one statement; exec runs a script, under the same lock.
        return db.connection().execute(async () => {
          const results = await pglite.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        });
      },
      close: async () => {
        await db.destroy();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** The extensions ServiceBay's schema uses; PGlite loads them when it opens a database. */
export const PGLITE_EXTENSIONS = { pg_trgm, btree_gist, citext };

/** Where PGlite keeps its cluster inside a ServiceBay data directory (beside the lock and the files). */
export const pgliteDataPath = (dataDir: string) => path.join(dataDir, 'pgdata');

export class DataDirLockedError extends Error {
  /** The process that holds the directory, when it is known. */
  constructor(
    message: string,
    readonly holder?: number,
  ) {
    super(message);
  }
}

/**
 * Takes the data directory for this process (creating it), or throws DataDirLockedError while a live
 * ServiceBay process holds it. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  return takeDataDirLock(dataDir);
}

/** PGlite does not guard its directory; a second process on it would corrupt the data. */
function takeDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'servicebay.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(
          `The data directory ${path.resolve(dataDir)} is in use by another ServiceBay process (pid ${holder}). ` +
            `Stop that process first, or set SERVICEBAY_DATA_DIR to another directory.`,
          holder,
        );
      }
      fs.rmSync(lockPath, { force: true }); // left behind by a process that died
    }
  }
  throw new DataDirLockedError(`Could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

class PgliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PgliteDriver(this.pglite);
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PgliteDriver implements Driver {
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;
  private readonly connection: PgliteConnection;

  constructor(private readonly pglite: PGlite) {
    this.connection = new PgliteConnection(pglite);
  }
  async init() {
    await this.pglite.waitReady;
    await this.pglite.exec(
      'create extension if not exists citext; create extension if not exists pg_trgm; create extension if not exists btree_gist;',
    );
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.release = release;
    return this.connection;
  }
  async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection() {
    const release = this.release;
    this.release = null;
    release?.();
  }
  async destroy() {
    if (!this.pglite.closed) await this.pglite.close();
  }
}

class PgliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(compiled.sql, compiled.parameters as unknown[]);
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
    };
  }
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on PGlite');
  }
}
