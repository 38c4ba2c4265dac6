import { valueAddedKpiQuerySchema, valueAddedKpiSchema } from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/authenticate.js';

const tags = ['kpis'];

export const valueAddedRoutes: FastifyPluginAsyncZod = async (app) => {
  const { valueAdded } = app.services;

  app.get(
    '/kpis/value-added',
    {
      schema: {
        tags,
        summary:
          "The value-added services' KPIs per dealer of the scope: loaner utilisation, pick-up & delivery on time, rescue response, club redemption",
        querystring: valueAddedKpiQuerySchema,
        response: { 200: valueAddedKpiSchema },
      },
    },
    (r) => valueAdded.kpi(actorOf(r), r.query),
  );
};
