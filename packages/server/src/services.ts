import { createActivitiesService } from './modules/activities/activities.service.js';
import { createAdminService } from './modules/admin/admin.service.js';
import { createAppointmentKpisService } from './modules/appointments/appointment-kpis.service.js';
import { type BookingCache, createBookingCache } from './modules/appointments/appointments.capacity.js';
import type { AppointmentJobs } from './modules/appointments/appointments.jobs.js';
import { createAppointmentsService } from './modules/appointments/appointments.service.js';
import { createBookingSettingsService } from './modules/appointments/booking-settings.service.js';
import { createPrepickService } from './modules/appointments/prepick.service.js';
import { createPublicBookingService } from './modules/appointments/public-booking.service.js';
import { createWelcomeBoardService } from './modules/appointments/welcome-board.service.js';
import { type AuthSettings, createAuthService } from './modules/auth/auth.service.js';
import { createClubService } from './modules/club/club.service.js';
import type { ComplaintJobs } from './modules/complaints/complaints.jobs.js';
import { createComplaintsService } from './modules/complaints/complaints.service.js';
import { createCostBudgetsService } from './modules/costs/cost-budgets.service.js';
import { createCsiService, previewSurveyInvitation } from './modules/csi/csi.service.js';
import { createCustomerHistoryService } from './modules/customers/customer-history.service.js';
import { createCustomerValueService } from './modules/customers/customer-value.service.js';
import { createCustomersService } from './modules/customers/customers.service.js';
import { createDriveService } from './modules/drive/drive.service.js';
import { createFollowUpCalls } from './modules/follow-up/follow-up.calls.js';
import { createFollowUpService } from './modules/follow-up/follow-up.service.js';
import { createLoanersService } from './modules/loaners/loaners.service.js';
import { createMessagesService } from './modules/messages/messages.service.js';
import { createNetworkService } from './modules/network/network.service.js';
import { createNetworkKpisService } from './modules/network/network-kpis.service.js';
import { createPickupService } from './modules/pickup/pickup.service.js';
import { createProcessChecksService } from './modules/process-checks/process-checks.service.js';
import { createAdditionalWorkService } from './modules/repair-orders/additional-work.service.js';
import { createInspectionsService } from './modules/repair-orders/inspections.service.js';
import { createRepairOrdersService } from './modules/repair-orders/repair-orders.service.js';
import { createSettlementService } from './modules/repair-orders/settlement.service.js';
import { createRescueService } from './modules/rescue/rescue.service.js';
import { createScorecardsService } from './modules/scorecards/scorecards.service.js';
import { createTasksService } from './modules/tasks/tasks.service.js';
import { createArchiveDownloadService } from './modules/transfer/archive-download.service.js';
import { createValueAddedService } from './modules/value-added/value-added.service.js';
import { createVehiclesService } from './modules/vehicles/vehicles.service.js';
import { createCampaignsService } from './modules/warranty/campaigns.service.js';
import { createSanbaoService } from './modules/warranty/sanbao.service.js';
import type { WarrantyJobs } from './modules/warranty/warranty.jobs.js';
import { createWarrantyService } from './modules/warranty/warranty.service.js';
import type { WebhookSender } from './modules/webhooks/webhooks.sender.js';
import { createWebhooksService } from './modules/webhooks/webhooks.service.js';
import { createWorkshopService } from './modules/workshop/workshop.service.js';
import { type ActorCache, createActorCache } from './platform/authenticate.js';
import type { Clock } from './platform/clock.js';
import type { Database } from './platform/db.js';
import type { FileStorage } from './platform/files.js';
import type { Jobs } from './platform/jobs.js';
import type { Outbox } from './platform/outbox.js';
import type { ReadRouter } from './platform/read-routing.js';

export type ServiceDeps = {
  db: Database;
  /** The database of report reads (`reads.forReport(actor)`): the read replica when it is safe, else `db`. */
  reads: ReadRouter;
  clock: Clock;
  authSettings: AuthSettings;
  jobs: Jobs;
  outbox: Outbox;
  /** Webhook events, emitted in the transaction of the change (`webhooks.emit`). */
  webhooks: WebhookSender;
  appointmentJobs: AppointmentJobs;
  complaintJobs: ComplaintJobs;
  warrantyJobs: WarrantyJobs;
  publicUrl: string;
  files: FileStorage;
  /** Where stored files live: the archive download reads them as the CLI export does. */
  filesDir: string;
  /** Per process, made once by `createServiceCaches`: services are made again for every transaction. */
  actors: ActorCache;
  bookingCache: BookingCache;
};

export type ServiceCaches = { actors: ActorCache; bookingCache: BookingCache };

export function createServiceCaches(clock: Clock): ServiceCaches {
  return { actors: createActorCache(clock), bookingCache: createBookingCache(clock) };
}

/** Factory wiring, no container: every service gets the same db (or transaction), clock and queues. */
export function createServices(deps: ServiceDeps) {
  const appointments = createAppointmentsService(deps);
  const vehicles = createVehiclesService(deps);
  // Narrow entry points one module offers another, wired here once: a use-case that needs another
  // module's step calls it in its own transaction instead of building that module's service.
  const followUpCalls = createFollowUpCalls(deps);
  const complaints = createComplaintsService({ ...deps, appointments, followUpCalls });
  const pickup = createPickupService(deps);
  return {
    auth: createAuthService({ db: deps.db, clock: deps.clock, settings: deps.authSettings, actors: deps.actors }),
    admin: createAdminService(deps),
    customers: createCustomersService(deps),
    customerHistory: createCustomerHistoryService(deps),
    vehicles,
    network: createNetworkService(deps),
    networkKpis: createNetworkKpisService(deps),
    appointments,
    bookingSettings: createBookingSettingsService(deps),
    prepick: createPrepickService({ ...deps, list: appointments.list }),
    appointmentKpis: createAppointmentKpisService(deps),
    welcomeBoard: createWelcomeBoardService(deps),
    publicBooking: createPublicBookingService({ ...deps, appointments, pickup }),
    tasks: createTasksService(deps),
    processChecks: createProcessChecksService(deps),
    messages: createMessagesService(deps),
    repairOrders: createRepairOrdersService({ ...deps, checkIn: appointments.checkIn, mileage: vehicles }),
    workshop: createWorkshopService(deps),
    additionalWork: createAdditionalWorkService(deps),
    settlement: createSettlementService({ ...deps, previewSurvey: previewSurveyInvitation }),
    inspections: createInspectionsService({ ...deps, mileage: vehicles }),
    followUp: createFollowUpService({
      ...deps,
      appointments,
      complaints,
      vehiclesIn: (db) => createVehiclesService({ db, clock: deps.clock }),
    }),
    complaints,
    csi: createCsiService({ ...deps, complaints }),
    drive: createDriveService(deps),
    warranty: createWarrantyService(deps),
    campaigns: createCampaignsService({ ...deps, followUpCalls }),
    customerValue: createCustomerValueService({ ...deps, followUpCalls }),
    sanbao: createSanbaoService(deps),
    costBudgets: createCostBudgetsService(deps),
    loaners: createLoanersService(deps),
    scorecards: createScorecardsService(deps),
    pickup,
    webhooks: createWebhooksService(deps),
    archive: createArchiveDownloadService(deps),
    rescue: createRescueService({
      ...deps,
      // A car towed to the dealer is checked in as a walk-in, in the rescue call's transaction.
      openVisit: (tx, actor, input) =>
        createRepairOrdersService({ ...deps, db: tx, checkIn: appointments.checkIn, mileage: vehicles }).openVisit(actor, input),
    }),
    club: createClubService(deps),
    valueAdded: createValueAddedService(deps),
    activities: createActivitiesService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
