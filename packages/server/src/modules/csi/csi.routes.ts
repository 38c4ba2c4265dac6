import {
  callSurveySchema,
  csiDashboardSchema,
  csiQuerySchema,
  factorDrillSchema,
  isoDateSchema,
  publicSurveySchema,
  questionnaireInputSchema,
  questionnaireListSchema,
  questionnaireSchema,
  questionnaireUpdateSchema,
  surveyResponseListSchema,
  surveyResponseSchema,
  surveyResultSchema,
  surveySettingsSchema,
  surveySubmissionSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE } from '../../platform/authenticate.js';
import { linkOf, publicLinkRoutes } from '../../platform/public-links.js';

const params = z.object({ id: z.uuid() });
const tags = ['csi'];
const range = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  dealerId: z.uuid().optional(),
  region: z.string().trim().min(1).max(40).optional(),
});
const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const csiRoutes: FastifyPluginAsyncZod = async (app) => {
  const { csi } = app.services;

  app.get(
    '/questionnaires',
    {
      schema: {
        tags,
        summary: "The dealer's questionnaires and the car maker's (the J.D. Power template is made on first use)",
        response: { 200: questionnaireListSchema },
      },
    },
    async (r) => ({ items: await csi.questionnaires(actorOf(r)) }),
  );
  app.post('/questionnaires', { schema: { tags, body: questionnaireInputSchema, response: { 201: questionnaireSchema } } }, (r, reply) =>
    app.idempotent(r, reply, 201, (s) => s.csi.createQuestionnaire(actorOf(r), r.body)),
  );
  app.get('/questionnaires/:id', { schema: { tags, params, response: { 200: questionnaireSchema } } }, (r) =>
    csi.questionnaire(actorOf(r), r.params.id),
  );
  app.put(
    '/questionnaires/:id',
    {
      schema: {
        tags,
        summary: 'A changed definition is a new version; answers keep theirs',
        params,
        body: questionnaireUpdateSchema,
        response: { 200: questionnaireSchema },
      },
    },
    (r) => csi.updateQuestionnaire(actorOf(r), r.params.id, r.body),
  );

  app.get('/survey-settings', { schema: { tags, response: { 200: surveySettingsSchema } } }, (r) => csi.settings(actorOf(r)));
  app.put('/survey-settings', { schema: { tags, body: surveySettingsSchema.partial(), response: { 200: surveySettingsSchema } } }, (r) =>
    csi.updateSettings(actorOf(r), r.body),
  );

  app.post(
    '/surveys/call',
    {
      schema: {
        tags,
        summary: 'Record the survey of a delivered order on a follow-up call',
        body: callSurveySchema,
        response: { 201: surveyResponseSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.csi.recordOnCall(actorOf(r), r.body)),
  );
  app.get(
    '/survey-responses',
    {
      schema: {
        tags,
        querystring: range.extend({ low: flag, flagged: flag }),
        response: { 200: surveyResponseListSchema },
      },
    },
    async (r) => ({ items: await csi.responses(actorOf(r), r.query) }),
  );

  app.get(
    '/kpis/csi',
    {
      schema: {
        tags: ['kpis'],
        summary: 'CSI by month, advisor or dealer: 0–100 and 1000 points, factors, responses and response rate',
        querystring: csiQuerySchema,
        response: { 200: csiDashboardSchema },
      },
    },
    (r) => csi.dashboard(actorOf(r), r.query),
  );
  app.get(
    '/kpis/csi/factors/:factor',
    {
      schema: {
        tags: ['kpis'],
        summary: 'A factor: its items, the low responses with their ROs, the process figures of its step',
        params: z.object({ factor: z.string().max(40) }),
        querystring: range,
        response: { 200: factorDrillSchema },
      },
    },
    (r) => csi.factorDrill(actorOf(r), r.params.factor, r.query),
  );
};

/** The customer's survey page: no login, the token is the key. */
export const publicSurveyRoutes: FastifyPluginAsyncZod<{ publicRateLimitPerMinute: number }> = async (app, options) => {
  const config = { rateLimit: { max: options.publicRateLimitPerMinute, timeWindow: '1 minute' } };
  for (const { url, params, deprecated } of publicLinkRoutes('/surveys', z.string().min(16).max(100))) {
    app.get(url, { config, schema: { tags, deprecated, params, response: { 200: publicSurveySchema } } }, (r) =>
      app.services.csi.publicSurvey(linkOf(r.params)),
    );
    app.post(
      url,
      {
        config,
        schema: {
          tags,
          deprecated,
          params,
          body: surveySubmissionSchema,
          response: { 200: surveyResultSchema },
        },
      },
      async (r) => {
        // A staff session in the same browser means a staff device answered.
        const cookie = r.cookies[SESSION_COOKIE];
        const staffDevice = !!(cookie && (await app.services.auth.actorFromSession(cookie, r.id)));
        return app.services.csi.submit(linkOf(r.params), r.body, { ip: r.ip, userAgent: r.headers['user-agent'] ?? null, staffDevice });
      },
    );
  }
};
