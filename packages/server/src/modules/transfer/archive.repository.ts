// SQL of the dealer/network archive (`servicebay export --dealer`, `servicebay import FILE.zip`):
// the catalogue read from information_schema / pg_constraint, rows read with a deterministic
// encoding, and rows written back through jsonb_populate_recordset.
import { sql } from 'kysely';
import type { Database } from '../../platform/db.js';

export type ArchiveColumn = { name: string; dataType: string; nullable: boolean };
export type ArchiveTable = { name: string; columns: ArchiveColumn[]; primaryKey: string[] };
export type ForeignKey = { table: string; columns: string[]; refTable: string; refColumns: string[] };
/** Rows whose `column` (as text) is one of `values`, or is null when values is 'null'; conditions are AND-ed, groups OR-ed. */
export type RowFilter = Array<Array<{ column: string; values: string[] | 'null' }>>;

export function createArchiveRepository(db: Database) {
  return {
    /** The first statement of an export's transaction: every table read from one snapshot. */
    async readOneSnapshot() {
      await sql`set transaction isolation level repeatable read, read only`.execute(db);
    },

    /** The base tables of the public schema with their columns in order (generated columns left out). */
    async tables(): Promise<ArchiveTable[]> {
      const columns = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>`
        select c.table_name, c.column_name, c.data_type, c.is_nullable
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.is_generated <> 'ALWAYS'
        order by c.table_name, c.ordinal_position`.execute(db);
      const keys = await sql<{ table_name: string; cols: string }>`
        select conrelid::regclass::text as table_name,
          (select json_agg(a.attname::text order by k.ord) from unnest(c.conkey) with ordinality k(attnum, ord)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum)::text as cols
        from pg_constraint c
        where c.contype = 'p' and c.connamespace = 'public'::regnamespace`.execute(db);
      const pk = new Map(keys.rows.map((r) => [r.table_name, JSON.parse(r.cols) as string[]]));
      const tables = new Map<string, ArchiveTable>();
      for (const c of columns.rows) {
        let table = tables.get(c.table_name);
        if (!table) {
          table = { name: c.table_name, columns: [], primaryKey: pk.get(c.table_name) ?? [] };
          tables.set(c.table_name, table);
        }
        table.columns.push({ name: c.column_name, dataType: c.data_type, nullable: c.is_nullable === 'YES' });
      }
      return [...tables.values()];
    },

    async foreignKeys(): Promise<ForeignKey[]> {
      const result = await sql<{ table_name: string; ref_table: string; cols: string; ref_cols: string }>`
        select c.conrelid::regclass::text as table_name, c.confrelid::regclass::text as ref_table,
          (select json_agg(a.attname::text order by k.ord) from unnest(c.conkey) with ordinality k(attnum, ord)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum)::text as cols,
          (select json_agg(a.attname::text order by k.ord) from unnest(c.confkey) with ordinality k(attnum, ord)
            join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum)::text as ref_cols
        from pg_constraint c
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace
        order by 1, c.conname`.execute(db);
      return result.rows.map((r) => ({
        table: r.table_name,
        columns: JSON.parse(r.cols),
        refTable: r.ref_table,
        refColumns: JSON.parse(r.ref_cols),
      }));
    },

    /** The newest applied migration. */
    async schemaVersion(): Promise<string> {
      const row = await sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(db);
      return row.rows[0]?.name ?? '';
    },

    async networkByCode(code: string) {
      const r = await sql<{ id: string; code: string }>`select id::text, code from networks where code = ${code}`.execute(db);
      return r.rows[0] ?? null;
    },
    async networkById(id: string) {
      const r = await sql<{ id: string; code: string }>`select id::text, code from networks where id::text = ${id}`.execute(db);
      return r.rows[0] ?? null;
    },
    /** Dealers by code, across networks (a code is unique in its network). */
    async dealersByCode(code: string) {
      const r = await sql<{ id: string; code: string; network_id: string }>`
        select id::text, code, network_id::text from dealers where code = ${code} order by id`.execute(db);
      return r.rows;
    },
    async dealerById(id: string) {
      const r = await sql<{ id: string }>`select id::text from dealers where id::text = ${id}`.execute(db);
      return r.rows[0] ?? null;
    },
    async dealersOfNetwork(networkId: string) {
      const r = await sql<{
        id: string;
        code: string;
      }>`select id::text, code from dealers where network_id::text = ${networkId} order by id`.execute(db);
      return r.rows;
    },

    /** Rows of a table, every value encoded as the archive writes it (see docs/EXPORT.md). */
    async rows(table: ArchiveTable, filter: RowFilter): Promise<Record<string, unknown>[]> {
      if (filter.length === 0) return [];
      const select = sql.join(table.columns.map((c) => sql`${encoded(c)} as ${sql.id(c.name)}`));
      const where = sql.join(
        filter.map(
          (group) =>
            sql`(${sql.join(
              group.map(({ column, values }) =>
                values === 'null' ? sql`${sql.id(column)} is null` : sql`${sql.id(column)}::text = any(${values}::text[])`,
              ),
              sql` and `,
            )})`,
        ),
        sql` or `,
      );
      const result = await sql<Record<string, unknown>>`select ${select} from ${sql.id(table.name)} where ${where}`.execute(db);
      return result.rows;
    },

    /** Inserts decoded rows (JSON values) into a table; `ignoreExisting` skips rows whose key is already there. */
    async insert(table: ArchiveTable, rows: Record<string, unknown>[], options: { ignoreExisting: boolean }) {
      const columns = sql.join(table.columns.map((c) => sql.id(c.name)));
      for (let i = 0; i < rows.length; i += 500) {
        const batch = JSON.stringify(rows.slice(i, i + 500));
        await sql`insert into ${sql.id(table.name)} (${columns}) overriding system value
          select ${columns} from jsonb_populate_recordset(null::${sql.id(table.name)}, ${batch}::jsonb)
          ${options.ignoreExisting ? sql`on conflict do nothing` : sql``}`.execute(db);
      }
    },

    /** The tables' own triggers (derived tables, append-only guards) are off while an archive is written. */
    async setUserTriggers(table: string, enabled: boolean) {
      await sql`alter table ${sql.id(table)} ${enabled ? sql`enable` : sql`disable`} trigger user`.execute(db);
    },
  };
}

function encoded(column: ArchiveColumn) {
  const c = sql.id(column.name);
  switch (column.dataType) {
    case 'timestamp with time zone':
      return sql`to_char(${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    case 'timestamp without time zone':
      return sql`to_char(${c}, 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
    case 'date':
      return sql`to_char(${c}, 'YYYY-MM-DD')`;
    case 'integer':
    case 'smallint':
    case 'boolean':
      return c;
    case 'json':
    case 'jsonb':
    case 'ARRAY':
      return sql`to_jsonb(${c})::text`;
    case 'bytea':
      return sql`translate(encode(${c}, 'base64'), E'\n', '')`;
    default:
      return sql`${c}::text`;
  }
}
