import {
  networkScorecardSchema,
  SCORECARD_ROLES,
  scorecardListSchema,
  scorecardNetworkQuerySchema,
  scorecardPeriodQuerySchema,
  scorecardSettingsInputSchema,
  scorecardSettingsSchema,
  scorecardTeamQuerySchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const tags = ['scorecards'];

export const scorecardsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { scorecards } = app.services;

  app.get(
    '/scorecards/me',
    {
      schema: {
        tags,
        summary: 'My scorecards of a month or range of months, one per scored role, every part explained',
        querystring: scorecardPeriodQuerySchema,
        response: { 200: scorecardListSchema },
      },
    },
    (r) => scorecards.mine(actorOf(r), r.query),
  );

  app.get(
    '/scorecards/settings',
    {
      schema: {
        tags,
        summary: "The dealer's scorecard weights and monthly targets per role (the defaults where none are set)",
        response: { 200: scorecardSettingsSchema },
      },
    },
    (r) => scorecards.settings(actorOf(r)),
  );

  app.put(
    '/scorecards/settings/:role',
    {
      schema: {
        tags,
        summary: "Set a role's weights (adding up to 100) and monthly targets, at the version read",
        params: z.object({ role: z.enum(SCORECARD_ROLES) }),
        body: scorecardSettingsInputSchema,
        response: { 200: scorecardSettingsSchema },
      },
    },
    (r) => scorecards.saveSettings(actorOf(r), r.params.role, r.body),
  );

  app.get(
    '/scorecards',
    {
      schema: {
        tags,
        summary: "My team's scorecards: the staff of the roles I manage, or one of them",
        querystring: scorecardTeamQuerySchema,
        response: { 200: scorecardListSchema },
      },
    },
    (r) => scorecards.team(actorOf(r), r.query),
  );

  app.get(
    '/scorecards/:userId',
    {
      schema: {
        tags,
        summary: "A team member's scorecards (or my own); anyone else's is not found",
        params: z.object({ userId: z.uuid() }),
        querystring: scorecardPeriodQuerySchema,
        response: { 200: scorecardListSchema },
      },
    },
    (r) => scorecards.ofUser(actorOf(r), r.params.userId, r.query),
  );

  app.get(
    '/network/scorecards',
    {
      schema: {
        tags,
        summary: "The car maker's comparison of a role across dealers: staff scored, mean score and each measure's mean",
        querystring: scorecardNetworkQuerySchema,
        response: { 200: networkScorecardSchema },
      },
    },
    (r) => scorecards.network(actorOf(r), r.query),
  );
};
