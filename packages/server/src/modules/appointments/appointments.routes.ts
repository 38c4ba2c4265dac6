import {
  appointmentBookedSchema,
  appointmentHistorySchema,
  appointmentInputSchema,
  appointmentKpiListSchema,
  appointmentListQuerySchema,
  appointmentListSchema,
  appointmentSchema,
  arrivalFlowSchema,
  assignSchema,
  availabilityQuerySchema,
  availabilitySchema,
  bayInputSchema,
  bayListSchema,
  baySchema,
  bookingSettingsPatchSchema,
  bookingSettingsSchema,
  cancelSchema,
  checkInSchema,
  confirmationAttemptSchema,
  dealerNarrowingSchema,
  isoDateSchema,
  kpiQuerySchema,
  partListSchema,
  prepickItemSchema,
  prepickListSchema,
  prepickUpdateSchema,
  rescheduleSchema,
  rosterDaySchema,
  rosterUpdateSchema,
  serviceAdvisorListSchema,
  walkInArrivalSchema,
  workshopReservationListSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['appointments'];
const dateQuery = z.object({ date: isoDateSchema });
/** A day, and for the car maker optionally one dealer. */
const dealerDateQuery = dateQuery.extend(dealerNarrowingSchema);

export const appointmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { appointments, bookingSettings, prepick, appointmentKpis } = app.services;

  app.get('/appointment-settings', { schema: { tags, response: { 200: bookingSettingsSchema } } }, (r) =>
    bookingSettings.getSettings(actorOf(r)),
  );
  app.patch(
    '/appointment-settings',
    { schema: { tags, body: bookingSettingsPatchSchema, response: { 200: bookingSettingsSchema } } },
    (r) => bookingSettings.updateSettings(actorOf(r), r.body),
  );
  app.get('/roster', { schema: { tags, querystring: dateQuery, response: { 200: rosterDaySchema } } }, (r) =>
    bookingSettings.roster(actorOf(r), r.query.date),
  );
  app.put('/roster/:date', { schema: { tags, params: dateQuery, body: rosterUpdateSchema, response: { 200: rosterDaySchema } } }, (r) =>
    bookingSettings.setRoster(actorOf(r), r.params.date, r.body.offUserIds),
  );
  app.get('/bays', { schema: { tags, response: { 200: bayListSchema } } }, async (r) => ({
    items: await bookingSettings.bays(actorOf(r)),
  }));
  app.post('/bays', { schema: { tags, body: bayInputSchema, response: { 201: baySchema } } }, (r, reply) =>
    app.idempotent(r, reply, 201, (s) => s.bookingSettings.addBay(actorOf(r), r.body)),
  );
  app.get(
    '/parts',
    { schema: { tags, querystring: z.object({ q: z.string().max(60).default('') }), response: { 200: partListSchema } } },
    async (r) => ({ items: await bookingSettings.parts(actorOf(r), r.query.q) }),
  );
  app.get('/service-advisors', { schema: { tags, response: { 200: serviceAdvisorListSchema } } }, async (r) => ({
    items: await bookingSettings.serviceAdvisors(actorOf(r)),
  }));

  app.get(
    '/availability',
    {
      schema: {
        tags,
        summary: 'Remaining seats per slot, and 2–3 suggestions near the wanted time',
        querystring: availabilityQuerySchema,
        response: { 200: availabilitySchema },
      },
    },
    (r) => appointments.availability(actorOf(r), r.query),
  );
  app.post(
    '/appointments',
    {
      schema: {
        tags,
        summary: 'Book a slot; 409 slot_full with alternatives when the last seat was just taken',
        body: appointmentInputSchema,
        response: { 201: appointmentBookedSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.appointments.book(actorOf(r), r.body)),
  );
  app.get(
    '/appointments',
    { schema: { tags, querystring: appointmentListQuerySchema, response: { 200: appointmentListSchema } } },
    async (r) => ({ items: await appointments.list(actorOf(r), r.query) }),
  );
  app.get(
    '/appointments/call-list',
    {
      schema: {
        tags,
        summary: "The day's appointments not yet confirmed",
        querystring: dateQuery,
        response: { 200: appointmentListSchema },
      },
    },
    async (r) => ({
      items: await appointments.list(actorOf(r), { from: r.query.date, to: r.query.date }, true),
    }),
  );
  app.get('/appointments/:id', { schema: { tags, params, response: { 200: appointmentSchema } } }, (r) =>
    appointments.get(actorOf(r), r.params.id),
  );
  app.get(
    '/appointments/:id/history',
    {
      schema: {
        tags,
        params,
        response: { 200: appointmentHistorySchema },
      },
    },
    async (r) => ({
      items: await appointments.history(actorOf(r), r.params.id),
    }),
  );
  app.post(
    '/appointments/:id/reschedule',
    { schema: { tags, params, body: rescheduleSchema, response: { 200: appointmentSchema } } },
    (r) => appointments.reschedule(actorOf(r), r.params.id, r.body),
  );
  app.post('/appointments/:id/cancel', { schema: { tags, params, body: cancelSchema, response: { 200: appointmentSchema } } }, (r) =>
    appointments.cancel(actorOf(r), r.params.id, r.body),
  );
  app.post('/appointments/:id/assign', { schema: { tags, params, body: assignSchema, response: { 200: appointmentSchema } } }, (r) =>
    appointments.assign(actorOf(r), r.params.id, r.body),
  );
  app.post(
    '/appointments/:id/confirmations',
    { schema: { tags, params, body: confirmationAttemptSchema, response: { 200: appointmentSchema } } },
    (r) => appointments.recordConfirmation(actorOf(r), r.params.id, r.body),
  );
  app.post('/appointments/:id/check-in', { schema: { tags, params, response: { 200: appointmentSchema } } }, (r) =>
    appointments.checkIn(actorOf(r), r.params.id),
  );
  app.post('/arrivals/walk-in', { schema: { tags, body: checkInSchema, response: { 201: walkInArrivalSchema } } }, (r, reply) =>
    app.idempotent(r, reply, 201, (s) => s.appointments.walkIn(actorOf(r), r.body.vehicleId)),
  );

  app.get(
    '/prepick',
    {
      schema: {
        tags,
        querystring: dateQuery,
        response: { 200: prepickListSchema },
      },
    },
    async (r) => ({
      items: await prepick.prepickList(actorOf(r), r.query.date),
    }),
  );
  app.post('/prepick/:id', { schema: { tags, params, body: prepickUpdateSchema, response: { 200: prepickItemSchema } } }, (r) =>
    prepick.updatePrepick(actorOf(r), r.params.id, r.body.status),
  );
  app.get(
    '/workshop/reservations',
    {
      schema: {
        tags,
        querystring: dealerDateQuery,
        response: { 200: workshopReservationListSchema },
      },
    },
    async (r) => ({
      items: await prepick.reservations(actorOf(r), r.query.date, r.query.dealerId),
    }),
  );

  app.get(
    '/kpis/appointments',
    { schema: { tags: ['kpis'], querystring: kpiQuerySchema, response: { 200: appointmentKpiListSchema } } },
    async (r) => ({ items: await appointmentKpis.kpis(actorOf(r), r.query) }),
  );
  app.get('/kpis/arrival-flow', { schema: { tags: ['kpis'], response: { 200: arrivalFlowSchema } } }, (r) =>
    appointmentKpis.arrivalFlow(actorOf(r)),
  );
};
