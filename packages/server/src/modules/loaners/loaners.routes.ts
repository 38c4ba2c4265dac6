import {
  loanerCancelInputSchema,
  loanerChaseResultSchema,
  loanerHandoverInputSchema,
  loanerInputSchema,
  loanerListQuerySchema,
  loanerListSchema,
  loanerReservationInputSchema,
  loanerReservationListSchema,
  loanerReservationQuerySchema,
  loanerReservationSchema,
  loanerSchema,
  loanerSettingsInputSchema,
  loanerSettingsSchema,
  loanerUpdateSchema,
  loanerUtilisationQuerySchema,
  loanerUtilisationSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['loaner cars'];

export const loanersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { loaners } = app.services;

  app.get(
    '/loaners',
    {
      schema: {
        tags,
        summary: 'The loaner fleet, each with the reservation it is out on',
        querystring: loanerListQuerySchema,
        response: { 200: loanerListSchema },
      },
    },
    (r) => loaners.loaners(actorOf(r), r.query),
  );
  app.post(
    '/loaners',
    { schema: { tags, summary: 'Add a loaner to the fleet', body: loanerInputSchema, response: { 201: loanerSchema } } },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.loaners.addLoaner(actorOf(r), r.body)),
  );
  app.get(
    '/loaners/settings',
    { schema: { tags, summary: "The dealer's loaner eligibility setting", response: { 200: loanerSettingsSchema } } },
    (r) => loaners.settings(actorOf(r)),
  );
  app.put(
    '/loaners/settings',
    {
      schema: {
        tags,
        summary: "Set the dealer's loaner eligibility setting",
        body: loanerSettingsInputSchema,
        response: { 200: loanerSettingsSchema },
      },
    },
    (r) => loaners.updateSettings(actorOf(r), r.body),
  );
  app.get(
    '/loaners/utilisation',
    {
      schema: {
        tags,
        summary:
          'Utilisation of the loaner fleet per dealer of the scope: days out ÷ fleet days, returned reservations and their cost, overdue now',
        querystring: loanerUtilisationQuerySchema,
        response: { 200: loanerUtilisationSchema },
      },
    },
    (r) => loaners.utilisation(actorOf(r), r.query),
  );
  app.post(
    '/loaners/chase-overdue',
    {
      schema: {
        tags,
        summary: 'Chase the overdue returns now: a task per overdue reservation, once (as the nightly run does)',
        response: { 200: loanerChaseResultSchema },
      },
    },
    (r) => loaners.chaseOverdueNow(actorOf(r)),
  );
  app.put(
    '/loaners/:id',
    {
      schema: {
        tags,
        summary: 'Edit a loaner (with the version read); retire it',
        params,
        body: loanerUpdateSchema,
        response: { 200: loanerSchema },
      },
    },
    (r) => loaners.updateLoaner(actorOf(r), r.params.id, r.body),
  );

  app.get(
    '/loaner-reservations',
    {
      schema: {
        tags,
        summary: "Reservations meeting the dealer's days from..to, and every loaner still out",
        querystring: loanerReservationQuerySchema,
        response: { 200: loanerReservationListSchema },
      },
    },
    (r) => loaners.reservations(actorOf(r), r.query),
  );
  app.post(
    '/loaner-reservations',
    {
      schema: {
        tags,
        summary:
          'Reserve a loaner for a customer (the eligibility rules or a manager’s override); overlapping reservations of one loaner: one wins',
        body: loanerReservationInputSchema,
        response: { 201: loanerReservationSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.loaners.reserve(actorOf(r), r.body)),
  );
  app.get('/loaner-reservations/:id', { schema: { tags, params, response: { 200: loanerReservationSchema } } }, (r) =>
    loaners.reservation(actorOf(r), r.params.id),
  );
  app.post(
    '/loaner-reservations/:id/handover',
    {
      schema: {
        tags,
        summary: 'Hand the loaner over: km, fuel, damage marks and photos, signed by the customer',
        params,
        body: loanerHandoverInputSchema,
        response: { 200: loanerReservationSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.loaners.handOver(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/loaner-reservations/:id/return',
    {
      schema: {
        tags,
        summary: 'Take the loaner back: km, fuel, damage marks and photos, signed; the days out give its cost',
        params,
        body: loanerHandoverInputSchema,
        response: { 200: loanerReservationSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.loaners.takeBack(actorOf(r), r.params.id, r.body)),
  );
  app.post(
    '/loaner-reservations/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a reservation not yet handed over',
        params,
        body: loanerCancelInputSchema,
        response: { 200: loanerReservationSchema },
      },
    },
    (r) => loaners.cancel(actorOf(r), r.params.id, r.body),
  );
};
