// `servicebay backup --out FILE` and `servicebay restore --from FILE [--force]`.
//
// PGlite: the data directory is locked for the duration (so no server can start on it meanwhile),
// opened, checkpointed and dumped with PGlite's own dumpDataDir; a restore loads the archive into a
// fresh directory beside the current one and swaps them. PostgreSQL: pg_dump's custom format and
// pg_restore, the password passed in the environment.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Config, ConfigError } from '../config.js';
import { DataDirLockedError, lockDataDir, PGLITE_EXTENSIONS, POSTGRES_APPLICATION_NAME, pgliteDataPath } from './db.js';

const USAGE = 'usage: servicebay backup --out FILE | servicebay restore --from FILE [--force]';

/** A refusal or failure the operator can act on; the command prints its message alone (main.ts knows it by name). */
export class BackupError extends Error {
  override name = 'BackupError';
}

export type ArchiveKind = 'pglite' | 'pg_dump';

/** Finds an executable by name (a path), or null when it is not installed. */
export type FindTool = (name: string) => string | null;

export type BackupOptions = {
  /** How pg_dump and pg_restore are found; the PATH of this process by default. */
  findTool?: FindTool;
  /** Where progress lines go; stdout by default. */
  log?: (line: string) => void;
};

type DatabaseConfig = Pick<Config, 'databaseUrl' | 'dataDir'>;

export async function runBackupCommand(
  config: DatabaseConfig,
  command: string,
  args: string[],
  options: BackupOptions = {},
): Promise<void> {
  const values = parseCommandArgs(args);
  if (command === 'backup' && values.out && !values.from && !values.force) return backup(config, values.out, options);
  if (command === 'restore' && values.from && !values.out) return restore(config, values.from, { force: !!values.force }, options);
  throw new ConfigError(USAGE);
}

function parseCommandArgs(args: string[]) {
  try {
    const options = { out: { type: 'string' }, from: { type: 'string' }, force: { type: 'boolean' } } as const;
    return parseArgs({ args, options, strict: true }).values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n${USAGE}`);
  }
}

/** Writes a consistent archive of the configured database to `out`. */
export async function backup(config: DatabaseConfig, out: string, options: BackupOptions = {}): Promise<void> {
  const log = options.log ?? console.log;
  const file = path.resolve(out);
  if (config.databaseUrl) {
    await backupPostgres(config.databaseUrl, file, options);
    log(`Backed up the PostgreSQL database ${describeUrl(config.databaseUrl)} to ${file} (${sizeOf(file)}).`);
  } else {
    await backupPglite(config.dataDir, file);
    log(`Backed up the embedded database in ${config.dataDir} to ${file} (${sizeOf(file)}).`);
  }
}

/** Replaces the configured database with the archive `from`; a database that holds anything needs `force`. */
export async function restore(config: DatabaseConfig, from: string, flags: { force: boolean }, options: BackupOptions = {}): Promise<void> {
  const log = options.log ?? console.log;
  const file = path.resolve(from);
  const kind = await readArchiveKind(file);
  const expected: ArchiveKind = config.databaseUrl ? 'pg_dump' : 'pglite';
  if (kind !== expected) throw new BackupError(wrongKindMessage(file, kind, expected));
  if (config.databaseUrl) {
    await restorePostgres(config.databaseUrl, file, flags, options);
    log(`Restored ${file} into the PostgreSQL database ${describeUrl(config.databaseUrl)}.`);
  } else {
    await restorePglite(config.dataDir, file, flags);
    log(`Restored ${file} into the embedded database in ${config.dataDir}.`);
  }
}

// --- archive kinds ---

const KIND_NAMES: Record<ArchiveKind, string> = {
  pglite: 'an embedded-database (PGlite) archive',
  pg_dump: 'a PostgreSQL archive (pg_dump custom format)',
};

const TAR_HEADER_SIZE = 512;

/** What a backup holds, from its first (uncompressed) bytes: pg_dump's custom format starts with PGDMP, PGlite's is a tarball. */
export function archiveKindOf(head: Uint8Array): ArchiveKind | null {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.subarray(0, 5).toString('latin1') === 'PGDMP') return 'pg_dump';
  if (bytes.subarray(257, 262).toString('latin1') === 'ustar') return 'pglite';
  return null;
}

const isGzip = (bytes: Uint8Array) => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The kind of a backup file; a gzipped file is looked into (PGlite's archives are gzipped tarballs). */
export async function readArchiveKind(file: string): Promise<ArchiveKind | null> {
  const head = readHead(file, 64 * 1024);
  return archiveKindOf(isGzip(head) ? gunzipHead(head) : head);
}

function readHead(file: string, size: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    throw new BackupError(`Cannot read ${file}: no such file.`);
  }
  try {
    const buffer = Buffer.alloc(size);
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, size, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** The start of a gzip stream's content; a truncated stream gives what it holds, a damaged one nothing. */
function gunzipHead(head: Buffer): Buffer {
  try {
    return zlib.gunzipSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, TAR_HEADER_SIZE);
  } catch {
    return Buffer.alloc(0);
  }
}

export function wrongKindMessage(file: string, kind: ArchiveKind | null, expected: ArchiveKind): string {
  if (!kind) return `${file} is not a ServiceBay backup (neither a PGlite archive nor a pg_dump custom-format archive).`;
  const target = expected === 'pg_dump' ? 'PostgreSQL (DATABASE_URL is set)' : 'the embedded database (DATABASE_URL is not set)';
  return `${file} is ${KIND_NAMES[kind]}; it cannot be restored into ${target}.`;
}

// --- PGlite ---

async function backupPglite(dataDir: string, out: string): Promise<void> {
  const pgdata = pgliteDataPath(dataDir);
  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) throw new BackupError(`There is no ServiceBay database in ${dataDir}.`);
  const release = lockForMaintenance(dataDir, 'back it up');
  try {
    const pglite = await PGlite.create({ dataDir: pgdata, extensions: PGLITE_EXTENSIONS });
    try {
      await pglite.exec('checkpoint');
      const tarball = await pglite.dumpDataDir('gzip');
      writeAtomically(out, Buffer.from(await tarball.arrayBuffer()));
    } finally {
      await pglite.close();
    }
  } finally {
    release();
  }
}

async function restorePglite(dataDir: string, from: string, flags: { force: boolean }): Promise<void> {
  const release = lockForMaintenance(dataDir, 'restore into it');
  try {
    const pgdata = pgliteDataPath(dataDir);
    if (!flags.force && !isEmptyDir(pgdata)) {
      throw new BackupError(`${dataDir} already holds a database; add --force to replace it with the backup.`);
    }
    const staging = `${pgdata}.restoring-${suffix()}`;
    try {
      await loadPgliteArchive(staging, from);
      swapDirectory(pgdata, staging);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    release();
  }
}

/** The data directory for this process, or a refusal naming the running ServiceBay that holds it. */
function lockForMaintenance(dataDir: string, what: string): () => void {
  try {
    return lockDataDir(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const by = error.holder ? ` (pid ${error.holder})` : '';
    throw new BackupError(`${dataDir} is in use by a running ServiceBay process${by}; stop it to ${what}.`);
  }
}

/** Loads an archive into a new directory and checks it opens as a ServiceBay database. */
async function loadPgliteArchive(pgdata: string, file: string): Promise<void> {
  const type = isGzip(readHead(file, 2)) ? 'application/x-gzip' : 'application/x-tar';
  const archive = await fs.openAsBlob(file, { type });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ dataDir: pgdata, loadDataDir: archive, extensions: PGLITE_EXTENSIONS });
  } catch (error) {
    throw new BackupError(`${file} could not be loaded: ${(error as Error).message}`);
  }
  try {
    await pglite.query('select 1 from kysely_migration limit 1');
  } catch {
    throw new BackupError(`${file} does not hold a ServiceBay database.`);
  } finally {
    await pglite.close();
  }
}

/** Puts `staging` in the place of `target`; the old directory is put back if the swap fails, removed once it succeeded. */
export function swapDirectory(target: string, staging: string): void {
  const previous = `${target}.previous-${suffix()}`;
  const hadPrevious = fs.existsSync(target);
  if (hadPrevious) fs.renameSync(target, previous);
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    if (hadPrevious) fs.renameSync(previous, target);
    throw error;
  }
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
}

function isEmptyDir(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

function writeAtomically(file: string, content: Buffer): void {
  const partial = `${file}.partial-${suffix()}`;
  try {
    fs.writeFileSync(partial, content);
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

// --- PostgreSQL ---

async function backupPostgres(url: string, out: string, options: BackupOptions): Promise<void> {
  const pgDump = requireTool('pg_dump', options);
  const partial = `${out}.partial-${suffix()}`;
  try {
    const target = withoutPassword(url);
    await runTool(pgDump, ['--format=custom', `--file=${partial}`, `--dbname=${target.url}`], target.password);
    fs.renameSync(partial, out);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

async function restorePostgres(url: string, from: string, flags: { force: boolean }, options: BackupOptions): Promise<void> {
  const pgRestore = requireTool('pg_restore', options);
  await checkRestoreTarget(url, flags);
  const target = withoutPassword(url);
  // One transaction: a restore that fails half-way leaves the database as it was.
  const args = ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${target.url}`, from];
  await runTool(pgRestore, args, target.password);
}

/** Refuses while a ServiceBay process is connected, and a database that holds tables unless forced. */
async function checkRestoreTarget(url: string, flags: { force: boolean }): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: `${POSTGRES_APPLICATION_NAME}-restore` });
  await client.connect();
  try {
    const { rows } = await client.query<{ servers: number; tables: number }>(
      `select (select count(*)::int from pg_stat_activity
                where datname = current_database() and application_name = $1 and pid <> pg_backend_pid()) as servers,
              (select count(*)::int from information_schema.tables
                where table_schema not in ('pg_catalog', 'information_schema')) as tables`,
      [POSTGRES_APPLICATION_NAME],
    );
    const { servers, tables } = rows[0]!;
    if (servers > 0) {
      throw new BackupError(
        `The database ${describeUrl(url)} is in use by a running ServiceBay (${servers} connections); stop its serve and worker processes to restore into it.`,
      );
    }
    if (tables > 0 && !flags.force) {
      throw new BackupError(`The database ${describeUrl(url)} already holds tables; add --force to replace them with the backup.`);
    }
  } finally {
    await client.end();
  }
}

/** The executables on a PATH (this process's by default). */
export function toolsOnPath(pathList: string | undefined = process.env.PATH): FindTool {
  const dirs = (pathList ?? '').split(path.delimiter).filter(Boolean);
  return (name) => dirs.map((dir) => path.join(dir, name)).find(isExecutableFile) ?? null;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function requireTool(name: string, options: BackupOptions): string {
  const found = (options.findTool ?? toolsOnPath())(name);
  if (!found) throw new BackupError(missingToolMessage(name));
  return found;
}

export function missingToolMessage(name: string): string {
  return (
    `${name} was not found on the PATH. Install the PostgreSQL client tools, the server's major version or newer ` +
    `(Debian/Ubuntu: apt-get install postgresql-client).`
  );
}

/** The URL with its password taken out (it goes to the tool in PGPASSWORD, never on a command line). */
export function withoutPassword(url: string): { url: string; password: string | undefined } {
  const parsed = new URL(url);
  let password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = '';
  const inQuery = parsed.searchParams.get('password');
  if (inQuery !== null) {
    password = inQuery;
    parsed.searchParams.delete('password');
  }
  return { url: parsed.toString(), password };
}

/** host:port/database, for messages. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

function runTool(executable: string, args: string[], password: string | undefined): Promise<void> {
  const env = password === undefined ? process.env : { ...process.env, PGPASSWORD: password };
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('error', (error) => reject(new BackupError(`${path.basename(executable)} could not be started: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) return resolve();
      reject(new BackupError(`${path.basename(executable)} failed (exit code ${code}):\n${errors.trim()}`));
    });
  });
}

// --- helpers ---

const suffix = () => crypto.randomBytes(4).toString('hex');

function sizeOf(file: string): string {
  const bytes = fs.statSync(file).size;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
