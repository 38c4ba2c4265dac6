import {
  clockEventSchema,
  clockOnSchema,
  dealerNarrowingSchema,
  dispatchResultSchema,
  dispatchSchema,
  findingInputSchema,
  findingSchema,
  lineFinishedSchema,
  myJobListSchema,
  progressLinkSchema,
  publicProgressSchema,
  qualityCheckCreateSchema,
  qualityCheckSchema,
  sentToQualityCheckSchema,
  type WorkshopBoard,
  workshopBoardSchema,
  workshopKpiQuerySchema,
  workshopKpiSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';
import { linkOf, publicLinkRoutes } from '../../platform/public-links.js';
import { requireDealer } from '../../platform/scope.js';
import { boardChanges } from './workshop.events.js';

const params = z.object({ id: z.uuid() });
const tags = ['workshop'];

/** How often an open board stream is pushed even without a change (changes in other processes or modules). */
const BOARD_PUSH_MS = 5_000;
/** A comment line that keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** Changes arriving together are pushed once. */
const CHANGE_DEBOUNCE_MS = 100;

export const workshopRoutes: FastifyPluginAsyncZod = async (app) => {
  const { workshop } = app.services;
  const openStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of [...openStreams]) close();
  });

  app.post(
    '/repair-orders/:id/dispatch',
    {
      schema: {
        tags,
        summary: 'Assign technician(s) and a bay (派工)',
        params,
        body: dispatchSchema,
        response: { 200: dispatchResultSchema },
      },
    },
    (r) => workshop.dispatch(actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/repair-orders/:id/clock-on',
    {
      schema: {
        tags,
        summary: 'The technician clocks on the job (one job at a time; the first clock-on starts the work)',
        params,
        body: clockOnSchema.nullish(),
        response: { 201: clockEventSchema },
      },
    },
    async (r, reply) => reply.code(201).send(await workshop.clockOn(actorOf(r), r.params.id, r.body ?? {})),
  );
  app.post(
    '/repair-orders/:id/clock-off',
    { schema: { tags, summary: 'The technician clocks off the job', params, response: { 200: clockEventSchema } } },
    (r) => workshop.clockOff(actorOf(r), r.params.id),
  );
  app.post(
    '/repair-orders/:id/lines/:lineId/finish',
    {
      schema: {
        tags,
        summary: 'The technician finishes a labour line (their clock on the job stops)',
        params: params.extend({ lineId: z.uuid() }),
        response: { 200: lineFinishedSchema },
      },
    },
    (r) => workshop.finishLine(actorOf(r), r.params.id, r.params.lineId),
  );
  app.post(
    '/repair-orders/:id/findings',
    {
      schema: {
        tags,
        summary: 'A finding on the job: words and measurements, for a labour line or the whole order',
        params,
        body: findingInputSchema,
        response: { 201: findingSchema },
      },
    },
    async (r, reply) => reply.code(201).send(await workshop.addFinding(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/repair-orders/:id/send-to-quality-check',
    {
      schema: {
        tags,
        summary: 'The technician hands the car to the quality check once every labour line is finished',
        params,
        response: { 200: sentToQualityCheckSchema },
      },
    },
    (r) => workshop.sendToQualityCheck(actorOf(r), r.params.id),
  );
  app.get(
    '/me/jobs',
    {
      schema: {
        tags,
        summary: "The technician's assigned jobs, for the phone screen",
        response: { 200: myJobListSchema },
      },
    },
    async (r) => ({
      items: await workshop.myJobs(actorOf(r)),
    }),
  );
  app.post(
    '/repair-orders/:id/quality-checks',
    {
      schema: {
        tags,
        summary: 'Quality check and test drive: pass → ready; fail → back to the workshop with the reason (a rework)',
        params,
        body: qualityCheckCreateSchema,
        response: { 201: qualityCheckSchema },
      },
    },
    async (r, reply) => reply.code(201).send(await workshop.qualityCheck(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/repair-orders/:id/progress-link',
    {
      schema: {
        tags,
        summary: "A link to the customer's progress page (SMS or QR code on the RO); older links stop working",
        params,
        response: { 201: progressLinkSchema },
      },
    },
    async (r, reply) => reply.code(201).send(await workshop.progressLink(actorOf(r), r.params.id)),
  );
  app.get(
    '/workshop/board',
    {
      schema: {
        tags,
        summary: 'The progress board: every car in the workshop, flagged when its promised time is at risk',
        querystring: z.object(dealerNarrowingSchema),
        response: { 200: workshopBoardSchema },
      },
    },
    (r) => workshop.board(actorOf(r), r.query.dealerId),
  );

  app.get(
    '/workshop/board/stream',
    {
      schema: {
        tags,
        summary:
          'The progress board as server-sent events: `event: board` with the board as JSON, pushed on every change and every few seconds; a comment line every 15 s',
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      // Permission and dealer are checked before the stream opens, so a refusal is a normal problem response.
      // The live stream follows one dealer's changes: the car maker reads the board without it.
      const dealerId = requireDealer(actor);
      const first = await workshop.board(actor);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });

      let closed = false;
      let loading = false;
      let again = false;
      let debounce: NodeJS.Timeout | null = null;
      const send = (board: WorkshopBoard) => {
        if (!closed) res.write(`event: board\nid: ${board.generatedAt}\ndata: ${JSON.stringify(board)}\n\n`);
      };
      const refresh = async () => {
        if (closed) return;
        if (loading) {
          again = true;
          return;
        }
        loading = true;
        try {
          send(await workshop.board(actor));
        } catch (error) {
          request.log.warn({ err: error }, 'board stream refresh failed');
        } finally {
          loading = false;
          if (again) {
            again = false;
            void refresh();
          }
        }
      };
      const onChange = () => {
        if (debounce) return;
        debounce = setTimeout(() => {
          debounce = null;
          void refresh();
        }, CHANGE_DEBOUNCE_MS);
      };
      const push = setInterval(() => void refresh(), BOARD_PUSH_MS);
      const heartbeat = setInterval(() => !closed && res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const unsubscribe = boardChanges.subscribe(dealerId, onChange);
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(push);
        clearInterval(heartbeat);
        if (debounce) clearTimeout(debounce);
        unsubscribe();
        openStreams.delete(close);
        if (!res.writableEnded) res.end();
      };
      openStreams.add(close);
      res.on('close', close);
      res.write(`retry: ${BOARD_PUSH_MS}\n\n`);
      send(first);
    },
  );

  app.get(
    '/kpis/workshop',
    {
      schema: {
        tags: ['kpis'],
        summary: 'Labour hours sold vs clocked, rework rate',
        querystring: workshopKpiQuerySchema,
        response: { 200: workshopKpiSchema },
      },
    },
    (r) => workshop.kpis(actorOf(r), r.query),
  );
};

/** The customer's progress page, reached by the link or QR code on the RO: no login. */
export const publicProgressRoutes: FastifyPluginAsyncZod<{ publicRateLimitPerMinute?: number }> = async (app, options) => {
  const { workshop } = app.services;
  for (const { url, params, deprecated } of publicLinkRoutes('/progress', z.string().min(20).max(100))) {
    app.get(
      url,
      {
        schema: {
          tags: ['public'],
          summary: "The car's stage and promised time; the plate masked, no personal data",
          deprecated,
          params,
          response: { 200: publicProgressSchema },
        },
        config: { rateLimit: { max: options.publicRateLimitPerMinute ?? 120, timeWindow: '1 minute' } },
      },
      (r) => workshop.publicProgress(linkOf(r.params)),
    );
  }
};
