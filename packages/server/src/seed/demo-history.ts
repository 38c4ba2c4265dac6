import {
  type Answers,
  type CallAttemptInput,
  isAsked,
  type PayType,
  type RepairOrder,
  type RoLineInput,
  type Role,
  type ScorecardRole,
} from '@servicebay/contracts';
import { createAppointmentJobs } from '../modules/appointments/appointments.jobs.js';
import { createComplaintJobs } from '../modules/complaints/complaints.jobs.js';
import { type VisitDelivered, visitDeliveredEvent } from '../modules/events/visit-events.js';
import { createWarrantyJobs } from '../modules/warranty/warranty.jobs.js';
import { createWebhookSender } from '../modules/webhooks/webhooks.sender.js';
import type { Actor } from '../platform/actor.js';
import { type Clock, fixedClock } from '../platform/clock.js';
import type { Database } from '../platform/db.js';
import { addDays, localDate, minutesOf, timeOf, zonedInstant } from '../platform/dealer-time.js';
import { localFileStorage } from '../platform/files.js';
import type { Jobs, JobToSend } from '../platform/jobs.js';
import { createEmailSender, recordingSmsProvider } from '../platform/message-channels.js';
import { createOutbox } from '../platform/outbox.js';
import { publicLinkIn } from '../platform/public-links.js';
import { primaryReads } from '../platform/read-routing.js';
import { createServiceCaches, createServices, type Services } from '../services.js';
import { resolveDemoComplaint } from './demo-complaints.js';
import { createDemoHistoryRepository, type DemoHistoryRepository } from './demo-history.repository.js';
import { seedDemoProcessChecks } from './demo-process-checks.js';
import {
  claimAfterDelivery,
  confirmAtReception,
  doOpenCampaign,
  seedDemoCampaign,
  seedWarrantyPolicies,
  type WarrantyDesk,
} from './demo-warranty.js';
import { between, pick, type Random, seededRandom } from './names.js';

// A year of service history per dealer, made through the use-cases staff and customers use: the
// check-in, the repair order and its signature, the workshop steps, the invoice, the payment and the
// delivery; then what the delivery sets off — the post-service call, the survey SMS and, for some
// customers, their answers. Dealers differ as their grades suggest: how pleased customers are, how
// often they answer the survey and are reached. Low survey scores and dissatisfied calls open complaints by
// themselves, as they would in a dealership; those older than a few days are resolved.

/**
 * How a dealer of each grade works (A best): its year's orders, the share of lukewarm customers, one
 * angry customer in so many of the orders before the last quarter (counted, not drawn: the complaint
 * figures must stay plausible on every first start), the mean score (1–7), survey answers and calls
 * reached; one repair in so many comes back within the month (about 3, 5 and 7 in 100 of the visits),
 * and the seed of the comebacks' own draws.
 */
const PROFILES = {
  A: { orders: 65, lukewarm: 0.05, angryEvery: 60, mean: 6.4, answers: 0.5, reached: 0.85, comebackEvery: 12, comebackSeed: 3101 },
  B: { orders: 60, lukewarm: 0.12, angryEvery: 40, mean: 6.1, answers: 0.4, reached: 0.75, comebackEvery: 7, comebackSeed: 3102 },
  D: { orders: 70, lukewarm: 0.22, angryEvery: 20, mean: 5.6, answers: 0.3, reached: 0.65, comebackEvery: 5, comebackSeed: 3103 },
} as const;
/** Pleased, lukewarm (middling scores) or angry (low scores and a dissatisfied call: these open complaints). */
type Mood = 'pleased' | 'lukewarm' | 'angry';
type Profile = (typeof PROFILES)[keyof typeof PROFILES];

/**
 * Customers per dealer who came in the year before (366–700 days ago), besides the year's own: some
 * twice and with larger jobs. Some of them come back in the year and some do not, so the dealer's
 * retention, a customer's tenure and the lapsing segments (at risk, hibernating, lost) have a history.
 */
const PRIOR_CUSTOMERS = 18;
/** Warranty repairs per dealer in the last four months, besides the year's own (the claims' demo). */
const WARRANTY_REPAIRS = 16;
/** A share of the year's orders fall in the last quarter (the KPI pages' default period). */
const RECENT_SHARE = 0.65;
/** The days before today whose orders go through the workshop's own steps (dispatch, clocking, the inspector). */
const WORKSHOP_DAYS = 70;
/** One job in so many fails its first quality check. */
const REWORK_EVERY = 17;
/** The inspector's checklist as the workshop's page records it (its zh-CN labels). */
const QC_CHECKLIST = ['车身外观', '内饰清洁', '发动机舱', '底盘', '维修项目已完成', '仪表无故障灯'];
const REWORK_REASON = '车身外观有划痕未处理，退回返工';
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

type Captured = JobToSend;

/** Jobs the history sends: visit events and message deliveries it runs itself, at their time; the rest are handed to the real queue at start. */
function capturingJobs(): Jobs & { taken: Captured[] } {
  const taken: Captured[] = [];
  return {
    taken,
    async send(_tx, definition, data, options = {}) {
      taken.push({ definition, data, options });
      return null;
    },
    async sendAll(_tx, jobs) {
      taken.push(...jobs);
    },
  };
}

type DealerRow = { id: string; network_id: string; code: string; grade: string; time_zone: string; opens_at: string };
type Reading = { readOn: string; km: number };

/**
 * The use-cases on the history's own clock, with its jobs kept in hand and its messages recorded
 * (a year of history is not sent to a gateway again).
 */
export function historyServices(db: Database, clock: Clock, options: { publicUrl: string; filesDir: string }) {
  const jobs = capturingJobs();
  const outbox = createOutbox({ db, clock, jobs, sms: recordingSmsProvider, email: createEmailSender(undefined, 'demo@servicebay.local') });
  const complaintJobs = createComplaintJobs({ jobs, escalateDue: () => (data) => services.complaints.escalateDue(data) });
  const warrantyJobs = createWarrantyJobs({
    jobs,
    windowClosing: () => (data) => services.warranty.windowClosing(data),
    partsOverdue: () => (data) => services.warranty.partsOverdue(data),
  });
  const services: Services = createServices({
    db,
    reads: primaryReads(db),
    clock,
    authSettings: { sessionTtlHours: 12, loginMaxFailures: 5, loginLockMinutes: 15 },
    jobs,
    outbox,
    webhooks: createWebhookSender({ db, clock, jobs }),
    appointmentJobs: createAppointmentJobs({ db, clock, jobs, outbox, publicUrl: options.publicUrl }),
    complaintJobs,
    warrantyJobs,
    publicUrl: options.publicUrl,
    files: localFileStorage(options.filesDir),
    filesDir: options.filesDir,
    ...createServiceCaches(clock),
  });
  return { services, jobs, outbox };
}

/** Seeds the history; returns the jobs it did not run (complaint timers) for the job queue once it is open. */
export async function seedDemoHistory(db: Database, options: { now: Date; publicUrl: string; filesDir: string }): Promise<Captured[]> {
  const clock = fixedClock(options.now);
  const { services, jobs, outbox } = historyServices(db, clock, options);
  const random = seededRandom(20261203);
  const repo = createDemoHistoryRepository(db);
  const dealers = await repo.dealers();
  const later: Captured[] = [];
  const deliverMessage = outbox.jobs[0]!.id;

  /** Runs what the use-cases queued, in time order: delivery events and messages now, the rest later. */
  async function runTaken() {
    while (jobs.taken.length) {
      jobs.taken.sort((a, b) => (a.options.startAfter?.getTime() ?? 0) - (b.options.startAfter?.getTime() ?? 0));
      const job = jobs.taken.shift()!;
      if (job.options.startAfter && job.options.startAfter > options.now) {
        later.push(job);
        continue;
      }
      if (job.options.startAfter && job.options.startAfter > clock.now()) clock.set(job.options.startAfter);
      if (job.definition.id === visitDeliveredEvent.id) {
        await services.followUp.onVisitDelivered(job.data as VisitDelivered);
        await services.csi.onVisitDelivered(job.data as VisitDelivered);
      } else if (job.definition.id === deliverMessage) {
        await outbox.deliver((job.data as { messageId: string }).messageId);
      } else later.push(job);
    }
  }

  // The car maker's warranty reviewer writes the policies before the year's first visit.
  const networkId = (dealers as DealerRow[])[0]?.network_id;
  const reviewerRow = networkId ? (await repo.networkStaff(networkId)).find((u) => u.roles.includes('oem_warranty_reviewer')) : undefined;
  const reviewer: Actor | null = reviewerRow
    ? {
        userId: reviewerRow.id,
        tokenId: null,
        networkId: networkId!,
        dealerId: null,
        roles: reviewerRow.roles as Role[],
        timeZone: 'Asia/Shanghai',
        requestId: null,
      }
    : null;
  if (reviewer) {
    const models = await repo.models(reviewer.networkId);
    await seedWarrantyPolicies(services, reviewer, models);
    clock.set(new Date(options.now.getTime() - 30 * 86_400_000));
    await seedDemoCampaign(services, reviewer, models, localDate(clock.now(), 'Asia/Shanghai'));
  }

  for (const dealer of dealers as DealerRow[]) {
    const profile = PROFILES[(dealer.grade as keyof typeof PROFILES) in PROFILES ? (dealer.grade as keyof typeof PROFILES) : 'B'];
    await seedDealer({ dealer, profile, random, now: options.now, clock, services, repo, runTaken, reviewer });
  }
  await runTaken();
  return later;
}

type DealerStaff = { cashier: Actor; careAgent: Actor; byId: Map<string, Actor>; warranty: WarrantyDesk | null; workshop: Workshop | null };
/**
 * The workshop of the last two months: the controller dispatches each order to a technician in turn,
 * who clocks on, finishes the labour lines and hands the car to the inspector (the technicians'
 * scorecards read this). Earlier orders are moved through the workshop by their advisor.
 */
type Workshop = { controller: Actor; technicians: Actor[]; inspector: Actor; fromDay: string; jobs: number };
/** The repairs a car can come back for: the labour operation and what the customer says the second time. */
type Repair = 'L-DIAG' | 'L-BRK-F' | 'L-AC';
/** A car booked back in for a repair that did not hold. */
type Comeback = { vehicleId: string; deliveredOn: string; day: string; sa: Actor; repair: Repair };

type DealerContext = {
  dealer: DealerRow;
  profile: Profile;
  random: Random;
  now: Date;
  clock: ReturnType<typeof fixedClock>;
  services: Services;
  repo: DemoHistoryRepository;
  runTaken: () => Promise<void>;
  /** The car maker's warranty reviewer, who answers the dealers' claims. */
  reviewer: Actor | null;
};

async function seedDealer(c: DealerContext) {
  const { dealer, profile, random, now, services, repo } = c;
  const zone = dealer.time_zone;
  const today = localDate(now, zone);
  const staff = await repo.staff(dealer.id);
  const actorOf = (user: { id: string; roles: string[] }): Actor => ({
    userId: user.id,
    tokenId: null,
    networkId: dealer.network_id,
    dealerId: dealer.id,
    roles: user.roles as Role[],
    timeZone: zone,
    requestId: null,
  });
  const advisors = staff.filter((u) => /^sa\d?\./.test(u.login)).map(actorOf);
  const cashier = actorOf(staff.find((u) => u.login.startsWith('cashier.'))!);
  const careAgent = actorOf(staff.find((u) => u.login.startsWith('cr.'))!);
  const manager = actorOf(staff.find((u) => u.login.startsWith('manager.'))!);
  const byId = new Map(staff.map((u) => [u.id, actorOf(u)]));

  const catalogue = await services.repairOrders.catalogue(advisors[0]!);
  const labour = new Map(catalogue.labourOperations.map((o) => [o.code, o.id]));
  const parts = new Map((await repo.parts(dealer.id)).map((p) => [p.part_number, p.id]));
  const packages = new Map(catalogue.packages.map((p) => [p.code, p]));

  const vehicles = await repo.vehicles(dealer.id);
  const readingRows = await repo.readings(vehicles.map((v) => v.id));
  const readings = new Map<string, Reading[]>();
  for (const r of readingRows) readings.set(r.vehicle_id, [...(readings.get(r.vehicle_id) ?? []), { readOn: r.read_on, km: r.km }]);

  const clerkRow = staff.find((u) => u.login.startsWith('warranty.'));
  // The claims draw from their own stream, so the year's other visits stay as the seed made them.
  const warranty: WarrantyDesk | null =
    clerkRow && c.reviewer
      ? { clerk: actorOf(clerkRow), reviewer: c.reviewer, random: seededRandom(4100 + dealer.code.charCodeAt(0)) }
      : null;
  const technicians = staff.filter((u) => /^tech\d*\./.test(u.login)).map(actorOf);
  const controllerRow = staff.find((u) => u.login.startsWith('dispatch.'));
  const inspectorRow = staff.find((u) => u.login.startsWith('qc.'));
  const workshop: Workshop | null =
    controllerRow && inspectorRow && technicians.length
      ? {
          controller: actorOf(controllerRow),
          technicians,
          inspector: actorOf(inspectorRow),
          fromDay: addDays(today, -WORKSHOP_DAYS),
          jobs: 0,
        }
      : null;
  const staffOf: DealerStaff = { cashier, careAgent, byId, warranty, workshop };
  // Comebacks draw from their own stream, so the year's other visits stay as the seed made them.
  const comebackContext: DealerContext = { ...c, random: seededRandom(profile.comebackSeed) };
  const comebacks: Comeback[] = [];
  let repairs = 0;
  let visitsOpened = 0;
  const addReading = (vehicleId: string, day: string, km: number) =>
    readings.set(
      vehicleId,
      [...(readings.get(vehicleId) ?? []), { readOn: day, km }].sort((a, b) => (a.readOn < b.readOn ? -1 : 1)),
    );

  /** The comebacks due before `day` (all of them when null), in day order. */
  async function serveComebacks(day: string | null) {
    comebacks.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    while (comebacks.length && (day === null || comebacks[0]!.day < day)) {
      const comeback = comebacks.shift()!;
      const km = kmOn(readings.get(comeback.vehicleId) ?? [], comeback.day, comeback.deliveredOn);
      addReading(comeback.vehicleId, comeback.day, km);
      await serveVisit(comebackContext, staffOf, {
        vehicleId: comeback.vehicleId,
        day: comeback.day,
        km,
        sa: comeback.sa,
        ...comebackLines(comeback.repair, labour),
        mood: 'lukewarm',
        walkaround: ++visitsOpened % 12 !== 7,
      });
    }
  }
  // A few warranty repairs of the last four months on cars under three years old: an engine misfire put
  // right with a new spark plug, on the car maker. Drawn from their own stream, served in day order.
  const warrantyRandom = seededRandom(5200 + dealer.code.charCodeAt(0) * 7 + dealer.code.charCodeAt(1));
  const young = vehicles.filter((v) => v.delivered_on && v.delivered_on >= addDays(today, -900) && v.delivered_on < addDays(today, -150));
  const warrantyRepairs = Array.from({ length: Math.min(WARRANTY_REPAIRS, young.length) }, () => ({
    vehicle: pick(warrantyRandom, young),
    day: addDays(today, -between(warrantyRandom, 1, warrantyRandom() < 0.5 ? 30 : 120)),
  })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  async function serveWarrantyRepairs(day: string | null) {
    while (warrantyRepairs.length && (day === null || warrantyRepairs[0]!.day < day)) {
      const { vehicle, day: on } = warrantyRepairs.shift()!;
      const km = kmOn(readings.get(vehicle.id) ?? [], on, vehicle.delivered_on!);
      addReading(vehicle.id, on, km);
      await serveVisit({ ...c, random: warrantyRandom }, staffOf, {
        vehicleId: vehicle.id,
        day: on,
        km,
        sa: pick(warrantyRandom, advisors),
        concerns: '发动机抖动，故障灯亮',
        lines: [
          { kind: 'labour', labourOperationId: labour.get('L-DIAG')!, payType: 'warranty' },
          { kind: 'labour', labourOperationId: labour.get('L-SPK')!, payType: 'warranty' },
          { kind: 'parts', partId: parts.get('YH-SP-400')!, quantity: 1, payType: 'warranty' },
        ],
        mood: 'pleased',
        walkaround: true,
      });
    }
  }

  // The year before first, in day order; drawn from their own stream, so the year's visits stay as they were.
  const priorRandom = seededRandom(6100 + dealer.code.charCodeAt(0) * 7 + dealer.code.charCodeAt(1));
  const priorStaff: DealerStaff = { ...staffOf, warranty: null, workshop: null };
  for (const prior of priorYear(priorRandom, vehicles, today)) {
    const km = kmOn(readings.get(prior.vehicle.id) ?? [], prior.day, prior.vehicle.delivered_on!);
    addReading(prior.vehicle.id, prior.day, km);
    const lines = orderLines({
      random: priorRandom,
      km,
      electric: prior.vehicle.fuel_type === 'electric',
      firstService: false,
      labour,
      parts,
      packages,
    });
    // Paid by the customer (the warranty desk's policies start with the year), with the larger job of a regular.
    const paid = lines.lines.map((l) => (l.payType === 'warranty' ? { ...l, payType: 'customer' as const } : l));
    if (prior.larger)
      paid.push(
        { kind: 'labour', labourOperationId: labour.get('L-BRK-F')!, payType: 'customer' },
        { kind: 'parts', partId: parts.get('YH-BP-F01')!, quantity: 1, payType: 'customer' },
        { kind: 'parts', partId: parts.get('YH-BD-F01')!, quantity: 2, payType: 'customer' },
        { kind: 'labour', labourOperationId: labour.get('L-TYRE')!, payType: 'customer' },
        { kind: 'parts', partId: parts.get('YH-TY-215')!, quantity: 4, payType: 'customer' },
      );
    await serveVisit({ ...c, random: priorRandom }, priorStaff, {
      vehicleId: prior.vehicle.id,
      day: prior.day,
      km,
      sa: pick(priorRandom, advisors),
      concerns: lines.concerns,
      lines: paid,
      mood: priorRandom() < profile.lukewarm ? 'lukewarm' : 'pleased',
      walkaround: true,
    });
  }

  // The days of the year's orders: a share in the last quarter, the rest spread over the nine months before.
  const days: string[] = [];
  for (let i = 0; i < profile.orders; i++) {
    const recent = random() < RECENT_SHARE;
    days.push(addDays(today, -(recent ? between(random, 1, 89) : between(random, 90, 364))));
  }
  days.sort();
  const servedOn = new Map<string, string>();
  let olderOrders = 0;
  for (const day of days) {
    await serveComebacks(day);
    await serveWarrantyRepairs(day);
    const candidates = vehicles.filter(
      (v) => v.delivered_on && addDays(v.delivered_on, 30) < day && (!servedOn.has(v.id) || addDays(servedOn.get(v.id)!, 60) < day),
    );
    const vehicle = pick(random, candidates.length ? candidates : vehicles);
    if (!vehicle.delivered_on || vehicle.delivered_on >= day) continue;
    servedOn.set(vehicle.id, day);
    const km = kmOn(readings.get(vehicle.id) ?? [], day, vehicle.delivered_on);
    addReading(vehicle.id, day, km);
    const firstService =
      !readingRows.some((r) => r.vehicle_id === vehicle.id && r.read_on > vehicle.delivered_on! && r.read_on < day) &&
      addDays(vehicle.delivered_on, 180) >= day;
    const lines = orderLines({ random, km, electric: vehicle.fuel_type === 'electric', firstService, labour, parts, packages });
    const sa = pick(random, advisors);
    const older = day < addDays(today, -90) ? ++olderOrders : 0;
    const mood: Mood = older > 0 && older % profile.angryEvery === 0 ? 'angry' : random() < profile.lukewarm ? 'lukewarm' : 'pleased';
    // The walk-around is signed at most visits; on a rushed morning one in twelve is skipped (a process
    // gap the cockpit's process-execution rate shows). Counted, not drawn, so the other draws stay as they were.
    await serveVisit(c, staffOf, { vehicleId: vehicle.id, day, km, sa, ...lines, mood, walkaround: ++visitsOpened % 12 !== 7 });

    // One repair in so many was not put right: the car is back within the month for the same concern
    // (the first-time-fix and repeat-repair figures). Counted, not drawn, so every dealer has a few.
    if (lines.repair && ++repairs % profile.comebackEvery === Math.floor(profile.comebackEvery / 2)) {
      const back = addDays(day, between(comebackContext.random, 3, 25));
      if (back < today) comebacks.push({ vehicleId: vehicle.id, deliveredOn: vehicle.delivered_on, day: back, sa, repair: lines.repair });
    }
  }
  await serveComebacks(null);
  await serveWarrantyRepairs(null);
  await resolveOldComplaints(c, { byId, manager });
  const desk = staff.find((u) => u.login.startsWith('desk.'));
  if (desk) await seedDemoProcessChecks(services, c.clock, now, { checker: careAgent, supervisor: actorOf(desk), advisors, zone });
  await setScorecardTargets(c, manager, advisors.length);
  await offerBookingBenefits(c, manager);
}

/** What keeping a booking is worth by the dealer's grade: the A dealer offers the most, the D dealer nothing yet. */
const BOOKING_BENEFITS = {
  A: { keptLabourDiscountPercent: 10, dedicatedLane: true, apologyGift: '精美车载香薰', bookingIncentiveFen: 500 },
  B: { keptLabourDiscountPercent: 5, dedicatedLane: true, apologyGift: '免费洗车券', bookingIncentiveFen: 300 },
  D: null,
} as const;

/** The service manager sets the benefits of booking, so the board, the booking page and the SMS show them. */
async function offerBookingBenefits(c: DealerContext, manager: Actor) {
  const benefits = BOOKING_BENEFITS[(c.dealer.grade as keyof typeof BOOKING_BENEFITS) in BOOKING_BENEFITS ? (c.dealer.grade as 'A') : 'B'];
  if (!benefits) return;
  c.clock.set(c.now);
  await c.services.bookingSettings.updateSettings(manager, { ...benefits, noShowForfeitCount: 2, noShowForfeitMonths: 12 });
}

/**
 * The service manager sets the scorecard targets to the dealer's own volume (the defaults are a busy
 * dealer's): an advisor's orders and revenue a month from the dealer's recent pace, with some stretch;
 * the care desk's calls from the calls it makes.
 */
async function setScorecardTargets(c: DealerContext, manager: Actor, advisors: number) {
  c.clock.set(c.now);
  const ordersPerAdvisor = Math.max(2, Math.ceil(((c.profile.orders * RECENT_SHARE) / 3 / Math.max(1, advisors)) * 1.5));
  const scaled: Partial<Record<ScorecardRole, Partial<Record<string, number>>>> = {
    service_advisor: {
      rosOpened: ordersPerAdvisor,
      appointmentsBooked: 2,
      revenueFen: ordersPerAdvisor * 70_000,
      additionalWorkApproved: 1,
    },
    appointment_agent: { appointmentsBooked: 5, callsMade: 25 },
    customer_relations: { callsMade: 25, appointmentsBooked: 2 },
  };
  const settings = await c.services.scorecards.settings(manager);
  for (const role of settings.roles) {
    const targets = scaled[role.role];
    if (!targets) continue;
    const metrics = role.metrics.map((m) => ({ ...m, target: targets[m.metric] ?? m.target }));
    await c.services.scorecards.saveSettings(manager, role.role, { version: role.version, metrics });
  }
}

/**
 * One visit from check-in to delivery, then what the delivery sets off: the customer walks in, the
 * advisor writes and has the order signed, the workshop does the work, the cashier bills, the car is
 * handed back; the survey and the call follow.
 */
async function serveVisit(
  c: DealerContext,
  staff: DealerStaff,
  v: { vehicleId: string; day: string; km: number; sa: Actor; concerns: string; lines: RoLineInput[]; mood: Mood; walkaround: boolean },
) {
  const { dealer, random, clock, services } = c;
  const { sa, mood } = v;
  const { cashier } = staff;
  // The customer arrives between opening and mid-afternoon; the car is promised for the afternoon.
  const arrival = zonedInstant(v.day, addMinutes(dealer.opens_at, between(random, 0, 360)), dealer.time_zone);
  // Most customers are greeted at once; on a busy morning some wait a few minutes.
  clock.set(new Date(arrival.getTime() + (random() < 0.85 ? between(random, 0, 90) : between(random, 180, 600)) * 1000));
  const visit = await services.repairOrders.openVisit(sa, { vehicleId: v.vehicleId, arrivedAt: arrival.toISOString() });
  if (v.walkaround) {
    const template = await services.inspections.template(sa);
    await services.inspections.record(sa, visit.id, {
      checklist: template.items.map((item) => ({ item, ok: true })),
      damage: [],
      tyres: {},
      fuelLevel: 50,
      odometerKm: v.km,
      coversApplied: true,
      photos: [],
      signaturePng: SIGNATURE,
    });
  }
  clock.set(new Date(arrival.getTime() + between(random, 5, 20) * 60_000));
  const promisedAt = new Date(arrival.getTime() + between(random, 3, 7) * 3_600_000);
  let order = await services.repairOrders.create(sa, {
    visitId: visit.id,
    concerns: v.concerns,
    promisedAt: promisedAt.toISOString(),
    odometerKm: v.km,
    lines: v.lines,
    packageIds: [],
  });
  // The warranty clerk confirms what the car maker would pay for; what is not covered the customer pays.
  const checked = staff.warranty ? await confirmAtReception(services, staff.warranty, sa, order, [...v.lines]) : null;
  if (checked) order = checked.order;
  clock.advance(between(random, 3, 10) * 60_000);
  order = await services.repairOrders.authorise(sa, order.id, { version: order.version, signaturePng: SIGNATURE });
  // Most cars are ready on time; a visit that displeased is often the late one.
  const signedAt = clock.now().getTime();
  const workMinutes = (promisedAt.getTime() - signedAt) / 60_000;
  const readyAfter = mood === 'pleased' || random() < 0.5 ? workMinutes * (0.6 + random() * 0.3) : workMinutes + between(random, 20, 120);
  if (staff.workshop && v.day >= staff.workshop.fromDay) order = await workInWorkshop(c, staff.workshop, order, signedAt, readyAfter);
  else
    for (const [to, share] of [
      ['in_progress', 0.1],
      ['quality_check', 0.85],
      ['ready', 1],
    ] as const) {
      clock.set(new Date(signedAt + readyAfter * share * 60_000));
      order = await services.repairOrders.transition(sa, order.id, { version: order.version, to });
    }
  if (staff.warranty) await doOpenCampaign(services, staff.warranty, sa, v.vehicleId, order.id);
  clock.advance(between(random, 5, 30) * 60_000);
  const invoice = await services.settlement.invoice(cashier, order.id, { version: order.version, discountFen: 0 });
  clock.advance(between(random, 2, 8) * 60_000);
  if (invoice.amountDueFen > 0)
    await services.settlement.pay(cashier, invoice.id, {
      method: pick(random, ['wechat_pay', 'wechat_pay', 'alipay', 'card', 'cash']),
      amountFen: invoice.amountDueFen,
    });
  clock.advance(between(random, 3, 10) * 60_000);
  const current = await services.repairOrders.get(sa, order.id);
  await services.settlement.deliver(sa, order.id, {
    version: current.version,
    checklist: { workExplained: true, oldPartsShown: true, carClean: true },
  });
  await c.runTaken();

  await answerSurvey(c, order.id, mood);
  await callAfterService(c, { repairOrderId: order.id, mood, byId: staff.byId, fallback: staff.careAgent });
  if (staff.warranty && checked?.confirmed.length)
    await claimAfterDelivery(services, staff.warranty, clock, order.id, checked.confirmed, c.now);
}

/**
 * The order through the workshop from its signature to ready: dispatched to the next technician, who
 * clocks on after a tenth of the time, finishes the labour lines one after another and hands the car
 * to the inspector; the inspector passes it at the end. One job in so many fails the check first and
 * goes back for rework (the technicians' rework rate). Counted, not drawn, so the visit's other draws
 * stay as they were.
 */
async function workInWorkshop(
  c: DealerContext,
  w: Workshop,
  order: RepairOrder,
  signedAt: number,
  readyAfter: number,
): Promise<RepairOrder> {
  const { clock, services } = c;
  const at = (share: number) => clock.set(new Date(signedAt + readyAfter * share * 60_000));
  const technician = w.technicians[w.jobs % w.technicians.length]!;
  const rework = ++w.jobs % REWORK_EVERY === 0;
  at(0.05);
  await services.workshop.dispatch(w.controller, order.id, { technicianIds: [technician.userId] });
  const labourLines = order.lines.filter((l) => l.kind === 'labour');
  at(0.1);
  await services.workshop.clockOn(technician, order.id, { lineId: labourLines[0]?.id });
  for (const [i, line] of labourLines.entries()) {
    at(0.1 + (0.7 * (i + 1)) / labourLines.length);
    await services.workshop.finishLine(technician, order.id, line.id);
    const next = labourLines[i + 1];
    if (next) await services.workshop.clockOn(technician, order.id, { lineId: next.id });
  }
  at(0.8);
  await services.workshop.sendToQualityCheck(technician, order.id);
  const checklist = QC_CHECKLIST.map((item) => ({ item, ok: true }));
  if (rework) {
    at(0.85);
    await services.workshop.qualityCheck(w.inspector, order.id, {
      passed: false,
      checklist: QC_CHECKLIST.map((item, i) => ({ item, ok: i > 0 })),
      reason: REWORK_REASON,
    });
    at(0.88);
    await services.workshop.clockOn(technician, order.id, {});
    at(0.95);
    await services.workshop.sendToQualityCheck(technician, order.id);
  }
  at(1);
  await services.workshop.qualityCheck(w.inspector, order.id, { passed: true, checklist });
  return services.repairOrders.get(w.controller, order.id);
}

type Vehicle = Awaited<ReturnType<DemoHistoryRepository['vehicles']>>[number];

/** The visits of the year before: distinct cars delivered well before, one or two visits each (the second a larger job: brakes and tyres), by day. */
function priorYear(random: Random, vehicles: readonly Vehicle[], today: string) {
  const old = vehicles.filter((v) => v.delivered_on && v.delivered_on < addDays(today, -760));
  const chosen = new Set<Vehicle>();
  while (chosen.size < Math.min(PRIOR_CUSTOMERS, old.length)) chosen.add(pick(random, old));
  const visits: { vehicle: Vehicle; day: string; larger: boolean }[] = [];
  for (const vehicle of chosen) {
    const twice = random() < 0.5;
    visits.push({ vehicle, day: addDays(today, -between(random, twice ? 541 : 366, 700)), larger: false });
    if (twice) visits.push({ vehicle, day: addDays(today, -between(random, 380, 470)), larger: true });
  }
  return visits.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** The reading on a day: between the readings around it, or on from the last at the car's own pace. */
export function kmOn(history: Reading[], day: string, deliveredOn: string): number {
  const before = history.filter((r) => r.readOn <= day);
  const after = history.filter((r) => r.readOn > day);
  const earlier = before.length ? before.reduce((a, b) => (b.km > a.km ? b : a)) : { readOn: deliveredOn, km: 0 };
  const next = after.length ? after.reduce((a, b) => (b.km < a.km ? b : a)) : null;
  const span = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (next) return earlier.km + Math.floor(((next.km - earlier.km) * span(earlier.readOn, day)) / span(earlier.readOn, next.readOn));
  const pace = earlier.km > 0 ? earlier.km / Math.max(1, span(deliveredOn, earlier.readOn)) : 40;
  return earlier.km + Math.round(pace * span(earlier.readOn, day));
}

type Package = { code: string; items: { kind: 'labour' | 'parts'; code: string; quantity: number }[] };

/** Maintenance by the car's mileage, sometimes with a repair; warranty and free first service where they apply. */
function orderLines(o: {
  random: Random;
  km: number;
  electric: boolean;
  firstService: boolean;
  labour: Map<string, string>;
  parts: Map<string, string>;
  packages: Map<string, Package>;
}) {
  const { random } = o;
  const packageCode = o.electric
    ? 'PKG-EV-10000'
    : o.km >= 35_000 && random() < 0.3
      ? 'PKG-40000'
      : o.km % 10_000 < 5_000
        ? 'PKG-10000'
        : 'PKG-5000';
  const maintenancePay: PayType = o.firstService ? 'free_first_maintenance' : 'customer';
  const lines: RoLineInput[] = o.packages
    .get(packageCode)!
    .items.map((item) =>
      item.kind === 'labour'
        ? { kind: 'labour', labourOperationId: o.labour.get(item.code)!, payType: maintenancePay }
        : { kind: 'parts', partId: o.parts.get(item.code)!, quantity: item.quantity, payType: maintenancePay },
    );
  let concerns = o.firstService ? '新车首保' : '到保养里程了，做常规保养';
  let repair: Repair | null = null;
  const extra = random();
  if (extra < 0.12) {
    concerns += '；发动机故障灯亮';
    repair = 'L-DIAG';
    lines.push({ kind: 'labour', labourOperationId: o.labour.get('L-DIAG')!, payType: 'warranty' });
  } else if (extra < 0.27) {
    concerns += '；踩刹车有异响';
    repair = 'L-BRK-F';
    lines.push(
      { kind: 'labour', labourOperationId: o.labour.get('L-BRK-F')!, payType: 'customer' },
      { kind: 'parts', partId: o.parts.get('YH-BP-F01')!, quantity: 1, payType: 'customer' },
    );
  } else if (extra < 0.37) {
    concerns += '；空调不够凉';
    repair = 'L-AC';
    lines.push({ kind: 'labour', labourOperationId: o.labour.get('L-AC')!, payType: 'customer' });
  } else if (extra < 0.45) {
    lines.push({ kind: 'labour', labourOperationId: o.labour.get('L-WASH')!, payType: 'goodwill' });
  }
  return { concerns, lines, repair };
}

/**
 * The order of a comeback: the same labour operation again, on the dealer (goodwill) or still under
 * warranty, so the customer pays nothing for the second try.
 */
function comebackLines(repair: Repair, labour: Map<string, string>): { concerns: string; lines: RoLineInput[] } {
  const concerns = {
    'L-DIAG': '上次修过，发动机故障灯又亮了',
    'L-BRK-F': '上次换过刹车片，踩刹车还是有异响',
    'L-AC': '上次修过空调，还是不够凉',
  }[repair];
  const payType: PayType = repair === 'L-DIAG' ? 'warranty' : 'goodwill';
  return { concerns, lines: [{ kind: 'labour', labourOperationId: labour.get(repair)!, payType }] };
}

/** The survey SMS went out (or was held back without consent); some customers answer it within two days. */
async function answerSurvey(c: DealerContext, repairOrderId: string, mood: Mood) {
  const { random, clock, services, profile, now } = c;
  const message = await c.repo.surveyMessage(repairOrderId);
  const link = message?.status === 'sent' ? publicLinkIn(message.body, 'survey') : null;
  if (!link || !message?.sent_at || random() >= profile.answers) return;
  const answeredAt = new Date(message.sent_at.getTime() + between(random, 10, 2_880) * 60_000);
  if (answeredAt >= now) return;
  clock.set(answeredAt);
  const survey = await services.csi.publicSurvey(link);
  if (survey.status !== 'open') return;
  const answers: Answers = {};
  for (const question of survey.definition.questions) {
    if (!isAsked(question, answers, { booked: survey.booked })) continue;
    if (question.kind === 'scale')
      answers[question.id] =
        mood === 'pleased'
          ? Math.min(7, Math.max(4, Math.round(profile.mean + (random() - 0.5) * 2)))
          : mood === 'lukewarm'
            ? between(random, 4, 6)
            : between(random, 2, 5);
    else if (question.kind === 'yes_no') answers[question.id] = mood !== 'angry' || random() < 0.5 ? 'yes' : 'no';
    else if (question.id === 'what_went_wrong') answers[question.id] = '交车比约定的时间晚，也没有提前打电话说明';
  }
  await services.csi.submit(link, { answers, locale: 'zh-CN' }, { ip: null, userAgent: null, staffDevice: false });
  await c.runTaken();
}

/** The post-service call, by its owner from its first due day: most customers are reached, some only on a later try. */
async function callAfterService(c: DealerContext, o: { repairOrderId: string; mood: Mood; byId: Map<string, Actor>; fallback: Actor }) {
  const { random, clock, services, profile, now, dealer } = c;
  const task = await c.repo.postServiceTask(dealer.id, o.repairOrderId);
  if (!task) return;
  const agent = (task.owner_id && o.byId.get(task.owner_id)) || o.fallback;
  let version = task.version;
  for (let attempt = 0; attempt < 3; attempt++) {
    const at = zonedInstant(addDays(task.due_from, attempt), addMinutes('09:30', between(random, 0, 480)), dealer.time_zone);
    // The calls of the last days are still on the agents' list.
    if (at.getTime() > now.getTime() - 86_400_000) return;
    clock.set(at);
    const reached = random() < profile.reached;
    // An angry customer whose survey already opened a complaint is told it is being handled.
    const complained = o.mood === 'angry' && (await c.repo.complaintOfOrder(dealer.id, o.repairOrderId));
    const input: CallAttemptInput = !reached
      ? { version, result: 'no_answer' }
      : o.mood === 'pleased'
        ? { version, result: 'reached', satisfaction: pick(random, ['very_satisfied', 'very_satisfied', 'satisfied', 'fairly_satisfied']) }
        : o.mood === 'angry' && !complained
          ? {
              version,
              result: 'reached',
              satisfaction: 'dissatisfied',
              dissatisfaction: { category: 'waiting_time', description: '交车晚了一个多小时，没人提前通知' },
            }
          : { version, result: 'reached', satisfaction: 'neutral', notes: complained ? '客户的投诉正在处理中' : '客户说等的时间有点长' };
    const after = await services.followUp.recordAttempt(agent, task.id, input);
    await c.runTaken();
    if (after.task.status !== 'open') return;
    version = after.task.version;
  }
}

/** Complaints the history opened (low scores, dissatisfied calls) more than a few days ago have been worked to closure. */
async function resolveOldComplaints(c: DealerContext, staff: { byId: Map<string, Actor>; manager: Actor }) {
  const open = await c.repo.openComplaintsBefore(c.dealer.id, new Date(c.now.getTime() - 5 * 86_400_000));
  for (const complaint of open) {
    await resolveDemoComplaint(
      c.services,
      { sa: (complaint.owner_id && staff.byId.get(complaint.owner_id)) || staff.manager, manager: staff.manager },
      { id: complaint.id, receivedAt: complaint.received_at },
      { setClock: (at) => c.clock.set(at), finalSatisfaction: c.random() < 0.6 ? 'satisfied' : 'very_satisfied' },
    );
    await c.runTaken();
  }
}

const addMinutes = (time: string, minutes: number) => timeOf(Math.min(minutesOf(time) + minutes, 23 * 60 + 59));
