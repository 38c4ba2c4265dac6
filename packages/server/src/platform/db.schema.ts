import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T = Record<string, unknown>> = ColumnType<T, string, string>;

export interface NetworksTable {
  id: string;
  code: string;
  name: string;
  created_at: CreatedAt;
}

export interface DealersTable {
  id: string;
  network_id: string;
  code: string;
  name: string;
  grade: string;
  city: string;
  time_zone: string;
  opens_at: string;
  closes_at: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: string;
  network_id: string;
  dealer_id: string | null;
  login: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  locale: string;
  failed_login_count: Generated<number>;
  locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface VehicleModelsTable {
  id: string;
  network_id: string;
  code: string;
  name: string;
  fuel_type: string;
  service_interval_km: number;
  service_interval_months: number;
}

export type ConsentJson = { sms: boolean; phone: boolean; email: boolean; wechat: boolean };

export interface CustomersTable {
  id: string;
  network_id: string;
  name: string;
  mobile: string;
  kind: string;
  gender: string;
  birthday: string | null;
  email: string | null;
  city: string | null;
  address: string | null;
  notes: string | null;
  consent: Json<ConsentJson>;
  consent_updated_at: Timestamp | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface DealerCustomersTable {
  dealer_id: string;
  customer_id: string;
  source: string;
  created_at: CreatedAt;
}

export interface VehiclesTable {
  id: string;
  network_id: string;
  vin: string;
  plate_key: string;
  model_id: string | null;
  model_year: number | null;
  color: string | null;
  fuel_type: string;
  use_type: string;
  delivered_on: string | null;
  owner_id: string;
  user_id: string | null;
  insurance_expires_on: string | null;
  inspection_due_on: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface DealerVehiclesTable {
  dealer_id: string;
  vehicle_id: string;
  source: string;
  created_at: CreatedAt;
}

export interface MileageReadingsTable {
  id: string;
  vehicle_id: string;
  read_on: string;
  km: number;
  source: string;
  odometer_replaced: boolean;
  dealer_id: string | null;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface TimelineEventsTable {
  id: string;
  network_id: string;
  customer_id: string;
  vehicle_id: string | null;
  dealer_id: string | null;
  kind: string;
  data: Json;
  actor_user_id: string | null;
  occurred_at: Timestamp;
}

export interface AuditLogTable {
  id: string;
  network_id: string;
  dealer_id: string | null;
  actor_user_id: string | null;
  actor_token_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  request_id: string | null;
  at: Timestamp;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  response_status: number | null;
  response_body: Json<unknown> | null;
  created_at: CreatedAt;
}

export interface DB {
  networks: NetworksTable;
  dealers: DealersTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  vehicle_models: VehicleModelsTable;
  customers: CustomersTable;
  dealer_customers: DealerCustomersTable;
  vehicles: VehiclesTable;
  dealer_vehicles: DealerVehiclesTable;
  mileage_readings: MileageReadingsTable;
  timeline_events: TimelineEventsTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
}
