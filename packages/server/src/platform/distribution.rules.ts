// What Citus refuses when the dealer-owned tables are distributed by dealer_id (docs/SCALING.md):
// checked against the catalog by test/schema-distribution.test.ts. Pure: it takes catalog rows.

export const DISTRIBUTION_COLUMN = 'dealer_id';

export type CatalogTable = {
  name: string;
  /** null when the table has no dealer_id column. */
  dealerIdNotNull: boolean | null;
};

export type CatalogConstraint = {
  table: string;
  name: string;
  /** p primary key, u unique, x exclusion, f foreign key. */
  type: 'p' | 'u' | 'x' | 'f';
  columns: readonly string[];
  /** Foreign keys only. */
  refTable?: string;
  refColumns?: readonly string[];
  /** Foreign keys only: pg_constraint.confupdtype ('c' is ON UPDATE CASCADE). */
  onUpdate?: string;
};

/** A unique index that backs no constraint (e.g. `create unique index … on t (id)`). */
export type CatalogUniqueIndex = { table: string; name: string; columns: readonly string[] };

export type Catalog = { tables: CatalogTable[]; constraints: CatalogConstraint[]; uniqueIndexes: CatalogUniqueIndex[] };

export type Declared = { network: readonly string[]; local: readonly string[] };

export type Offence = { table: string; object: string; problem: string };

const CONSTRAINT_KIND = { p: 'primary key', u: 'unique constraint', x: 'exclusion constraint', f: 'foreign key' } as const;

/** Every way the schema would stop the dealer-owned tables from being distributed by dealer_id. */
export function distributionOffences(catalog: Catalog, declared: Declared): Offence[] {
  const offences: Offence[] = [];
  const network = new Set(declared.network);
  const local = new Set(declared.local);
  const present = new Set(catalog.tables.map((t) => t.name));
  const dealerOwned = new Set<string>();

  for (const t of catalog.tables) {
    if (network.has(t.name) || local.has(t.name)) continue;
    if (t.dealerIdNotNull === true) dealerOwned.add(t.name);
    else if (t.dealerIdNotNull === false)
      offences.push({
        table: t.name,
        object: 'dealer_id',
        problem: 'dealer_id is nullable (make it not null, or declare the table network-level)',
      });
    else
      offences.push({
        table: t.name,
        object: t.name,
        problem: 'neither dealer-owned (dealer_id not null) nor declared network-level or local',
      });
  }
  for (const name of [...declared.network, ...declared.local]) {
    if (!present.has(name)) offences.push({ table: name, object: name, problem: 'declared but not in the schema' });
  }

  for (const c of catalog.constraints) {
    if (c.type === 'f' && c.onUpdate === 'c')
      offences.push({ table: c.table, object: c.name, problem: 'ON UPDATE CASCADE (a distribution key cannot change)' });
    if (c.type === 'f') {
      const refDealerOwned = c.refTable !== undefined && dealerOwned.has(c.refTable);
      if (dealerOwned.has(c.table) && refDealerOwned && !sameDistributionColumn(c)) {
        offences.push({ table: c.table, object: c.name, problem: `foreign key to ${c.refTable} does not join dealer_id to dealer_id` });
      }
      if (!dealerOwned.has(c.table) && refDealerOwned) {
        offences.push({ table: c.table, object: c.name, problem: `network-level table refers to the dealer-owned table ${c.refTable}` });
      }
      continue;
    }
    if (dealerOwned.has(c.table) && !c.columns.includes(DISTRIBUTION_COLUMN))
      offences.push({ table: c.table, object: c.name, problem: `${CONSTRAINT_KIND[c.type]} without dealer_id` });
  }
  for (const i of catalog.uniqueIndexes) {
    if (dealerOwned.has(i.table) && !i.columns.includes(DISTRIBUTION_COLUMN))
      offences.push({ table: i.table, object: i.name, problem: 'unique index without dealer_id' });
  }
  return offences;
}

function sameDistributionColumn(c: CatalogConstraint): boolean {
  const at = c.columns.indexOf(DISTRIBUTION_COLUMN);
  return at >= 0 && c.refColumns?.[at] === DISTRIBUTION_COLUMN;
}

/** One line per offence, for a failing test's message. */
export function describeOffences(offences: readonly Offence[]): string {
  return offences.map((o) => `${o.table}: ${o.object}: ${o.problem}`).join('\n');
}
