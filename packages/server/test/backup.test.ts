import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config.js';
import {
  type ArchiveKind,
  archiveKindOf,
  BackupError,
  backup,
  missingToolMessage,
  readArchiveKind,
  restore,
  toolsOnPath,
  withoutPassword,
} from '../src/platform/backup.js';
import type { Database, DatabaseHandle } from '../src/platform/db.js';
import { openDatabase } from '../src/platform/open-database.js';
import { buildNetwork } from './harness.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-backup-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const quiet = { log: () => {} };
const createdAt = new Date('2025-03-01T00:00:00Z');

/** The first bytes of each kind of archive, as the tools write them. */
const pgDumpFile = (name: string) => writeFile(name, Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(100, 1)]));
const pgliteFile = (name: string) => writeFile(name, zlib.gzipSync(tarHeader('PG_VERSION')));

function tarHeader(name: string): Buffer {
  const header = Buffer.alloc(1024);
  header.write(name, 0, 'latin1');
  header.write('ustar', 257, 'latin1');
  return header;
}

function writeFile(name: string, content: Buffer | string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('backup archives', () => {
  it('tells a pg_dump archive from a PGlite tarball, gzipped or not, and neither from anything else', async () => {
    expect(archiveKindOf(Buffer.from('PGDMP\x01\x0e'))).toBe('pg_dump');
    expect(archiveKindOf(tarHeader('PG_VERSION'))).toBe('pglite');
    expect(archiveKindOf(Buffer.from('-- PostgreSQL database dump'))).toBeNull();
    expect(await readArchiveKind(pgliteFile('a.tar.gz'))).toBe('pglite');
    expect(await readArchiveKind(pgDumpFile('a.dump'))).toBe('pg_dump');
    expect(await readArchiveKind(writeFile('broken.gz', Buffer.from([0x1f, 0x8b, 0, 1, 2, 3])))).toBeNull();
  });

  it('refuses to restore an archive into the other kind of database, or a file that is no backup', async () => {
    const embedded = { databaseUrl: undefined, dataDir: path.join(work, 'never-written') };
    const postgres = { databaseUrl: 'postgres://sb@127.0.0.1:1/never', dataDir: embedded.dataDir };
    await expect(restore(embedded, pgDumpFile('b.dump'), { force: true }, quiet)).rejects.toThrow(
      /is a PostgreSQL archive \(pg_dump custom format\); it cannot be restored into the embedded database/,
    );
    await expect(restore(postgres, pgliteFile('b.tar.gz'), { force: true }, quiet)).rejects.toThrow(
      /is an embedded-database \(PGlite\) archive; it cannot be restored into PostgreSQL/,
    );
    await expect(restore(embedded, writeFile('notes.txt', 'hello'), { force: true }, quiet)).rejects.toThrow(/is not a ServiceBay backup/);
    await expect(restore(embedded, path.join(work, 'missing.tar.gz'), { force: true }, quiet)).rejects.toThrow(BackupError);
    expect(fs.existsSync(embedded.dataDir)).toBe(false);
  });

  it('names the missing PostgreSQL tool and how to install it', async () => {
    const findTool = toolsOnPath(fs.mkdtempSync(path.join(work, 'empty-path-')));
    const config = { databaseUrl: 'postgres://sb:secret@127.0.0.1:1/never', dataDir: path.join(work, 'unused') };
    await expect(backup(config, path.join(work, 'never.dump'), { findTool, ...quiet })).rejects.toThrow(missingToolMessage('pg_dump'));
    expect(fs.existsSync(path.join(work, 'never.dump'))).toBe(false);
    await expect(restore(config, pgDumpFile('c.dump'), { force: true }, { findTool, ...quiet })).rejects.toThrow(
      missingToolMessage('pg_restore'),
    );
    expect(missingToolMessage('pg_dump')).toMatch(/pg_dump was not found.*apt-get install postgresql-client/);
  });

  it('passes the password to the tools apart from the URL', () => {
    expect(withoutPassword('postgres://sb:s%40cret@db.example:5432/servicebay?sslmode=require')).toEqual({
      url: 'postgres://sb@db.example:5432/servicebay?sslmode=require',
      password: 's@cret',
    });
    expect(withoutPassword('postgres://sb@db.example/servicebay')).toEqual({
      url: 'postgres://sb@db.example/servicebay',
      password: undefined,
    });
  });
});

type Target = {
  kind: ArchiveKind;
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'>;
  /** Runs `during` while a ServiceBay process holds the database. */
  whileServing<T>(during: () => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
};

function pgliteTarget(): Target {
  const dataDir = path.join(work, 'data');
  return {
    kind: 'pglite',
    config: { databaseUrl: undefined, dataDir, dbPoolSize: 1 },
    async whileServing(during) {
      // The lock of a live process (this test's parent), as a running `servicebay serve` leaves it.
      const lock = path.join(dataDir, 'servicebay.lock');
      fs.writeFileSync(lock, String(process.ppid));
      try {
        return await during();
      } finally {
        fs.rmSync(lock);
      }
    },
    dispose: async () => {},
  };
}

async function postgresTarget(serverUrl: string): Promise<Target> {
  const name = `sb_backup_${crypto.randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const config = { databaseUrl: url.toString(), dataDir: path.join(work, 'unused'), dbPoolSize: 2 };
  return {
    kind: 'pg_dump',
    config,
    async whileServing(during) {
      const handle = await openDatabase(config, { migrate: false });
      try {
        return await handle.db.connection().execute(during); // a connection held open, as a server's pool does
      } finally {
        await handle.close();
      }
    },
    dispose: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function onServer(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function withDatabase<T>(target: Target, run: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(target.config);
  try {
    return await run(handle);
  } finally {
    await handle.close();
  }
}

const dealersOf = (db: Database) => db.selectFrom('dealers').select(['code', 'name']).orderBy('code').execute();
const networkCount = async (handle: DatabaseHandle) =>
  Number(
    (
      await handle.db
        .selectFrom('networks')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`backup and restore on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  let target: Target;
  const archive = path.join(work, 'servicebay.backup');

  beforeAll(async () => {
    target = process.env.TEST_DATABASE_URL ? await postgresTarget(process.env.TEST_DATABASE_URL) : pgliteTarget();
    await withDatabase(target, (handle) => buildNetwork(handle.db, createdAt));
  });
  afterAll(() => target?.dispose());

  it('brings back the rows backed up and drops the changes made since', async () => {
    await backup(target.config, archive, quiet);
    expect(await readArchiveKind(archive)).toBe(target.kind);

    await withDatabase(target, async ({ db }) => {
      await db.updateTable('dealers').set({ name: '改名店' }).where('code', '=', 'A01').execute();
      await db.deleteFrom('dealers').where('code', '=', 'B01').execute();
      await buildNetwork(db, createdAt);
      expect(await dealersOf(db)).toEqual([
        { code: 'A01', name: '改名店' },
        { code: 'A01', name: '甲店' },
        { code: 'B01', name: '乙店' },
      ]);
    });

    await expect(restore(target.config, archive, { force: false }, quiet)).rejects.toThrow(/add --force to replace/);
    await restore(target.config, archive, { force: true }, quiet);

    await withDatabase(target, async (handle) => {
      expect(await dealersOf(handle.db)).toEqual([
        { code: 'A01', name: '甲店' },
        { code: 'B01', name: '乙店' },
      ]);
      expect(await networkCount(handle)).toBe(1);
    });
  });

  it('refuses to back up or restore while a ServiceBay process holds the database, and changes nothing', async () => {
    await target.whileServing(async () => {
      if (target.kind === 'pglite') {
        await expect(backup(target.config, path.join(work, 'while-serving'), quiet)).rejects.toThrow(
          /is in use by a running ServiceBay process \(pid \d+\); stop it to back it up/,
        );
        expect(fs.existsSync(path.join(work, 'while-serving'))).toBe(false);
      }
      await expect(restore(target.config, archive, { force: true }, quiet)).rejects.toThrow(/in use by a running ServiceBay/);
    });
    await withDatabase(target, async (handle) => expect(await networkCount(handle)).toBe(1));
  });

  it.skipIf(!!process.env.TEST_DATABASE_URL)('restores into a new, empty data directory without --force', async () => {
    const fresh = { databaseUrl: undefined, dataDir: path.join(work, 'fresh'), dbPoolSize: 1 };
    await restore(fresh, archive, { force: false }, quiet);
    const handle = await openDatabase(fresh, { migrate: false });
    try {
      expect(await dealersOf(handle.db)).toEqual([
        { code: 'A01', name: '甲店' },
        { code: 'B01', name: '乙店' },
      ]);
    } finally {
      await handle.close();
    }
  });
});
