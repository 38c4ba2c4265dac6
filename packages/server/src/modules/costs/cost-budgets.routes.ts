import { costBudgetInputSchema, costOverviewQuerySchema, costOverviewSchema } from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/authenticate.js';

const tags = ['service costs'];

export const costBudgetsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { costBudgets } = app.services;

  app.get(
    '/cost-budgets',
    {
      schema: {
        tags,
        summary:
          'Service cost budgets per month and category beside the cost recorded, the variance and the standing, per dealer of the scope',
        querystring: costOverviewQuerySchema,
        response: { 200: costOverviewSchema },
      },
    },
    (r) => costBudgets.overview(actorOf(r), r.query),
  );

  app.put(
    '/cost-budgets',
    {
      schema: {
        tags,
        summary: "Set a month's budget of a cost category at the dealer (with the version read when one is already set)",
        body: costBudgetInputSchema,
        response: { 200: costOverviewSchema },
      },
    },
    (r) => costBudgets.setBudget(actorOf(r), r.body),
  );
};
