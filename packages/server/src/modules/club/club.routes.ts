import {
  clubFeeInputSchema,
  clubJoinSchema,
  clubMembershipSchema,
  clubOverviewQuerySchema,
  clubOverviewSchema,
  clubSettingsInputSchema,
  clubSettingsSchema,
  invoicePointsSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['owners club'];

export const clubRoutes: FastifyPluginAsyncZod = async (app) => {
  const { club } = app.services;

  app.get(
    '/club/settings',
    {
      schema: { tags, summary: "The network's club: levels, earn rates, redemption limits, expiry", response: { 200: clubSettingsSchema } },
    },
    (r) => club.settings(actorOf(r)),
  );
  app.put(
    '/club/settings',
    {
      schema: {
        tags,
        summary: "Set the network's club (the car maker's admin; with the version read once saved)",
        body: clubSettingsInputSchema,
        response: { 200: clubSettingsSchema },
      },
    },
    (r) => club.saveSettings(actorOf(r), r.body),
  );
  app.get(
    '/club/overview',
    {
      schema: {
        tags,
        summary: 'Members, points earned and redeemed, the redemption rate and the balance between dealers, per dealer of the scope',
        querystring: clubOverviewQuerySchema,
        response: { 200: clubOverviewSchema },
      },
    },
    (r) => club.overview(actorOf(r), r.query),
  );
  app.get(
    '/customers/:id/club',
    {
      schema: {
        tags,
        summary: "The customer's membership card: level, balance, benefits and ledger",
        params,
        response: { 200: clubMembershipSchema },
      },
    },
    (r) => club.card(actorOf(r), r.params.id),
  );
  app.post(
    '/customers/:id/club',
    {
      schema: {
        tags,
        summary: 'Enrol the customer in the club at the dealer (a fee level: its annual fee is taken at the cashier by `method`)',
        params,
        body: clubJoinSchema,
        response: { 201: clubMembershipSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.club.enrol(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/customers/:id/club/fees',
    {
      schema: {
        tags,
        summary: 'Take a member’s annual fee at the cashier: a year of the level (a renewal continues the year paid for)',
        params,
        body: clubFeeInputSchema,
        response: { 201: clubMembershipSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.club.takeFee(actorOf(r), r.params.id, r.body)),
  );
  app.get(
    '/invoices/:id/points',
    { schema: { tags, summary: 'What points may pay of the invoice now', params, response: { 200: invoicePointsSchema } } },
    (r) => club.invoicePoints(actorOf(r), r.params.id),
  );
};
