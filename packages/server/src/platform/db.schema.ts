import type {
  CampaignRule,
  ClubLevelSetting,
  ClubSettingsValues,
  SanbaoFlag,
  SanbaoSettings,
  ScorecardMetricSetting,
  WarrantyFindings,
  WarrantyTerms,
} from '@servicebay/contracts';
import type { ColumnType } from 'kysely';
import type * as Db from './db.generated.js';

// The table types are generated from the migrated schema (db.generated.ts, `npm run db:types`): columns,
// nullability, defaults and the values a `check (col in (...))` allows. This file only adds what the
// database cannot know: the shape of the JSON a module stores in a json/jsonb column.

/** A JSON column read as `T` (written as JSON text), keeping whether the column has a default. */
type JsonAs<Column, T> = Column extends ColumnType<unknown, infer Insert, infer Update> ? ColumnType<T, Insert, Update> : Column;
type WithJson<Table, Shapes extends { [K in keyof Table]?: unknown }> = {
  [K in keyof Table]: K extends keyof Shapes ? JsonAs<Table[K], Shapes[K]> : Table[K];
};
type JsonObject = Record<string, unknown>;
type CampaignPart = { partNumber: string; name: string; quantity: number };

export type ConsentJson = { sms: boolean; phone: boolean; email: boolean; wechat: boolean };
export type RequestedWorkJson = { kind: 'maintenance' | 'repair'; description: string }[];

export type NetworksTable = Db.Networks;
export type DealersTable = Db.Dealers;
export type UsersTable = Db.Users;
export type SessionsTable = Db.Sessions;
export type ApiTokensTable = Db.ApiTokens;
export type VehicleModelsTable = Db.VehicleModels;
export type CustomersTable = WithJson<Db.Customers, { consent: ConsentJson }>;
export type DealerCustomersTable = Db.DealerCustomers;
export type CustomerSearchKeysTable = Db.CustomerSearchKeys;
export type VehiclesTable = Db.Vehicles;
export type DealerVehiclesTable = Db.DealerVehicles;
export type MileageReadingsTable = Db.MileageReadings;
export type TimelineEventsTable = WithJson<Db.TimelineEvents, { data: JsonObject }>;
export type NetworkTimelineEventsTable = WithJson<Db.NetworkTimelineEvents, { data: JsonObject }>;
export type AuditLogTable = Db.AuditLog;
export type IdempotencyKeysTable = Db.IdempotencyKeys;
export type DealerSettingsTable = WithJson<Db.DealerSettings, { walkaround_items: string[] }>;
export type StaffAbsencesTable = Db.StaffAbsences;
export type BaysTable = Db.Bays;
export type PartsTable = Db.Parts;
export type DealerSequencesTable = Db.DealerSequences;
export type AppointmentsTable = WithJson<Db.Appointments, { requested_work: RequestedWorkJson }>;
export type AppointmentEventsTable = WithJson<Db.AppointmentEvents, { data: JsonObject }>;
export type SlotBookingsTable = Db.SlotBookings;
export type ConfirmationAttemptsTable = Db.ConfirmationAttempts;
export type PrepickItemsTable = Db.PrepickItems;
export type WorkshopReservationsTable = Db.WorkshopReservations;
export type TasksTable = Db.Tasks;
export type ArrivalsTable = Db.Arrivals;
export type OtpCodesTable = Db.OtpCodes;
export type OutboxMessagesTable = Db.OutboxMessages;
export type LabourOperationsTable = Db.LabourOperations;
export type MaintenancePackagesTable = Db.MaintenancePackages;
export type MaintenancePackageItemsTable = Db.MaintenancePackageItems;
export type VisitsTable = Db.Visits;
export type InspectionsTable = Db.Inspections;
export type RepairOrdersTable = Db.RepairOrders;
export type RoLinesTable = Db.RoLines;
/** What a technician found on the job: words and measurements, for a line or the whole order. */
export type JobFindingsTable = WithJson<Db.JobFindings, { measurements: { name: string; value: number; unit: string }[] }>;
export type AdditionalItemsTable = Db.AdditionalItems;
export type JobAssignmentsTable = Db.JobAssignments;
export type ClockEventsTable = Db.ClockEvents;
export type QualityChecksTable = Db.QualityChecks;
export type InvoicesTable = Db.Invoices;
export type PaymentsTable = Db.Payments;
export type PaymentReversalsTable = Db.PaymentReversals;
export type FollowUpSettingsTable = WithJson<Db.FollowUpSettings, { rules: JsonObject }>;
export type MaintenancePredictionsTable = Db.MaintenancePredictions;
export type FollowUpTasksTable = Db.FollowUpTasks;
export type FollowUpAttemptsTable = Db.FollowUpAttempts;
export type WinBackCasesTable = Db.WinBackCases;
export type WorkPlansTable = Db.WorkPlans;
export type ComplaintSettingsTable = WithJson<Db.ComplaintSettings, { settings: JsonObject }>;
export type ComplaintsTable = Db.Complaints;
export type ComplaintEventsTable = WithJson<Db.ComplaintEvents, { data: JsonObject }>;
export type ComplaintRecoveriesTable = Db.ComplaintRecoveries;
export type QuestionnairesTable = Db.Questionnaires;
export type QuestionnaireVersionsTable = Db.QuestionnaireVersions;
export type SurveySettingsTable = Db.SurveySettings;
export type SurveyInvitationsTable = Db.SurveyInvitations;
export type SurveyResponsesTable = WithJson<Db.SurveyResponses, { factor_scores: Record<string, number>; answers: JsonObject }>;
export type SurveyFactorScoresTable = Db.SurveyFactorScores;
export type CsiDailyTable = Db.CsiDaily;
export type CsiDailyFactorsTable = Db.CsiDailyFactors;
export type KpiDealerMonthsTable = Db.KpiDealerMonths;
export type KpiRefreshesTable = Db.KpiRefreshes;
export type WarrantySettingsTable = Db.WarrantySettings;
export type WarrantyPartPricesTable = Db.WarrantyPartPrices;
export type WarrantyPoliciesTable = WithJson<Db.WarrantyPolicies, { terms: WarrantyTerms }>;
export type WarrantyChecksTable = WithJson<Db.WarrantyChecks, { findings: WarrantyFindings }>;
export type WarrantyClaimsTable = Db.WarrantyClaims;
export type WarrantyClaimLinesTable = Db.WarrantyClaimLines;
export type WarrantyClaimEventsTable = WithJson<Db.WarrantyClaimEvents, { data: JsonObject }>;
export type CampaignsTable = WithJson<Db.Campaigns, { parts: CampaignPart[]; rule: CampaignRule | null }>;
export type CampaignVehiclesTable = Db.CampaignVehicles;
export type SanbaoCasesTable = WithJson<Db.SanbaoCases, { flags: SanbaoFlag[] }>;
export type ScorecardSettingsTable = WithJson<Db.ScorecardSettings, { metrics: ScorecardMetricSetting[] }>;
type DamageMark = { x: number; y: number; kind: string; note?: string | null };
export type PickupSettingsTable = WithJson<Db.PickupSettings, { areas: { name: string; distanceKm: number }[] }>;
export type PickupJobsTable = WithJson<Db.PickupJobs, { damage: DamageMark[]; photos: string[] }>;
export type ClubSettingsTable = WithJson<
  Db.ClubSettings,
  { levels: ClubLevelSetting[]; benefit_codes: ClubSettingsValues['benefitCodes'] }
>;
export type ClubBenefitUsesTable = Db.ClubBenefitUses;
export type ClubFeesTable = Db.ClubFees;
export type ClubMembershipsTable = Db.ClubMemberships;
export type ClubPointsTable = Db.ClubPoints;
export type WarrantySettingsJsonTable = WithJson<Db.WarrantySettings, { sanbao: SanbaoSettings | null }>;

/** The database as Kysely sees it: every generated table, with the JSON shapes above. */
export type DB = Omit<Db.DB, keyof Refined> & Refined;
type Refined = {
  pickup_settings: PickupSettingsTable;
  pickup_jobs: PickupJobsTable;
  scorecard_settings: ScorecardSettingsTable;
  customers: CustomersTable;
  timeline_events: TimelineEventsTable;
  network_timeline_events: NetworkTimelineEventsTable;
  dealer_settings: DealerSettingsTable;
  appointments: AppointmentsTable;
  appointment_events: AppointmentEventsTable;
  job_findings: JobFindingsTable;
  follow_up_settings: FollowUpSettingsTable;
  complaint_settings: ComplaintSettingsTable;
  complaint_events: ComplaintEventsTable;
  survey_responses: SurveyResponsesTable;
  warranty_policies: WarrantyPoliciesTable;
  warranty_checks: WarrantyChecksTable;
  warranty_claim_events: WarrantyClaimEventsTable;
  campaigns: CampaignsTable;
  sanbao_cases: SanbaoCasesTable;
  warranty_settings: WarrantySettingsJsonTable;
  club_settings: ClubSettingsTable;
};
