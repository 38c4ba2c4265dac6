import {
  activityAudienceSchema,
  activityCancelSchema,
  activityInputSchema,
  activityInvitePreviewSchema,
  activityInviteResultSchema,
  activityListQuerySchema,
  activityListSchema,
  activityReportQuerySchema,
  activityReportSchema,
  activitySchema,
  activityUpdateSchema,
  attendanceSchema,
  invitationListSchema,
  invitationSchema,
  publicInvitationSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';
import { linkOf, publicLinkRoutes } from '../../platform/public-links.js';

const tags = ['activities'];
const params = z.object({ id: z.uuid() });
const invitationParams = z.object({ id: z.uuid(), invitationId: z.uuid() });

export const activitiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { activities } = app.services;

  app.get(
    '/activities',
    {
      schema: {
        tags,
        summary: "The activities, newest start first (the car maker: its dealers', one dealer with dealerId)",
        querystring: activityListQuerySchema,
        response: { 200: activityListSchema },
      },
    },
    (r) => activities.list(actorOf(r), r.query),
  );

  app.post(
    '/activities',
    { schema: { tags, summary: 'Plan an activity (a draft until opened)', body: activityInputSchema, response: { 201: activitySchema } } },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.activities.create(actorOf(r), r.body)),
  );

  app.get('/activities/:id', { schema: { tags, summary: 'An activity with its counts', params, response: { 200: activitySchema } } }, (r) =>
    activities.get(actorOf(r), r.params.id),
  );

  app.put(
    '/activities/:id',
    {
      schema: {
        tags,
        summary: 'Change an activity (draft or open, not over; capacity not below the seats taken)',
        params,
        body: activityUpdateSchema,
        response: { 200: activitySchema },
      },
    },
    (r) => activities.update(actorOf(r), r.params.id, r.body),
  );

  app.post(
    '/activities/:id/open',
    { schema: { tags, summary: 'Open a draft: invitations may go out, customers sign up', params, response: { 200: activitySchema } } },
    (r) => activities.open(actorOf(r), r.params.id),
  );

  app.post(
    '/activities/:id/cancel',
    {
      schema: { tags, summary: 'Cancel an activity before it ends', params, body: activityCancelSchema, response: { 200: activitySchema } },
    },
    (r) => activities.cancel(actorOf(r), r.params.id, r.body),
  );

  app.post(
    '/activities/:id/close',
    { schema: { tags, summary: 'Close an activity that has taken place', params, response: { 200: activitySchema } } },
    (r) => activities.close(actorOf(r), r.params.id),
  );

  app.post(
    '/activities/:id/invitations/preview',
    {
      schema: {
        tags,
        summary: 'How many customers an audience would invite, and why the others not (nothing is written)',
        params,
        body: activityAudienceSchema,
        response: { 200: activityInvitePreviewSchema },
      },
    },
    (r) => activities.previewInvite(actorOf(r), r.params.id, r.body),
  );

  app.post(
    '/activities/:id/invitations',
    {
      schema: {
        tags,
        summary:
          'Invite an audience: each customer gets an SMS with their own sign-up link (opted-out and already invited ones are skipped)',
        params,
        body: activityAudienceSchema,
        response: { 200: activityInviteResultSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.activities.invite(actorOf(r), r.params.id, r.body)),
  );

  app.get(
    '/activities/:id/invitations',
    { schema: { tags, summary: "The activity's invitations", params, response: { 200: invitationListSchema } } },
    (r) => activities.invitations(actorOf(r), r.params.id),
  );

  app.post(
    '/activities/:id/invitations/:invitationId/attendance',
    {
      schema: {
        tags,
        summary: 'Mark an invited customer as attended or no-show (once the activity has begun)',
        params: invitationParams,
        body: attendanceSchema,
        response: { 200: invitationSchema },
      },
    },
    (r) => activities.markAttendance(actorOf(r), r.params.id, r.params.invitationId, r.body),
  );

  app.get(
    '/activities/:id/report',
    {
      schema: {
        tags,
        summary: "The activity's report: invited, signed up, attended, cost per attendee, the attendees' revenue in the days after",
        params,
        querystring: activityReportQuerySchema,
        response: { 200: activityReportSchema },
      },
    },
    (r) => activities.report(actorOf(r), r.params.id, r.query),
  );
};

const token = z.string().min(20).max(100);
const publicTags = ['public'];

/** The customer's sign-up page from the SMS link: no login; the token opens exactly one invitation. */
export const publicActivityRoutes: FastifyPluginAsyncZod<{ publicRateLimitPerMinute?: number }> = async (app, options) => {
  const { activities } = app.services;
  const limit = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

  for (const { url, params, deprecated } of publicLinkRoutes('/activity-invitations', token)) {
    app.get(
      url,
      {
        schema: {
          tags: publicTags,
          summary: 'The activity and the invitation a link opens',
          deprecated,
          params,
          response: { 200: publicInvitationSchema },
        },
        config: limit(options.publicRateLimitPerMinute ?? 60),
      },
      (r) => activities.publicGet(linkOf(r.params)),
    );
  }
  for (const { url, params, deprecated } of publicLinkRoutes('/activity-invitations', token, '/sign-up')) {
    app.post(
      url,
      {
        schema: {
          tags: publicTags,
          summary: 'Sign up (409 activity_full when every place is taken, signup_closed once it has begun)',
          deprecated,
          params,
          response: { 200: publicInvitationSchema },
        },
        config: limit(20),
      },
      (r) => activities.signUp(linkOf(r.params)),
    );
  }
  for (const { url, params, deprecated } of publicLinkRoutes('/activity-invitations', token, '/cancel')) {
    app.post(
      url,
      {
        schema: {
          tags: publicTags,
          summary: 'Cancel a sign-up (or decline) before the activity begins',
          deprecated,
          params,
          response: { 200: publicInvitationSchema },
        },
        config: limit(20),
      },
      (r) => activities.cancelSignUp(linkOf(r.params)),
    );
  }
};
