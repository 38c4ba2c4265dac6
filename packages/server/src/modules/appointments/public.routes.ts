import {
  availabilitySchema,
  instantSchema,
  isoDateSchema,
  otpRequestSchema,
  otpSentSchema,
  publicAppointmentSchema,
  publicBookedSchema,
  publicBookingSchema,
  publicDealerSchema,
  welcomeBoardSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { linkOf, publicLinkRoutes } from '../../platform/public-links.js';

const dealer = z.object({ code: z.string().min(1).max(20) });
const token = z.string().min(20).max(100);
const tags = ['public'];

/** The customer's pages and the lobby board: no login. Each route is rate-limited per address. */
export const publicRoutes: FastifyPluginAsyncZod<{ publicRateLimitPerMinute: number }> = async (app, options) => {
  const { publicBooking, welcomeBoard } = app.services;
  const limit = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

  app.get(
    '/dealers/:code',
    {
      schema: {
        tags,
        params: dealer,
        response: { 200: publicDealerSchema },
      },
      config: limit(options.publicRateLimitPerMinute),
    },
    (r) => publicBooking.dealer(r.params.code),
  );
  app.get(
    '/dealers/:code/availability',
    {
      schema: {
        tags,
        params: dealer,
        querystring: z.object({ from: isoDateSchema, to: isoDateSchema }),
        response: { 200: availabilitySchema },
      },
      config: limit(options.publicRateLimitPerMinute),
    },
    (r) => publicBooking.availability(r.params.code, r.query.from, r.query.to),
  );
  app.post(
    '/dealers/:code/otp',
    {
      schema: {
        tags,
        summary: 'Send a one-time booking code by SMS',
        params: dealer,
        body: otpRequestSchema,
        response: { 202: otpSentSchema },
      },
      config: limit(10),
    },
    async (r, reply) => reply.code(202).send(await publicBooking.requestCode(r.params.code, r.body, r.ip)),
  );
  app.post(
    '/dealers/:code/bookings',
    {
      schema: {
        tags,
        params: dealer,
        body: publicBookingSchema,
        response: { 201: publicBookedSchema },
      },
      config: limit(20),
    },
    async (r, reply) => reply.code(201).send(await publicBooking.book(r.params.code, r.body)),
  );
  for (const { url, params, deprecated } of publicLinkRoutes('/appointments', token)) {
    app.get(
      url,
      { schema: { tags, deprecated, params, response: { 200: publicAppointmentSchema } }, config: limit(options.publicRateLimitPerMinute) },
      (r) => publicBooking.get(linkOf(r.params)),
    );
  }
  for (const { url, params, deprecated } of publicLinkRoutes('/appointments', token, '/cancel')) {
    app.post(url, { schema: { tags, deprecated, params, response: { 200: publicAppointmentSchema } }, config: limit(20) }, (r) =>
      publicBooking.cancel(linkOf(r.params)),
    );
  }
  for (const { url, params, deprecated } of publicLinkRoutes('/appointments', token, '/move')) {
    app.post(
      url,
      {
        schema: { tags, deprecated, params, body: z.object({ startsAt: instantSchema }), response: { 200: publicAppointmentSchema } },
        config: limit(20),
      },
      (r) => publicBooking.move(linkOf(r.params), r.body.startsAt),
    );
  }
  for (const { url, params, deprecated } of publicLinkRoutes('/appointments', token, '/calendar.ics')) {
    app.get(url, { schema: { tags, deprecated, params }, config: limit(options.publicRateLimitPerMinute) }, async (r, reply) =>
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="booking.ics"')
        .send(await publicBooking.calendar(linkOf(r.params))),
    );
  }
  app.get(
    '/dealers/:code/welcome-board',
    { schema: { tags, params: dealer, response: { 200: welcomeBoardSchema } }, config: limit(options.publicRateLimitPerMinute) },
    (r) => welcomeBoard.welcomeBoard(r.params.code),
  );
};
