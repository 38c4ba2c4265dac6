import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string, never>;
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
  /** The car maker's sales region (大区), migration 0015. */
  region: string | null;
  time_zone: string;
  opens_at: string;
  closes_at: string;
  /** Printed on the repair order (migration 0013). */
  phone: string | null;
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
  ip: Generated<string | null>;
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
  licence_expires_on: Generated<string | null>;
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

export interface DealerSettingsTable {
  dealer_id: string;
  slot_minutes: Generated<number>;
  capacity_ratio: Generated<number>;
  on_time_window_minutes: Generated<number>;
  no_show_grace_minutes: Generated<number>;
  confirmation_sms_at: Generated<string>;
  assignment_deadline: Generated<string>;
  sa_call_lead_minutes: Generated<number>;
  quiet_hours_start: Generated<string>;
  quiet_hours_end: Generated<string>;
  labour_rate_fen: Generated<number>;
  timely_reception_minutes: Generated<number>;
  walkaround_items: Json<string[]> | null;
  updated_at: Timestamp;
}

export interface StaffAbsencesTable {
  dealer_id: string;
  work_date: string;
  user_id: string;
  created_at: CreatedAt;
}

export interface BaysTable {
  dealer_id: string;
  id: string;
  name: string;
  kind: Generated<string>;
  active: Generated<boolean>;
}

export interface PartsTable {
  dealer_id: string;
  id: string;
  part_number: string;
  name: string;
  price_fen: number;
  stock_quantity: Generated<number>;
}

export interface DealerSequencesTable {
  dealer_id: string;
  name: string;
  day: string;
  value: number;
}

export type RequestedWorkJson = { kind: 'maintenance' | 'repair'; description: string }[];

export interface AppointmentsTable {
  dealer_id: string;
  id: string;
  number: string;
  customer_id: string;
  vehicle_id: string | null;
  plate_key: string;
  starts_at: Timestamp;
  duration_minutes: number;
  status: string;
  channel: string;
  requested_work: Json<RequestedWorkJson>;
  customer_words: string | null;
  preferred_sa_id: string | null;
  assigned_sa_id: string | null;
  booked_by: string | null;
  needs_staff_review: Generated<boolean>;
  parts_quote_fen: Generated<number>;
  arrived_at: Timestamp | null;
  arrival_status: string | null;
  cancel_reason: string | null;
  manage_token_hash: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AppointmentEventsTable {
  dealer_id: string;
  id: string;
  appointment_id: string;
  kind: string;
  data: Json;
  actor_user_id: string | null;
  at: Timestamp;
}

export interface SlotBookingsTable {
  dealer_id: string;
  starts_at: Timestamp;
  booked: number;
}

export interface ConfirmationAttemptsTable {
  dealer_id: string;
  id: string;
  appointment_id: string;
  step: string;
  channel: string;
  result: string;
  note: string | null;
  by_user_id: string | null;
  at: Timestamp;
}

export interface PrepickItemsTable {
  dealer_id: string;
  id: string;
  appointment_id: string;
  part_id: string | null;
  part_number: string;
  name: string;
  quantity: number;
  unit_price_fen: number;
  in_stock: boolean;
  status: Generated<string>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface WorkshopReservationsTable {
  dealer_id: string;
  id: string;
  appointment_id: string;
  bay_id: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface TasksTable {
  dealer_id: string;
  id: string;
  kind: string;
  assignee_user_id: string | null;
  appointment_id: string | null;
  customer_id: string | null;
  complaint_id: Generated<string | null>;
  survey_response_id: Generated<string | null>;
  due_at: Timestamp;
  status: Generated<string>;
  result: string | null;
  dedupe_key: string;
  created_at: CreatedAt;
  done_at: Timestamp | null;
}

export interface ArrivalsTable {
  dealer_id: string;
  id: string;
  arrived_at: Timestamp;
  appointment_id: string | null;
  customer_id: string | null;
  vehicle_id: string | null;
  recorded_by: string | null;
}

export interface OtpCodesTable {
  id: string;
  dealer_id: string;
  mobile: string;
  code_hash: string;
  expires_at: Timestamp;
  attempts: Generated<number>;
  used_at: Timestamp | null;
  ip: string | null;
  created_at: CreatedAt;
}

export interface OutboxMessagesTable {
  id: string;
  network_id: string;
  dealer_id: string | null;
  customer_id: string | null;
  channel: string;
  recipient: string;
  template: string;
  locale: string;
  subject: string | null;
  body: string;
  dedupe_key: string;
  not_before: Timestamp;
  status: Generated<string>;
  skip_reason: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  provider_ref: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  /** While `sending`: the claim holds until then; a claim past it outlived its process and is claimed again. */
  lease_until: Timestamp | null;
}

export interface LabourOperationsTable {
  dealer_id: string;
  id: string;
  code: string;
  name: string;
  flat_rate_hours: number;
  active: Generated<boolean>;
}

export interface MaintenancePackagesTable {
  dealer_id: string;
  id: string;
  code: string;
  name: string;
  model_id: string | null;
  interval_km: number | null;
  active: Generated<boolean>;
}

export interface MaintenancePackageItemsTable {
  dealer_id: string;
  id: string;
  package_id: string;
  kind: string;
  labour_operation_id: string | null;
  part_id: string | null;
  quantity: Generated<number>;
}

export interface VisitsTable {
  dealer_id: string;
  id: string;
  customer_id: string;
  vehicle_id: string;
  appointment_id: string | null;
  sa_id: string | null;
  arrived_at: Timestamp;
  greeted_at: Timestamp;
  status: Generated<string>;
  cancel_reason: string | null;
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
  created_at: CreatedAt;
}

export interface InspectionsTable {
  dealer_id: string;
  id: string;
  visit_id: string;
  checklist: Json<unknown>;
  damage: Json<unknown>;
  tyres: Json<unknown>;
  fuel_level: number | null;
  odometer_km: number | null;
  valuables: string | null;
  covers_applied: Generated<boolean>;
  photos: Json<unknown>;
  signature_png: string | null;
  signed_content_hash: string | null;
  signed_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface RepairOrdersTable {
  dealer_id: string;
  id: string;
  number: string;
  visit_id: string;
  customer_id: string;
  vehicle_id: string;
  sa_id: string | null;
  concerns: string;
  diagnosis: string | null;
  promised_at: Timestamp;
  odometer_km: number | null;
  status: Generated<string>;
  signature_png: string | null;
  signed_content_hash: string | null;
  signed_at: Timestamp | null;
  rework_count: Generated<number>;
  cancel_reason: string | null;
  ready_at: Timestamp | null;
  delivered_at: Timestamp | null;
  next_due_on: string | null;
  next_due_km: number | null;
  progress_token_hash: string | null;
  delivery_checklist: Json<unknown> | null;
  bay_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RoLinesTable {
  dealer_id: string;
  id: string;
  repair_order_id: string;
  position: number;
  kind: string;
  code: string | null;
  description: string;
  pay_type: string;
  hours: number | null;
  hourly_rate_fen: number | null;
  quantity: number | null;
  unit_price_fen: number | null;
  discount_percent: number | null;
  discount_fen: number | null;
  labour_operation_id: string | null;
  part_id: string | null;
  package_id: string | null;
  created_at: CreatedAt;
  /** The technician finished the line (migration 0014). */
  finished_at: Timestamp | null;
  finished_by: string | null;
}

/** What a technician found on the job: words and measurements, for a line or the whole order. */
export interface JobFindingsTable {
  dealer_id: string;
  id: string;
  repair_order_id: string;
  line_id: string | null;
  technician_id: string;
  text: string;
  measurements: Json<{ name: string; value: number; unit: string }[]>;
  created_at: CreatedAt;
}

export interface AdditionalItemsTable {
  dealer_id: string;
  id: string;
  repair_order_id: string;
  raised_by: string | null;
  kind: string;
  code: string | null;
  description: string;
  reason: string;
  hours: number | null;
  hourly_rate_fen: number | null;
  quantity: number | null;
  unit_price_fen: number | null;
  labour_operation_id: string | null;
  part_id: string | null;
  pay_type: Generated<string>;
  safety: Generated<boolean>;
  photos: Json<unknown>;
  status: Generated<string>;
  token_hash: string | null;
  token_expires_at: Timestamp | null;
  token_used_at: Timestamp | null;
  decided_at: Timestamp | null;
  decided_via: string | null;
  hazard_wording: string | null;
  customer_signature_png: string | null;
  line_id: string | null;
  created_at: CreatedAt;
}

export interface JobAssignmentsTable {
  dealer_id: string;
  id: string;
  repair_order_id: string;
  technician_id: string;
  assigned_by: string | null;
  assigned_at: Timestamp;
}

export interface ClockEventsTable {
  dealer_id: string;
  id: string;
  repair_order_id: string;
  line_id: string | null;
  technician_id: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface QualityChecksTable {
  dealer_id: string;
  id: string;
  repair_order_id: string;
  inspector_id: string | null;
  passed: boolean;
  checklist: Json<unknown>;
  road_test: Json<unknown> | null;
  reason: string | null;
  at: Timestamp;
}

export interface InvoicesTable {
  dealer_id: string;
  id: string;
  number: string;
  repair_order_id: string;
  totals: Json<unknown>;
  total_fen: number;
  customer_payable_fen: number;
  discount_fen: Generated<number>;
  discount_approved_by: string | null;
  ready_to_pay_at: Timestamp;
  paid_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface PaymentsTable {
  dealer_id: string;
  id: string;
  invoice_id: string;
  method: string;
  amount_fen: number;
  reference: string | null;
  received_by: string | null;
  at: Timestamp;
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
  dealer_settings: DealerSettingsTable;
  staff_absences: StaffAbsencesTable;
  bays: BaysTable;
  parts: PartsTable;
  dealer_sequences: DealerSequencesTable;
  appointments: AppointmentsTable;
  appointment_events: AppointmentEventsTable;
  slot_bookings: SlotBookingsTable;
  confirmation_attempts: ConfirmationAttemptsTable;
  prepick_items: PrepickItemsTable;
  workshop_reservations: WorkshopReservationsTable;
  tasks: TasksTable;
  arrivals: ArrivalsTable;
  otp_codes: OtpCodesTable;
  outbox_messages: OutboxMessagesTable;
  labour_operations: LabourOperationsTable;
  maintenance_packages: MaintenancePackagesTable;
  maintenance_package_items: MaintenancePackageItemsTable;
  visits: VisitsTable;
  inspections: InspectionsTable;
  repair_orders: RepairOrdersTable;
  ro_lines: RoLinesTable;
  job_findings: JobFindingsTable;
  additional_items: AdditionalItemsTable;
  job_assignments: JobAssignmentsTable;
  clock_events: ClockEventsTable;
  quality_checks: QualityChecksTable;
  invoices: InvoicesTable;
  payments: PaymentsTable;
  follow_up_settings: FollowUpSettingsTable;
  maintenance_predictions: MaintenancePredictionsTable;
  follow_up_tasks: FollowUpTasksTable;
  follow_up_attempts: FollowUpAttemptsTable;
  win_back_cases: WinBackCasesTable;
  work_plans: WorkPlansTable;
  complaint_settings: ComplaintSettingsTable;
  complaints: ComplaintsTable;
  complaint_events: ComplaintEventsTable;
  complaint_recoveries: ComplaintRecoveriesTable;
  questionnaires: QuestionnairesTable;
  questionnaire_versions: QuestionnaireVersionsTable;
  survey_settings: SurveySettingsTable;
  survey_invitations: SurveyInvitationsTable;
  survey_responses: SurveyResponsesTable;
  survey_factor_scores: SurveyFactorScoresTable;
  csi_daily: CsiDailyTable;
  csi_daily_factors: CsiDailyFactorsTable;
  kpi_dealer_months: KpiDealerMonthsTable;
  kpi_refreshes: KpiRefreshesTable;
}

export interface FollowUpSettingsTable {
  dealer_id: string;
  rules: Json<Record<string, unknown>>;
  max_attempts: Generated<number>;
  reminder_channel: Generated<string>;
  updated_at: Timestamp;
}

export interface MaintenancePredictionsTable {
  vehicle_id: string;
  network_id: string;
  dealer_id: string | null;
  /** Null when the prediction counts from the odometer readings (no service in the network). */
  last_service_on: string | null;
  last_service_km: number | null;
  /** 'last_service' | 'readings' | 'delivery' (migration 0011). */
  counted_from: string;
  daily_km: string | null;
  readings_used: number;
  confidence: string;
  basis: string;
  due_on: string;
  due_km: number | null;
  computed_at: Timestamp;
}

export interface FollowUpTasksTable {
  dealer_id: string;
  id: string;
  rule: string;
  period_key: string;
  customer_id: string;
  vehicle_id: string | null;
  repair_order_id: string | null;
  anchor_on: string;
  due_from: string;
  due_until: string;
  owner_id: string | null;
  status: Generated<string>;
  attempts: Generated<number>;
  call_back_at: Timestamp | null;
  outcome: string | null;
  appointment_id: string | null;
  reminder_sent_at: Timestamp | null;
  version: Generated<number>;
  created_at: CreatedAt;
  closed_at: Timestamp | null;
}

export interface FollowUpAttemptsTable {
  dealer_id: string;
  id: string;
  task_id: string;
  agent_id: string | null;
  at: Timestamp;
  result: string;
  user_name: string | null;
  user_mobile: string | null;
  call_back_at: Timestamp | null;
  reported_km: number | null;
  serviced_elsewhere: string | null;
  satisfaction: string | null;
  dissatisfaction_category: string | null;
  dissatisfaction: string | null;
  notes: string | null;
  appointment_id: string | null;
}

export interface WinBackCasesTable {
  dealer_id: string;
  id: string;
  customer_id: string;
  vehicle_id: string | null;
  task_id: string | null;
  period_key: string;
  last_visit_on: string | null;
  due_on: string | null;
  reason: string | null;
  reason_suspected: Generated<boolean>;
  action: string | null;
  cost_fen: Generated<number>;
  result: Generated<string>;
  result_on: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface WorkPlansTable {
  dealer_id: string;
  id: string;
  kind: string;
  title: string;
  period_from: string;
  period_to: string;
  method: string | null;
  content: string | null;
  purpose: string | null;
  target_count: number;
  minimum_count: number;
  metric: string;
  rule: string | null;
  manual_actual: Generated<number>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
}

export interface ComplaintSettingsTable {
  dealer_id: string;
  settings: Json<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface ComplaintsTable {
  dealer_id: string;
  id: string;
  network_id: string;
  number: string;
  status: string;
  channel: string;
  source_ref: string | null;
  customer_id: string;
  vehicle_id: string | null;
  repair_order_id: string | null;
  customer_words: string;
  demand: string | null;
  background: string | null;
  category: string | null;
  subcategory: string | null;
  cause_class: string | null;
  severity: string;
  escalated_to: string | null;
  first_responder_id: string | null;
  owner_id: string | null;
  handler_id: string | null;
  handler_role: string | null;
  level: Generated<number>;
  car_maker_involved: Generated<boolean>;
  received_at: Timestamp;
  acknowledged_at: Timestamp | null;
  feedback_due_at: Timestamp;
  feedback_at: Timestamp | null;
  due_step: string | null;
  due_at: Timestamp | null;
  was_overdue: Generated<boolean>;
  car_maker_deadline_at: Timestamp | null;
  verification: string | null;
  root_cause: string | null;
  solution_plan: string | null;
  customer_accepted_at: Timestamp | null;
  appointment_id: string | null;
  final_satisfaction: string | null;
  preventable: boolean | null;
  prevention_measure: string | null;
  closed_at: Timestamp | null;
  follow_up_task_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ComplaintEventsTable {
  dealer_id: string;
  id: string;
  complaint_id: string;
  kind: string;
  data: Json<Record<string, unknown>>;
  actor_user_id: string | null;
  at: Timestamp;
}

export interface ComplaintRecoveriesTable {
  dealer_id: string;
  id: string;
  complaint_id: string;
  kind: string;
  description: string | null;
  cost_fen: number;
  status: string;
  requested_by: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  note: string | null;
  created_at: Timestamp;
}

export interface QuestionnairesTable {
  id: string;
  network_id: string;
  dealer_id: string | null;
  name: string;
  active: Generated<boolean>;
  current_version: Generated<number>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface QuestionnaireVersionsTable {
  questionnaire_id: string;
  version: number;
  definition: Json<unknown>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface SurveySettingsTable {
  dealer_id: string;
  enabled: Generated<boolean>;
  delay_hours: Generated<string>;
  expiry_days: Generated<number>;
  min_days_between: Generated<number>;
  updated_at: Timestamp;
}

export interface SurveyInvitationsTable {
  dealer_id: string;
  id: string;
  network_id: string;
  token_hash: string;
  questionnaire_id: string;
  questionnaire_version: number;
  customer_id: string;
  vehicle_id: string | null;
  repair_order_id: string;
  sa_id: string | null;
  delivered_at: Timestamp | null;
  send_at: Timestamp;
  expires_at: Timestamp;
  answered_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SurveyResponsesTable {
  dealer_id: string;
  id: string;
  network_id: string;
  invitation_id: string | null;
  questionnaire_id: string;
  questionnaire_version: number;
  customer_id: string;
  vehicle_id: string | null;
  repair_order_id: string | null;
  sa_id: string | null;
  source: string;
  recorded_by: string | null;
  submitted_at: Timestamp;
  csi: string | null;
  factor_scores: Json<Record<string, number>>;
  answers: Json<Record<string, unknown>>;
  low_items: string[];
  low: boolean;
  flags: string[];
  complaint_id: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface SurveyFactorScoresTable {
  dealer_id: string;
  response_id: string;
  factor: string;
  score: string;
  submitted_at: Timestamp;
  sa_id: string | null;
}

export interface CsiDailyTable {
  dealer_id: string;
  day: string;
  invitations: Generated<number>;
  responses: Generated<number>;
  csi_sum: Generated<string>;
  csi_count: Generated<number>;
  low: Generated<number>;
}

export interface CsiDailyFactorsTable {
  dealer_id: string;
  day: string;
  factor: string;
  score_sum: Generated<string>;
  answers: Generated<number>;
}

type Count = ColumnType<string, number | string | undefined, number | string>;

/** The cockpit's monthly rollup per dealer (migration 0016): counts only, the rates are computed on read. */
export interface KpiDealerMonthsTable {
  dealer_id: string;
  /** The first day of the dealer's month. */
  month: string;
  vehicles_in: Count;
  revenue_fen: Count;
  arrivals_all: Count;
  appt_arrived: Count;
  appt_due: Count;
  no_shows: Count;
  confirmed: Count;
  timely: Count;
  delivered: Count;
  delivered_on_time: Count;
  ftf_judged: Count;
  ftf_fixed: Count;
  repairs: Count;
  repeats: Count;
  reminder_targets: Count;
  reminder_returned: Count;
  tasks_due: Count;
  tasks_closed: Count;
  ros_opened: Count;
  complaints: Count;
  responded_in_time: Count;
  complaints_closed: Count;
  close_seconds: Count;
  csi_count: Count;
  retention_active: Count;
  retention_retained: Count;
  process_visits: Count;
  process_complete: Count;
  csi_sum: Count;
}

export interface KpiRefreshesTable {
  network_id: string;
  refreshed_at: Timestamp;
  from_month: string;
  to_month: string;
}
