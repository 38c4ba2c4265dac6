import {
  driverJobSchema,
  driverStepSchema,
  fileUploadedSchema,
  fileUploadSchema,
  pickupAssignedSchema,
  pickupAssignSchema,
  pickupCancelSchema,
  pickupDayQuerySchema,
  pickupDaySchema,
  pickupDriverLinkSchema,
  pickupHandOverSchema,
  pickupJobInputSchema,
  pickupJobListSchema,
  pickupJobSchema,
  pickupSettingsInputSchema,
  pickupSettingsSchema,
  pickupTakeSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';
import { linkOf, publicLinkRoutes } from '../../platform/public-links.js';

const params = z.object({ id: z.uuid() });
const tags = ['pick-up and delivery'];

/** The desk's day plan of pick-ups, deliveries and designated driving, and the dealer's settings. */
export const pickupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { pickup } = app.services;

  app.get(
    '/pickup/settings',
    { schema: { tags, summary: "The dealer's service areas, distance limit and fee", response: { 200: pickupSettingsSchema } } },
    (r) => pickup.settings(actorOf(r)),
  );
  app.put(
    '/pickup/settings',
    {
      schema: {
        tags,
        summary: "Set the dealer's service areas, distance limit and fee (with the version read once saved)",
        body: pickupSettingsInputSchema,
        response: { 200: pickupSettingsSchema },
      },
    },
    (r) => pickup.saveSettings(actorOf(r), r.body),
  );
  app.get(
    '/pickup/jobs',
    {
      schema: {
        tags,
        summary: "A day's jobs by window, with the dealer's drivers (the car maker: name the dealer)",
        querystring: pickupDayQuerySchema,
        response: { 200: pickupDaySchema },
      },
    },
    (r) => pickup.day(actorOf(r), r.query),
  );
  app.post(
    '/pickup/jobs',
    {
      schema: {
        tags,
        summary: 'Book a pick-up, a delivery or a designated drive in one of the service areas',
        body: pickupJobInputSchema,
        response: { 201: pickupJobSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.pickup.book(actorOf(r), r.body)),
  );
  app.post(
    '/pickup/jobs/:id/assign',
    {
      schema: {
        tags,
        summary: "Give the job to a driver (refused when the driver's windows overlap) and make the driver's link",
        params,
        body: pickupAssignSchema,
        response: { 200: pickupAssignedSchema },
      },
    },
    (r) => pickup.assign(actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/pickup/jobs/:id/driver-link',
    {
      schema: {
        tags,
        summary: "A new link to the driver's page (the previous one stops working)",
        params,
        response: { 200: pickupDriverLinkSchema },
      },
    },
    (r) => pickup.driverLink(actorOf(r), r.params.id),
  );
  app.post(
    '/pickup/jobs/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a job before the car is taken',
        params,
        body: pickupCancelSchema,
        response: { 200: pickupJobSchema },
      },
    },
    (r) => pickup.cancel(actorOf(r), r.params.id, r.body),
  );
  app.get(
    '/pickup/my-jobs',
    { schema: { tags, summary: "The driver's own unfinished jobs from today on", response: { 200: pickupJobListSchema } } },
    (r) => pickup.myJobs(actorOf(r)),
  );
};

const token = z.string().min(20).max(100);
const publicTags = ['public'];

/** The driver's phone page from the link: no login; the token opens exactly one job of one dealer. */
export const publicDriverRoutes: FastifyPluginAsyncZod<{ publicRateLimitPerMinute?: number }> = async (app, options) => {
  const { pickup } = app.services;
  const limit = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

  for (const { url, params, deprecated } of publicLinkRoutes('/driver-jobs', token)) {
    app.get(
      url,
      {
        schema: {
          tags: publicTags,
          summary: "The driver's job; 410 once the link is replaced or expired",
          deprecated,
          params,
          response: { 200: driverJobSchema },
        },
        config: limit(options.publicRateLimitPerMinute ?? 60),
      },
      (r) => pickup.publicGet(linkOf(r.params)),
    );
  }
  for (const { url, params, deprecated } of publicLinkRoutes('/driver-jobs', token, '/set-out')) {
    app.post(
      url,
      {
        schema: {
          tags: publicTags,
          summary: 'The driver sets out; the customer is texted',
          deprecated,
          params,
          response: { 200: driverStepSchema },
        },
        config: limit(20),
      },
      (r) => pickup.setOut(linkOf(r.params)),
    );
  }
  for (const { url, params, deprecated } of publicLinkRoutes('/driver-jobs', token, '/take')) {
    app.post(
      url,
      {
        schema: {
          tags: publicTags,
          summary: "The car taken at the door: marks, fuel, km, photos and the customer's signature",
          deprecated,
          params,
          body: pickupTakeSchema,
          response: { 200: driverStepSchema },
        },
        config: limit(20),
      },
      (r) => pickup.take(linkOf(r.params), r.body),
    );
  }
  for (const { url, params, deprecated } of publicLinkRoutes('/driver-jobs', token, '/hand-over')) {
    app.post(
      url,
      {
        schema: {
          tags: publicTags,
          summary: 'The car handed over with the km at the end of the route (a delivery: the customer is texted)',
          deprecated,
          params,
          body: pickupHandOverSchema,
          response: { 200: driverStepSchema },
        },
        config: limit(20),
      },
      (r) => pickup.handOver(linkOf(r.params), r.body),
    );
  }
  for (const { url, params, deprecated } of publicLinkRoutes('/driver-jobs', token, '/files')) {
    app.post(
      url,
      {
        schema: {
          tags: publicTags,
          summary: 'A photo taken on the driver’s page',
          deprecated,
          params,
          body: fileUploadSchema,
          response: { 201: fileUploadedSchema },
        },
        config: limit(60),
      },
      async (r, reply) => reply.code(201).send(await pickup.upload(linkOf(r.params), r.body)),
    );
  }
};
