// The migrated schema distributes by dealer_id (docs/SCALING.md): what Citus would refuse is listed,
// table by table, when this fails.
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/platform/db.js';
import { type Catalog, type CatalogConstraint, describeOffences, distributionOffences } from '../src/platform/distribution.rules.js';
import { LOCAL_TABLES, NETWORK_TABLES } from '../src/platform/tables.js';
import { createTestDatabase } from './harness.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

const declared = { network: NETWORK_TABLES, local: LOCAL_TABLES };

async function catalogOf(db: Kysely<any>): Promise<Catalog> {
  const tables = await sql<{ name: string; dealer_id_not_null: boolean | null }>`
    select c.relname as name,
      (select a.attnotnull from pg_attribute a where a.attrelid = c.oid and a.attname = 'dealer_id' and not a.attisdropped) as dealer_id_not_null
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    order by 1`.execute(db);
  const constraints = await sql<{
    table: string;
    name: string;
    type: CatalogConstraint['type'];
    columns: string[];
    ref_table: string | null;
    ref_columns: string[] | null;
    on_update: string;
  }>`
    select c.relname as "table", k.conname as name, k.contype as type,
      array(select a.attname::text from unnest(k.conkey) with ordinality u(n, o)
        join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.o) as columns,
      r.relname as ref_table,
      case when k.contype = 'f' then array(select a.attname::text from unnest(k.confkey) with ordinality u(n, o)
        join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.o) end as ref_columns,
      k.confupdtype as on_update
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_class r on r.oid = k.confrelid
    where n.nspname = 'public' and k.contype in ('p', 'u', 'x', 'f')
    order by 1, 2`.execute(db);
  // Unique indexes of their own (a constraint's index is checked as the constraint); an expression
  // column has no name and so never counts as dealer_id.
  const uniqueIndexes = await sql<{ table: string; name: string; columns: string[] }>`
    select c.relname as "table", i.relname as name,
      array(select coalesce(a.attname::text, '(expression)') from unnest(x.indkey) with ordinality u(n, o)
        left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = u.n order by u.o) as columns
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class c on c.oid = x.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and x.indisunique and not exists (select from pg_constraint k where k.conindid = x.indexrelid)
    order by 1, 2`.execute(db);
  return {
    tables: tables.rows.map((t) => ({ name: t.name, dealerIdNotNull: t.dealer_id_not_null })),
    constraints: constraints.rows.map((k) => ({
      table: k.table,
      name: k.name,
      type: k.type,
      columns: k.columns,
      ...(k.ref_table ? { refTable: k.ref_table, refColumns: k.ref_columns ?? [], onUpdate: k.on_update } : {}),
    })),
    uniqueIndexes: uniqueIndexes.rows,
  };
}

describe('the schema distributes by dealer_id', () => {
  it('has no table, key, unique index or foreign key Citus would refuse', async () => {
    const offences = distributionOffences(await catalogOf(handle.db), declared);
    expect(describeOffences(offences)).toBe('');
  });

  it('finds what a careless migration would add', async () => {
    // DDL is transactional: the bad tables are gone when the transaction rolls back.
    await handle.db
      .transaction()
      .execute(async (tx) => {
        await sql`create table careless_notes (dealer_id uuid, id uuid primary key)`.execute(tx);
        await sql`create table careless_lines (
          dealer_id uuid not null, id uuid not null, note_id uuid, repair_order_id uuid,
          primary key (dealer_id, id),
          foreign key (dealer_id, repair_order_id) references repair_orders (dealer_id, id) on update cascade
        )`.execute(tx);
        await sql`create unique index careless_lines_id_idx on careless_lines (id)`.execute(tx);
        await sql`create table careless_orphans (id uuid primary key)`.execute(tx);
        const found = describeOffences(distributionOffences(await catalogOf(tx), declared));
        expect(found).toContain('careless_notes: dealer_id: dealer_id is nullable');
        expect(found).toContain('careless_lines: careless_lines_dealer_id_repair_order_id_fkey: ON UPDATE CASCADE');
        expect(found).toContain('careless_lines: careless_lines_id_idx: unique index without dealer_id');
        expect(found).toContain('careless_orphans: careless_orphans: neither dealer-owned');
        throw new RolledBack();
      })
      .catch((error) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    const after = await sql<{ n: number }>`select count(*)::int as n from pg_class where relname like 'careless_%'`.execute(handle.db);
    expect(after.rows[0]!.n).toBe(0);
  });
});

class RolledBack extends Error {}
