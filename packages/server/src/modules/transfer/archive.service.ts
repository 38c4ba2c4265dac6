// The dealer's (or the whole network's) data as one archive: `servicebay export --dealer CODE --out FILE.zip`
// and `servicebay import FILE.zip`. The format is described in docs/EXPORT.md.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import type { Database } from '../../platform/db.js';
import { LOCAL_TABLES } from '../../platform/tables.js';
import { inTransaction } from '../../platform/transaction.js';
import { type ArchiveTable, createArchiveRepository, type ForeignKey, type RowFilter } from './archive.repository.js';

export const ARCHIVE_FORMAT = 1;

/** Tables never archived: the local ones (migrations, platform/tables.ts), sessions and tokens, idempotency keys, one-time codes. */
// Webhook subscriptions hold their signing secrets (and their deliveries point at them): a dealer
// subscribes again on the new installation.
const EXCLUDED_TABLES = new Set<string>([
  ...LOCAL_TABLES,
  'sessions',
  'api_tokens',
  'idempotency_keys',
  'otp_codes',
  'webhook_subscriptions',
  'network_webhook_subscriptions',
  'webhook_deliveries',
]);
/** Secret columns written as null (imported users get a hash no password matches: they must reset it). */
const SECRET_COLUMNS: Record<string, string[]> = { users: ['password_hash'] };
export const RESET_REQUIRED_HASH = '!reset-required';
/** Network-level records the archive holds for its dealers (besides the network and the dealers themselves). */
const LINKED_BY_VEHICLE = 'mileage_readings';

/** Entries get this date, so the same data gives the same bytes. */
const ENTRY_DATE = new Date('2000-01-01T00:00:00Z');
const FILE_KEY = /^[0-9a-f-]{36}\/[0-9a-f]{64}\.(jpg|png|webp)$/;

export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

export type Manifest = {
  format: number;
  schemaVersion: string;
  scope: { kind: 'dealer'; dealer: string; network: string } | { kind: 'network'; network: string };
  exportedAt: string;
  tables: Array<{ table: string; file: string; rows: number; sha256: string }>;
  files: Array<{ file: string; sha256: string }>;
};

type Row = Record<string, unknown>;

export async function exportArchive(input: {
  db: Database;
  filesDir: string;
  now: Date;
  dealer?: string;
  network?: string;
}): Promise<{ zip: Buffer; manifest: Manifest }> {
  return inTransaction(input.db, async (tx) => {
    const r = createArchiveRepository(tx);
    await r.readOneSnapshot();
    let networkId: string;
    let dealerIds: string[];
    let scope: Manifest['scope'];
    if (input.dealer) {
      const found = await r.dealersByCode(input.dealer);
      const inNetwork = input.network ? await r.networkByCode(input.network) : null;
      if (input.network && !inNetwork) throw new ArchiveError(`no network with code ${input.network}`);
      const matches = found.filter((d) => !inNetwork || d.network_id === inNetwork.id);
      if (matches.length === 0) throw new ArchiveError(`no dealer with code ${input.dealer}`);
      if (matches.length > 1) throw new ArchiveError(`several networks have a dealer ${input.dealer}; add --network CODE`);
      networkId = matches[0]!.network_id;
      dealerIds = [matches[0]!.id];
      scope = { kind: 'dealer', dealer: input.dealer, network: (await r.networkById(networkId))!.code };
    } else if (input.network) {
      const network = await r.networkByCode(input.network);
      if (!network) throw new ArchiveError(`no network with code ${input.network}`);
      networkId = network.id;
      dealerIds = (await r.dealersOfNetwork(networkId)).map((d) => d.id);
      scope = { kind: 'network', network: network.code };
    } else {
      throw new ArchiveError('say which data: --dealer CODE or --network CODE');
    }
    const wholeNetwork = scope.kind === 'network';
    const tables = (await r.tables()).filter((t) => !EXCLUDED_TABLES.has(t.name));
    const keys = await r.foreignKeys();
    const has = (t: ArchiveTable, column: string) => t.columns.some((c) => c.name === column);
    const data = new Map<string, Row[]>();

    // Dealer-owned tables first: every table with a dealer_id column.
    for (const t of tables) {
      if (!has(t, 'dealer_id') || t.name === LINKED_BY_VEHICLE) continue;
      const filter: RowFilter = [[{ column: 'dealer_id', values: dealerIds }]];
      if (wholeNetwork && has(t, 'network_id'))
        filter.push([
          { column: 'dealer_id', values: 'null' },
          { column: 'network_id', values: [networkId] },
        ]);
      data.set(t.name, await r.rows(t, filter));
    }
    const ids = (table: string, column: string) => [...new Set((data.get(table) ?? []).map((row) => String(row[column])))];
    const customerIds = ids('dealer_customers', 'customer_id');
    const vehicleIds = ids('dealer_vehicles', 'vehicle_id');
    // Then the network-level records they stand on.
    for (const t of tables) {
      if (data.has(t.name)) continue;
      let filter: RowFilter = [];
      if (t.name === 'networks') filter = [[{ column: 'id', values: [networkId] }]];
      else if (t.name === 'dealers') filter = [[{ column: 'id', values: dealerIds }]];
      else if (wholeNetwork && has(t, 'network_id')) filter = [[{ column: 'network_id', values: [networkId] }]];
      else if (t.name === 'vehicle_models') filter = [[{ column: 'network_id', values: [networkId] }]];
      else if (t.name === 'customers') filter = [[{ column: 'id', values: customerIds }]];
      else if (t.name === 'vehicles') filter = [[{ column: 'id', values: vehicleIds }]];
      else if (t.name === LINKED_BY_VEHICLE) filter = [[{ column: 'vehicle_id', values: vehicleIds }]];
      if (filter.length) data.set(t.name, await r.rows(t, filter));
    }
    // Child tables without dealer_id (e.g. questionnaire versions): the rows of archived parents.
    for (const t of topologicalOrder(tables, keys)) {
      if (data.has(t.name)) continue;
      const filter: RowFilter = keys
        .filter(
          (k) =>
            k.table === t.name && k.columns.length === 1 && data.has(k.refTable) && k.refTable !== 'networks' && k.refTable !== 'dealers',
        )
        .map((k) => [{ column: k.columns[0]!, values: ids(k.refTable, k.refColumns[0]!) }]);
      if (filter.length) data.set(t.name, await r.rows(t, filter));
    }
    for (const t of tables) {
      if (!data.has(t.name)) continue;
      const secret = SECRET_COLUMNS[t.name] ?? [];
      data.set(
        t.name,
        data.get(t.name)!.map((row) => decodeRow(t, row, secret)),
      );
    }
    closeReferences(tables, keys, data);

    const zip = new JSZip();
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      schemaVersion: await r.schemaVersion(),
      scope,
      exportedAt: input.now.toISOString(),
      tables: [],
      files: [],
    };
    const fileKeys = new Set<string>();
    for (const t of [...tables].sort((a, b) => compareText(a.name, b.name))) {
      const rows = data.get(t.name);
      if (!rows) continue;
      rows.sort((a, b) => compareRows(t, a, b));
      const text = rows.map((row) => `${JSON.stringify(row)}\n`).join('');
      for (const row of rows) collectFileKeys(row, fileKeys);
      const file = `data/${t.name}.jsonl`;
      zip.file(file, text, { date: ENTRY_DATE, createFolders: false });
      manifest.tables.push({ table: t.name, file, rows: rows.length, sha256: sha256(text) });
    }
    for (const key of [...fileKeys].sort(compareText)) {
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(path.join(input.filesDir, key));
      } catch {
        continue; // referenced but not on this disk: the archive says so by leaving it out of `files`
      }
      const file = `files/${key}`;
      zip.file(file, bytes, { date: ENTRY_DATE, binary: true, createFolders: false });
      manifest.files.push({ file, sha256: sha256(bytes) });
    }
    zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date: ENTRY_DATE, createFolders: false });
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
    return { zip: bytes, manifest };
  });
}

export async function importArchive(input: { db: Database; filesDir: string; zip: Buffer }): Promise<Manifest> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(input.zip);
  } catch {
    throw new ArchiveError('not a zip archive');
  }
  const manifestText = await zip.file('manifest.json')?.async('string');
  if (!manifestText) throw new ArchiveError('the archive has no manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestText);
  } catch {
    throw new ArchiveError('manifest.json is not valid JSON');
  }
  if (manifest.format !== ARCHIVE_FORMAT)
    throw new ArchiveError(`archive format ${manifest.format} is not supported (expected ${ARCHIVE_FORMAT})`);
  if (!Array.isArray(manifest.tables) || !Array.isArray(manifest.files)) throw new ArchiveError('manifest.json lists no tables or files');

  // Every file is read and checked before anything is written.
  const texts = new Map<string, string>();
  for (const entry of manifest.tables) {
    const text = await zip.file(entry.file)?.async('string');
    if (text === undefined) throw new ArchiveError(`${entry.file} is listed in the manifest but missing`);
    if (sha256(text) !== entry.sha256) throw new ArchiveError(`${entry.file} is damaged: its sha256 does not match the manifest`);
    texts.set(entry.table, text);
  }
  const files = new Map<string, Buffer>();
  for (const entry of manifest.files) {
    const key = entry.file.replace(/^files\//, '');
    if (!FILE_KEY.test(key)) throw new ArchiveError(`${entry.file} is not a file this system stores`);
    const bytes = await zip.file(entry.file)?.async('nodebuffer');
    if (!bytes) throw new ArchiveError(`${entry.file} is listed in the manifest but missing`);
    if (sha256(bytes) !== entry.sha256) throw new ArchiveError(`${entry.file} is damaged: its sha256 does not match the manifest`);
    files.set(key, bytes);
  }

  await inTransaction(input.db, async (tx) => {
    const r = createArchiveRepository(tx);
    const version = await r.schemaVersion();
    if (version !== manifest.schemaVersion) {
      throw new ArchiveError(
        `the archive is of schema ${manifest.schemaVersion}, this database is at ${version}; migrate both to the same version`,
      );
    }
    const tables = new Map((await r.tables()).map((t) => [t.name, t]));
    const parsed = new Map<string, Row[]>();
    for (const [name, text] of texts) {
      const table = tables.get(name);
      if (!table || EXCLUDED_TABLES.has(name)) throw new ArchiveError(`the archive holds a table ${name} this database does not take`);
      const rows = text
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Row);
      parsed.set(
        name,
        rows.map((row) => encodeForInsert(table, row)),
      );
    }
    const networkRow = parsed.get('networks')?.[0];
    const dealerRows = parsed.get('dealers') ?? [];
    if (!networkRow) throw new ArchiveError('the archive holds no network');
    const network = await r.networkByCode(String(networkRow.code));
    if (network && network.id !== networkRow.id) {
      throw new ArchiveError(`a network ${networkRow.code} already exists here with another id; the archive cannot be merged into it`);
    }
    for (const dealer of dealerRows) {
      const existing = await r.dealersByCode(String(dealer.code));
      if (existing.some((d) => d.network_id === networkRow.id)) {
        throw new ArchiveError(
          `dealer ${dealer.code} already exists here${existing.some((d) => d.id === dealer.id) ? ' (already imported)' : ' with another id'}`,
        );
      }
      if (await r.dealerById(String(dealer.id))) throw new ArchiveError(`a dealer with the id of ${dealer.code} already exists here`);
    }
    const keys = await r.foreignKeys();
    const order = topologicalOrder(
      [...tables.values()].filter((t) => parsed.has(t.name)),
      keys,
    );
    // Network-level rows may already be here when another dealer of the same network was imported.
    const shared = new Set(['networks', 'vehicle_models', 'customers', 'vehicles', LINKED_BY_VEHICLE]);
    for (const t of order) {
      await r.setUserTriggers(t.name, false);
      await r.insert(t, parsed.get(t.name)!, { ignoreExisting: shared.has(t.name) || !t.columns.some((c) => c.name === 'dealer_id') });
      await r.setUserTriggers(t.name, true);
    }
    for (const [key, bytes] of files) {
      const file = path.join(input.filesDir, key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, bytes);
    }
  });
  return manifest;
}

function decodeRow(table: ArchiveTable, row: Row, secret: string[]): Row {
  const out: Row = {};
  for (const c of table.columns) {
    const value = row[c.name];
    if (secret.includes(c.name)) out[c.name] = null;
    else if (value !== null && (c.dataType === 'json' || c.dataType === 'jsonb' || c.dataType === 'ARRAY'))
      out[c.name] = canonical(JSON.parse(String(value)));
    else out[c.name] = value ?? null;
  }
  return out;
}

function encodeForInsert(table: ArchiveTable, row: Row): Row {
  const out: Row = {};
  for (const c of table.columns) {
    if (!(c.name in row)) throw new ArchiveError(`a row of ${table.name} has no column ${c.name}`);
    let value = row[c.name];
    if (table.name === 'users' && c.name === 'password_hash' && value === null) value = RESET_REQUIRED_HASH;
    if (c.dataType === 'bytea' && typeof value === 'string') value = `\\x${Buffer.from(value, 'base64').toString('hex')}`;
    out[c.name] = value;
  }
  return out;
}

/** Objects with their keys sorted, so the same JSON gives the same text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort(compareText)
        .map((k) => [k, canonical((value as Row)[k])]),
    );
  }
  return value;
}

/**
 * A reference to a row the archive does not hold (a car-maker user, another dealer's reading, a
 * network campaign) is written as null when the column allows it; otherwise the row is left out.
 * Repeated until nothing changes, as leaving a row out can leave others pointing at nothing.
 */
function closeReferences(tables: ArchiveTable[], keys: ForeignKey[], data: Map<string, Row[]>) {
  const byName = new Map(tables.map((t) => [t.name, t]));
  let changed = true;
  while (changed) {
    changed = false;
    const present = new Map<string, Set<string>>();
    const presentSet = (table: string, columns: string[]) => {
      const id = `${table}(${columns.join(',')})`;
      let set = present.get(id);
      if (!set) {
        set = new Set((data.get(table) ?? []).map((row) => JSON.stringify(columns.map((c) => row[c]))));
        present.set(id, set);
      }
      return set;
    };
    for (const key of keys) {
      const rows = data.get(key.table);
      const table = byName.get(key.table);
      if (!rows || !table) continue;
      const set = presentSet(key.refTable, key.refColumns);
      const nullable = key.columns.every((c) => table.columns.find((col) => col.name === c)?.nullable);
      const kept: Row[] = [];
      for (const row of rows) {
        const values = key.columns.map((c) => row[c]);
        if (values.some((v) => v === null) || set.has(JSON.stringify(values))) kept.push(row);
        else if (nullable) {
          for (const c of key.columns) row[c] = null;
          kept.push(row);
          changed = true;
        } else changed = true;
      }
      if (kept.length !== rows.length) {
        data.set(key.table, kept);
        present.clear();
      }
    }
  }
}

/** Parents before children (self-references and cycles are left to the row order). */
export function topologicalOrder(tables: ArchiveTable[], keys: ForeignKey[]): ArchiveTable[] {
  const names = new Set(tables.map((t) => t.name));
  const sorted = [...tables].sort((a, b) => compareText(a.name, b.name));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: ArchiveTable[] = [];
  const visit = (t: ArchiveTable) => {
    if (done.has(t.name) || visiting.has(t.name)) return;
    visiting.add(t.name);
    for (const k of keys) {
      if (k.table === t.name && k.refTable !== t.name && names.has(k.refTable)) visit(sorted.find((s) => s.name === k.refTable)!);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of sorted) visit(t);
  return out;
}

function collectFileKeys(value: unknown, into: Set<string>) {
  if (typeof value === 'string') {
    if (FILE_KEY.test(value)) into.add(value);
  } else if (Array.isArray(value)) for (const v of value) collectFileKeys(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectFileKeys(v, into);
}

function compareRows(table: ArchiveTable, a: Row, b: Row): number {
  const columns = table.primaryKey.length ? table.primaryKey : table.columns.map((c) => c.name);
  for (const c of columns) {
    const x = a[c];
    const y = b[c];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const d = typeof x === 'number' && typeof y === 'number' ? x - y : compareText(JSON.stringify(x), JSON.stringify(y));
    if (d !== 0) return d;
  }
  return compareText(JSON.stringify(a), JSON.stringify(b));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}
