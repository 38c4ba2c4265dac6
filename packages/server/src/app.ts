import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { activitiesRoutes, publicActivityRoutes } from './modules/activities/activities.routes.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { type AppointmentJobs, createAppointmentJobs } from './modules/appointments/appointments.jobs.js';
import { appointmentsRoutes } from './modules/appointments/appointments.routes.js';
import { publicRoutes } from './modules/appointments/public.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { createClubJobs } from './modules/club/club.jobs.js';
import { clubRoutes } from './modules/club/club.routes.js';
import { type ComplaintJobs, createComplaintJobs } from './modules/complaints/complaints.jobs.js';
import { complaintsRoutes } from './modules/complaints/complaints.routes.js';
import { costBudgetsRoutes } from './modules/costs/cost-budgets.routes.js';
import { csiRoutes, publicSurveyRoutes } from './modules/csi/csi.routes.js';
import { customerValueRoutes } from './modules/customers/customer-value.routes.js';
import { customersRoutes } from './modules/customers/customers.routes.js';
import { driveRoutes } from './modules/drive/drive.routes.js';
import { visitDeliveredJob } from './modules/events/visit-events.js';
import { createFollowUpJobs, type FollowUpJobs } from './modules/follow-up/follow-up.jobs.js';
import { followUpRoutes, smsInboundRoutes } from './modules/follow-up/follow-up.routes.js';
import { loanersRoutes } from './modules/loaners/loaners.routes.js';
import { messagesRoutes } from './modules/messages/messages.routes.js';
import { networkRoutes } from './modules/network/network.routes.js';
import { createNetworkKpisJobs } from './modules/network/network-kpis.jobs.js';
import { networkKpisRoutes } from './modules/network/network-kpis.routes.js';
import { pickupRoutes, publicDriverRoutes } from './modules/pickup/pickup.routes.js';
import { processChecksRoutes } from './modules/process-checks/process-checks.routes.js';
import { additionalWorkRoutes } from './modules/repair-orders/additional-work.routes.js';
import { inspectionsRoutes } from './modules/repair-orders/inspections.routes.js';
import { publicApprovalRoutes } from './modules/repair-orders/public-approval.routes.js';
import { repairOrdersRoutes } from './modules/repair-orders/repair-orders.routes.js';
import { settlementRoutes } from './modules/repair-orders/settlement.routes.js';
import { rescueRoutes } from './modules/rescue/rescue.routes.js';
import { scorecardsRoutes } from './modules/scorecards/scorecards.routes.js';
import { tasksRoutes } from './modules/tasks/tasks.routes.js';
import { archiveRoutes } from './modules/transfer/archive.routes.js';
import { valueAddedRoutes } from './modules/value-added/value-added.routes.js';
import { vehiclesRoutes } from './modules/vehicles/vehicles.routes.js';
import { createWarrantyJobs, type WarrantyJobs } from './modules/warranty/warranty.jobs.js';
import { warrantyRoutes } from './modules/warranty/warranty.routes.js';
import { webhooksOpenApi } from './modules/webhooks/webhooks.openapi.js';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.js';
import { createWebhookSender, type WebhookPost, type WebhookSender } from './modules/webhooks/webhooks.sender.js';
import { publicProgressRoutes, workshopRoutes } from './modules/workshop/workshop.routes.js';
import { authenticateWith } from './platform/authenticate.js';
import type { Clock } from './platform/clock.js';
import { compressJsonReplies } from './platform/compress.js';
import type { Database, DatabaseHandle } from './platform/db.js';
import { createDealersRepository } from './platform/dealers.repository.js';
import { localFileStorage } from './platform/files.js';
import { runIdempotent } from './platform/idempotency.js';
import { newId } from './platform/ids.js';
import { createJobQueue, type JobQueue } from './platform/jobs.js';
import { createEmailSender, type SmsProvider, smsProviderFromConfig } from './platform/message-channels.js';
import { createOutbox, type Outbox } from './platform/outbox.js';
import { problemHandler } from './platform/problem.js';
import { createReadRouter, primaryReads, type ReadRouter, type ReadTarget } from './platform/read-routing.js';
import { createServiceCaches, createServices, type ServiceCaches, type Services } from './services.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    services: Services;
    /** The services on a transaction; `at` gives them another clock (the demo seeds its past with it). */
    servicesFor(tx: Database, at?: Clock): Services;
    /** The process's caches the services invalidate; for a caller that writes past them (the test harness's users). */
    caches: ServiceCaches;
    /** Where report reads go: the read replica when one is configured and has caught up, else the primary. */
    reads: ReadRouter;
    jobs: {
      queue: JobQueue;
      outbox: Outbox;
      appointmentJobs: AppointmentJobs;
      followUpJobs: FollowUpJobs;
      complaintJobs: ComplaintJobs;
      warrantyJobs: WarrantyJobs;
      webhooks: WebhookSender;
    };
    /** Runs a POST's use-case once per Idempotency-Key and replies with its result. */
    idempotent<T>(request: FastifyRequest, reply: FastifyReply, status: number, run: (services: Services) => Promise<T>): Promise<void>;
  }
}

export type AppOptions = {
  handle: DatabaseHandle;
  clock: Clock;
  config: Pick<
    Config,
    | 'sessionTtlHours'
    | 'loginMaxFailures'
    | 'loginLockMinutes'
    | 'loginRateLimitPerMinute'
    | 'trustProxy'
    | 'logLevel'
    | 'webDist'
    | 'publicUrl'
    | 'filesDir'
    | 'smtpUrl'
    | 'mailFrom'
    | 'smsWebhookUrl'
    | 'smsWebhookToken'
    | 'publicRateLimitPerMinute'
    | 'jobPollSeconds'
    | 'smsInboundToken'
    | 'followUpNightlyAt'
  > &
    Partial<Pick<Config, 'databaseReadMaxLagBytes'>>;
  logger?: boolean;
  /** Run the background jobs in this process (the default); `serve --no-jobs` leaves them to `servicebay worker`. */
  work?: boolean;
  sms?: SmsProvider;
  /** How webhooks are posted (tests may hang or fail it); fetch by default. */
  webhookPost?: WebhookPost;
  /** Told where each report read went, replica or primary (tests). */
  onReadRoute?: (target: ReadTarget) => void;
};

const here = path.dirname(fileURLToPath(import.meta.url));
/** The demo network's zone; the nightly run's day. */
const NETWORK_TIME_ZONE = 'Asia/Shanghai';
const DEFAULT_WEB_DIST = path.resolve(here, '../../web/dist');
/** A built file whose name carries its content's hash never changes: a year, not revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const HASHED_ASSET = /^assets\/.+-[\w-]{8}\.[a-z0-9]+(\.br|\.gz)?$/i;

function isHashedAsset(relativePath: string): boolean {
  return HASHED_ASSET.test(relativePath.split(path.sep).join('/'));
}

export async function buildApp({
  handle,
  clock,
  config,
  logger = true,
  work = true,
  sms = smsProviderFromConfig(config),
  webhookPost,
  onReadRoute,
}: AppOptions) {
  const db = handle.db;
  const app = Fastify({
    logger: logger
      ? { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'] }
      : false,
    trustProxy: config.trustProxy,
    genReqId: () => newId(),
    bodyLimit: 5 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemHandler);
  // No response is ever content-sniffed into something else (an upload into a page, JSON into a script).
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });
  compressJsonReplies(app);

  const authSettings = {
    sessionTtlHours: config.sessionTtlHours,
    loginMaxFailures: config.loginMaxFailures,
    loginLockMinutes: config.loginLockMinutes,
  };
  const jobs = createJobQueue();
  const outbox = createOutbox({ db, clock, jobs, sms, email: createEmailSender(config.smtpUrl, config.mailFrom) });
  const webhooks = createWebhookSender({ db, clock, jobs, ...(webhookPost ? { post: webhookPost } : {}) });
  const appointmentJobs = createAppointmentJobs({ db, clock, jobs, outbox, publicUrl: config.publicUrl });
  const files = localFileStorage(config.filesDir);
  const complaintJobs = createComplaintJobs({ jobs, escalateDue: () => (data) => servicesFor(db).complaints.escalateDue(data) });
  const warrantyJobs = createWarrantyJobs({
    jobs,
    windowClosing: () => (data) => servicesFor(db).warranty.windowClosing(data),
    partsOverdue: () => (data) => servicesFor(db).warranty.partsOverdue(data),
  });
  const caches = createServiceCaches(clock);
  const reads = handle.replica
    ? createReadRouter({
        primary: handle,
        replica: handle.replica,
        clock,
        ...(config.databaseReadMaxLagBytes !== undefined ? { maxLagBytes: config.databaseReadMaxLagBytes } : {}),
        onReplicaError: (error) => app.log.warn({ err: error }, 'read replica unreachable: reports read from the primary'),
        ...(onReadRoute ? { onRoute: onReadRoute } : {}),
      })
    : primaryReads(db);
  const servicesFor = (tx: Database, at: Clock = clock) =>
    createServices({
      db: tx,
      // Inside a transaction a report reads what the transaction sees.
      reads: tx === db ? reads : primaryReads(tx),
      clock: at,
      authSettings,
      jobs,
      outbox,
      webhooks,
      appointmentJobs,
      complaintJobs,
      warrantyJobs,
      publicUrl: config.publicUrl,
      files,
      filesDir: config.filesDir,
      ...caches,
    });
  const followUpJobs = createFollowUpJobs({
    db,
    clock,
    jobs,
    followUp: () => servicesFor(db).followUp,
    nightlyAt: config.followUpNightlyAt,
    timeZone: NETWORK_TIME_ZONE,
  });
  const networkKpisJobs = createNetworkKpisJobs({
    db,
    clock,
    jobs,
    networkKpis: () => servicesFor(db).networkKpis,
    timeZone: NETWORK_TIME_ZONE,
  });
  const clubJobs = createClubJobs({ db, clock, jobs, club: () => servicesFor(db).club, timeZone: NETWORK_TIME_ZONE });
  jobs.register(
    ...outbox.jobs,
    ...webhooks.jobs,
    ...clubJobs.definitions,
    ...networkKpisJobs.definitions,
    ...appointmentJobs.definitions,
    ...followUpJobs.definitions,
    ...complaintJobs.definitions,
    ...warrantyJobs.definitions,
    visitDeliveredJob([
      (event) => servicesFor(db).followUp.onVisitDelivered(event),
      (event) => servicesFor(db).csi.onVisitDelivered(event),
    ]),
  );
  app.decorate('db', db);
  app.decorate('services', servicesFor(db));
  app.decorate('servicesFor', servicesFor);
  app.decorate('caches', caches);
  app.decorate('reads', reads);
  app.decorate(
    'idempotent',
    async <T>(request: FastifyRequest, reply: FastifyReply, status: number, run: (services: Services) => Promise<T>) => {
      const result = await runIdempotent(db, request, status, clock.now(), (tx) => run(servicesFor(tx)));
      await reply.code(result.status).header('idempotent-replayed', String(result.replayed)).send(result.body);
    },
  );
  app.decorateRequest('actor', null);
  app.decorate('jobs', { queue: jobs, outbox, appointmentJobs, followUpJobs, complaintJobs, warrantyJobs, webhooks });
  await jobs.start(handle, {
    work,
    pollingIntervalSeconds: config.jobPollSeconds,
    onError: (error) => app.log.error({ err: error }, 'job queue error'),
  });
  if (work) await followUpJobs.scheduleNext();
  if (work) await outbox.scheduleSweep();
  if (work) await webhooks.scheduleSweep();
  if (work) await networkKpisJobs.scheduleNext();
  if (work) await clubJobs.scheduleNext();
  app.addHook('onClose', () => jobs.stop());

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ServiceBay API',
        version: '1',
        description:
          'After-sales service and CRM for car dealers. Authenticate with the session cookie (browser; send X-CSRF-Token on writes) or `Authorization: Bearer sbt_…` (integrations). ' +
          'Errors are application/problem+json. POSTs accept an Idempotency-Key header.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'sb_session' } },
      },
      security: [{ bearer: [] }, { cookie: [] }],
      webhooks: webhooksOpenApi(),
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await createDealersRepository(db).ping();
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  await app.register(authRoutes, { prefix: '/api/v1/auth', loginRateLimitPerMinute: config.loginRateLimitPerMinute });
  await app.register(
    async (api) => {
      api.addHook('onRequest', authenticateWith(app.services.auth));
      if (reads.replicated) {
        // Read-your-writes: a person's reports stay on the primary until the replica has what they wrote.
        api.addHook('onSend', async (request, reply, payload) => {
          if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400 && request.actor) {
            // The change is committed: a failure here must not turn its reply into an error.
            await reads
              .wrote(request.actor)
              .catch((error) => request.log.warn({ err: error }, 'could not note the write for read-your-writes'));
          }
          return payload;
        });
      }
      await api.register(customersRoutes);
      await api.register(vehiclesRoutes);
      await api.register(networkRoutes);
      await api.register(networkKpisRoutes);
      await api.register(adminRoutes);
      await api.register(appointmentsRoutes);
      await api.register(tasksRoutes);
      await api.register(messagesRoutes);
      await api.register(repairOrdersRoutes);
      await api.register(workshopRoutes);
      await api.register(additionalWorkRoutes);
      await api.register(settlementRoutes);
      await api.register(inspectionsRoutes);
      await api.register(followUpRoutes);
      await api.register(complaintsRoutes);
      await api.register(warrantyRoutes);
      await api.register(customerValueRoutes);
      await api.register(costBudgetsRoutes);
      await api.register(loanersRoutes);
      await api.register(processChecksRoutes);
      await api.register(scorecardsRoutes);
      await api.register(pickupRoutes);
      await api.register(rescueRoutes);
      await api.register(webhooksRoutes);
      await api.register(archiveRoutes);
      await api.register(clubRoutes);
      await api.register(csiRoutes);
      await api.register(driveRoutes);
      await api.register(valueAddedRoutes);
      await api.register(activitiesRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register(publicRoutes, { prefix: '/api/v1/public', publicRateLimitPerMinute: config.publicRateLimitPerMinute });
  await app.register(publicProgressRoutes, { prefix: '/api/v1/public', publicRateLimitPerMinute: config.publicRateLimitPerMinute });
  await app.register(publicApprovalRoutes, { prefix: '/api/v1/public', publicRateLimitPerMinute: config.publicRateLimitPerMinute });
  await app.register(publicDriverRoutes, { prefix: '/api/v1/public', publicRateLimitPerMinute: config.publicRateLimitPerMinute });
  await app.register(publicSurveyRoutes, { prefix: '/api/v1/public', publicRateLimitPerMinute: config.publicRateLimitPerMinute });
  await app.register(publicActivityRoutes, { prefix: '/api/v1/public', publicRateLimitPerMinute: config.publicRateLimitPerMinute });
  await app.register(smsInboundRoutes, { prefix: '/api/v1/public', token: config.smsInboundToken });

  const webDist = config.webDist ?? DEFAULT_WEB_DIST;
  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDist,
      // The build writes .br and .gz beside each asset (packages/web/precompress.ts).
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, file) => {
        res.setHeader('cache-control', isHashedAsset(path.relative(webDist, file)) ? IMMUTABLE : 'no-cache');
        res.setHeader('vary', 'accept-encoding');
      },
    });
    // The web app routes in the browser: an unknown page path gets index.html; a missing file stays 404.
    app.setNotFoundHandler((request, reply) => {
      const isPage = !request.url.startsWith('/api/') && !/\.[a-z0-9]+(\?|$)/i.test(request.url);
      if (request.method === 'GET' && isPage) return reply.sendFile('index.html');
      return problemHandler(Object.assign(new Error('route not found'), { statusCode: 404 }) as never, request, reply);
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      problemHandler(Object.assign(new Error('route not found'), { statusCode: 404 }) as never, request, reply),
    );
  }

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
