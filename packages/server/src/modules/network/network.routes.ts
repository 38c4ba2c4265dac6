import { dealerListSchema } from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/authenticate.js';

export const networkRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/dealers',
    { schema: { tags: ['network'], summary: 'Dealers you can see', response: { 200: dealerListSchema } } },
    async (request) => ({
      items: await app.services.network.listDealers(actorOf(request)),
    }),
  );
};
