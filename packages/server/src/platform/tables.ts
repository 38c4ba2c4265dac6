/**
 * Where each table lives when the database grows into a Citus cluster (docs/SCALING.md, architecture
 * §4.2). Every table in `public` is one of three kinds:
 *
 * - dealer-owned: has `dealer_id not null`; distributed by dealer_id. The default: not listed here.
 * - network-level: shared by the dealers of a network (the car maker's records, customers and their
 *   cars); a reference table, copied to every node. Listed in NETWORK_TABLES.
 * - local: stays on the coordinator only (the migration bookkeeping). Listed in LOCAL_TABLES.
 *
 * test/schema-distribution.test.ts fails when a table is neither dealer-owned nor listed, or when a
 * dealer-owned table has a key, unique index or foreign key Citus would refuse.
 */
export const NETWORK_TABLES = [
  // The network, its dealers and people.
  'networks',
  'dealers',
  'users',
  'sessions',
  'api_tokens',
  'idempotency_keys',
  // Customers and their cars belong to the network (domain §1); a dealer reaches them through
  // dealer_customers / dealer_vehicles. Distributing them by network would put a network on one shard.
  'customers',
  'vehicles',
  'vehicle_models',
  'mileage_readings',
  'maintenance_predictions',
  // The car maker's own records.
  'questionnaires',
  'questionnaire_versions',
  'campaigns',
  'campaign_vehicles',
  'warranty_policies',
  'warranty_part_prices',
  'warranty_settings',
  'sanbao_cases',
  'kpi_refreshes',
  'network_audit_log',
  'network_timeline_events',
  // The car maker admin's webhook subscriptions; their deliveries are dealer-owned, under the event's dealer.
  'network_webhook_subscriptions',
  // The club is the network's: a member earns at one dealer and spends at another.
  'club_settings',
  'club_memberships',
  'club_points',
  'club_fees',
  'club_redemption_sources',
] as const;

/** On the coordinator only, never distributed. pg-boss's tables live in their own schema (`pgboss`), also local. */
export const LOCAL_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

export type NetworkTable = (typeof NETWORK_TABLES)[number];
export type LocalTable = (typeof LOCAL_TABLES)[number];
