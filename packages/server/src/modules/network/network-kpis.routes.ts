import {
  advisorKpiExportQuerySchema,
  advisorKpiQuerySchema,
  advisorKpisSchema,
  kpiRecordsQuerySchema,
  kpiRecordsSchema,
  kpiRefreshSchema,
  kpiTrendQuerySchema,
  kpiTrendSchema,
  networkCockpitSchema,
  networkKpiExportQuerySchema,
  networkKpiQuerySchema,
} from '@servicebay/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const tags = ['kpis'];
const dealerParams = z.object({ dealerId: z.uuid() });

/** The network cockpit (issue 13 §2): the car maker's view of its dealers, a dealer's managers' view of theirs beside the network. */
const sendWorkbook = (reply: FastifyReply, { filename, buffer }: { filename: string; buffer: Buffer }) =>
  reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(buffer);

export const networkKpisRoutes: FastifyPluginAsyncZod = async (app) => {
  const { networkKpis } = app.services;

  app.get(
    '/network/kpis',
    {
      schema: {
        tags,
        summary: 'Headline KPIs per dealer with the network average and top quartile',
        querystring: networkKpiQuerySchema,
        response: { 200: networkCockpitSchema },
      },
    },
    (r) => networkKpis.cockpit(actorOf(r), r.query),
  );

  app.get(
    '/network/kpis.xlsx',
    { schema: { tags, summary: 'The cockpit as an Excel workbook', querystring: networkKpiExportQuerySchema } },
    async (r, reply) => {
      return sendWorkbook(reply, await networkKpis.exportXlsx(actorOf(r), r.query));
    },
  );

  app.get(
    '/network/kpis/trend',
    {
      schema: {
        tags,
        summary: 'One KPI by month: the dealer beside the network',
        querystring: kpiTrendQuerySchema,
        response: { 200: kpiTrendSchema },
      },
    },
    (r) => networkKpis.trend(actorOf(r), r.query),
  );

  app.get(
    '/network/kpis/dealers/:dealerId/advisors',
    {
      schema: {
        tags,
        summary: "A dealer's KPIs by service advisor",
        params: dealerParams,
        querystring: advisorKpiQuerySchema,
        response: { 200: advisorKpisSchema },
      },
    },
    (r) => networkKpis.advisors(actorOf(r), r.params.dealerId, r.query),
  );

  app.get(
    '/network/kpis/dealers/:dealerId/advisors.xlsx',
    {
      schema: {
        tags,
        summary: "One dealer's advisor drill-down as an Excel workbook",
        params: dealerParams,
        querystring: advisorKpiExportQuerySchema,
      },
    },
    async (r, reply) => {
      return sendWorkbook(reply, await networkKpis.exportAdvisorsXlsx(actorOf(r), r.params.dealerId, r.query));
    },
  );

  app.get(
    '/network/kpis/dealers/:dealerId/records',
    {
      schema: {
        tags,
        summary: 'The records behind one figure of a dealer',
        params: dealerParams,
        querystring: kpiRecordsQuerySchema,
        response: { 200: kpiRecordsSchema },
      },
    },
    (r) => networkKpis.records(actorOf(r), r.params.dealerId, r.query),
  );

  app.post(
    '/network/kpis/refresh',
    {
      schema: {
        tags,
        summary: "Recompute the network's monthly figures now (the running month and the two before it)",
        response: { 200: kpiRefreshSchema },
      },
    },
    (r) => networkKpis.refreshNow(actorOf(r)),
  );
};
