import { describe, expect, it } from 'vitest';
import { type Catalog, distributionOffences } from './distribution.rules.js';

const declared = { network: ['customers'], local: ['kysely_migration'] };

const good: Catalog = {
  tables: [
    { name: 'customers', dealerIdNotNull: null },
    { name: 'kysely_migration', dealerIdNotNull: null },
    { name: 'orders', dealerIdNotNull: true },
    { name: 'lines', dealerIdNotNull: true },
  ],
  constraints: [
    { table: 'customers', name: 'customers_pkey', type: 'p', columns: ['id'] },
    { table: 'orders', name: 'orders_pkey', type: 'p', columns: ['dealer_id', 'id'] },
    {
      table: 'orders',
      name: 'orders_customer_fkey',
      type: 'f',
      columns: ['customer_id'],
      refTable: 'customers',
      refColumns: ['id'],
      onUpdate: 'a',
    },
    { table: 'lines', name: 'lines_pkey', type: 'p', columns: ['dealer_id', 'id'] },
    {
      table: 'lines',
      name: 'lines_order_fkey',
      type: 'f',
      columns: ['dealer_id', 'order_id'],
      refTable: 'orders',
      refColumns: ['dealer_id', 'id'],
      onUpdate: 'a',
    },
  ],
  uniqueIndexes: [{ table: 'orders', name: 'orders_number_idx', columns: ['dealer_id', 'number'] }],
};

const problems = (catalog: Catalog) => distributionOffences(catalog, declared).map((o) => `${o.table}.${o.object}: ${o.problem}`);

describe('distributionOffences', () => {
  it('passes a schema keyed by dealer_id with network-level tables declared', () => {
    expect(problems(good)).toEqual([]);
  });

  it('names a nullable dealer_id and a table that is neither dealer-owned nor declared', () => {
    const bad = { ...good, tables: [...good.tables, { name: 'notes', dealerIdNotNull: false }, { name: 'things', dealerIdNotNull: null }] };
    expect(problems(bad)).toEqual([
      'notes.dealer_id: dealer_id is nullable (make it not null, or declare the table network-level)',
      'things.things: neither dealer-owned (dealer_id not null) nor declared network-level or local',
    ]);
  });

  it('names keys and unique indexes without dealer_id on dealer-owned tables only', () => {
    const bad: Catalog = {
      ...good,
      constraints: [
        ...good.constraints,
        { table: 'orders', name: 'orders_token_key', type: 'u', columns: ['token_hash'] },
        { table: 'lines', name: 'lines_no_overlap', type: 'x', columns: ['bay_id', 'during'] },
        { table: 'customers', name: 'customers_mobile_key', type: 'u', columns: ['mobile'] },
      ],
      uniqueIndexes: [...good.uniqueIndexes, { table: 'orders', name: 'orders_id_idx', columns: ['id'] }],
    };
    expect(problems(bad)).toEqual([
      'orders.orders_token_key: unique constraint without dealer_id',
      'lines.lines_no_overlap: exclusion constraint without dealer_id',
      'orders.orders_id_idx: unique index without dealer_id',
    ]);
  });

  it('names ON UPDATE CASCADE, a foreign key between dealer-owned tables off dealer_id, and a reference to a dealer-owned table', () => {
    const bad: Catalog = {
      ...good,
      constraints: [
        ...good.constraints.filter((c) => c.name !== 'lines_order_fkey'),
        {
          table: 'lines',
          name: 'lines_order_fkey',
          type: 'f',
          columns: ['order_id'],
          refTable: 'orders',
          refColumns: ['id'],
          onUpdate: 'c',
        },
        {
          table: 'customers',
          name: 'customers_last_order_fkey',
          type: 'f',
          columns: ['dealer_id', 'last_order_id'],
          refTable: 'orders',
          refColumns: ['dealer_id', 'id'],
          onUpdate: 'a',
        },
      ],
    };
    expect(problems(bad)).toEqual([
      'lines.lines_order_fkey: ON UPDATE CASCADE (a distribution key cannot change)',
      'lines.lines_order_fkey: foreign key to orders does not join dealer_id to dealer_id',
      'customers.customers_last_order_fkey: network-level table refers to the dealer-owned table orders',
    ]);
  });

  it('names a declared table the schema does not have', () => {
    expect(distributionOffences(good, { ...declared, network: ['customers', 'gone'] })).toEqual([
      { table: 'gone', object: 'gone', problem: 'declared but not in the schema' },
    ]);
  });
});
