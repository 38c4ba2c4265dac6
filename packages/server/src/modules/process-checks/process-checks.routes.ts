import {
  drillInputSchema,
  drillListSchema,
  drillSchema,
  processChecklistSchema,
  processFiguresSchema,
  processPeriodQuerySchema,
  processSampleSchema,
  processTargetsSchema,
  spotCheckSchema,
  spotCheckStartSchema,
  spotCheckSubmitSchema,
  visitCheckSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const tags = ['process spot-checks'];
const params = z.object({ id: z.uuid() });

export const processChecksRoutes: FastifyPluginAsyncZod = async (app) => {
  const { processChecks } = app.services;

  app.get(
    '/process-checks/checklist',
    {
      schema: {
        tags,
        summary: "The dealer's checklist of each process step (the standard until it saves its own)",
        response: { 200: processChecklistSchema },
      },
    },
    (r) => processChecks.checklist(actorOf(r)),
  );
  app.put(
    '/process-checks/checklist',
    {
      schema: {
        tags,
        summary: "Save the dealer's checklist: the automatic items on or off, the manual items the standard's or its own",
        body: processChecklistSchema,
        response: { 200: processChecklistSchema },
      },
    },
    (r) => processChecks.saveChecklist(actorOf(r), r.body),
  );
  app.get(
    '/process-checks/targets',
    {
      schema: {
        tags,
        summary: "The dealer's targets: execution rate, spot-check coverage, drill pass rate",
        response: { 200: processTargetsSchema },
      },
    },
    (r) => processChecks.targets(actorOf(r)),
  );
  app.put(
    '/process-checks/targets',
    { schema: { tags, summary: "Set the dealer's targets", body: processTargetsSchema, response: { 200: processTargetsSchema } } },
    (r) => processChecks.saveTargets(actorOf(r), r.body),
  );
  app.get(
    '/process-checks/figures',
    {
      schema: {
        tags,
        summary: 'Process execution, spot-check coverage and drill pass rate against the targets, per dealer of the scope',
        querystring: processPeriodQuerySchema,
        response: { 200: processFiguresSchema },
      },
    },
    (r) => processChecks.figures(actorOf(r), r.query),
  );
  app.get(
    '/process-checks/visits/:id',
    { schema: { tags, summary: "A visit's automatic items as its record judges them", params, response: { 200: visitCheckSchema } } },
    (r) => processChecks.visitCheck(actorOf(r), r.params.id),
  );
  app.get(
    '/process-checks/sample',
    {
      schema: {
        tags,
        summary: "The visits to spot-check so that the period's coverage reaches the dealer's target",
        querystring: processPeriodQuerySchema,
        response: { 200: processSampleSchema },
      },
    },
    (r) => processChecks.sample(actorOf(r), r.query),
  );
  app.post(
    '/spot-checks',
    {
      schema: {
        tags,
        summary: "Open a visit's spot-check (the open one, if there is one)",
        body: spotCheckStartSchema,
        response: { 201: spotCheckSchema },
      },
    },
    async (r, reply) => reply.code(201).send(await processChecks.startSpotCheck(actorOf(r), r.body.visitId)),
  );
  app.get(
    '/spot-checks/:id',
    { schema: { tags, summary: 'A spot-check with its items', params, response: { 200: spotCheckSchema } } },
    (r) => processChecks.spotCheck(actorOf(r), r.params.id),
  );
  app.post(
    '/spot-checks/:id/submit',
    {
      schema: {
        tags,
        summary: "Submit a spot-check's results; a failed item becomes a coaching task for the advisor's supervisor",
        params,
        body: spotCheckSubmitSchema,
        response: { 200: spotCheckSchema },
      },
    },
    (r) => processChecks.submitSpotCheck(actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/drills',
    {
      schema: {
        tags,
        summary: 'Record a drill or training session with who took part and the result',
        body: drillInputSchema,
        response: { 201: drillSchema },
      },
    },
    async (r, reply) => reply.code(201).send(await processChecks.recordDrill(actorOf(r), r.body)),
  );
  app.get(
    '/drills',
    {
      schema: {
        tags,
        summary: 'The drills and training sessions of a period',
        querystring: processPeriodQuerySchema,
        response: { 200: drillListSchema },
      },
    },
    (r) => processChecks.drills(actorOf(r), r.query),
  );
};
