import {
  mileageInputSchema,
  mileageReadingListSchema,
  mileageReadingSchema,
  vehicleInputSchema,
  vehicleLookupSchema,
  vehicleModelListSchema,
  vehiclePatchSchema,
  vehicleSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['vehicles'];

export const vehiclesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { vehicles } = app.services;

  app.post('/vehicles', { schema: { tags, body: vehicleInputSchema, response: { 201: vehicleSchema } } }, (request, reply) =>
    app.idempotent(request, reply, 201, (services) => services.vehicles.create(actorOf(request), request.body)),
  );

  app.post(
    '/vehicles/lookup',
    {
      schema: {
        tags,
        summary: 'Find any vehicle of the network by exact VIN or plate; links it and its owner to your dealer',
        body: vehicleLookupSchema,
        response: { 200: vehicleSchema },
      },
    },
    (request) => vehicles.lookup(actorOf(request), request.body),
  );

  app.get('/vehicles/:id', { schema: { tags, params, response: { 200: vehicleSchema } } }, (request) =>
    vehicles.get(actorOf(request), request.params.id),
  );

  app.patch('/vehicles/:id', { schema: { tags, params, body: vehiclePatchSchema, response: { 200: vehicleSchema } } }, (request) =>
    vehicles.update(actorOf(request), request.params.id, request.body),
  );

  app.get('/vehicles/:id/mileage', { schema: { tags, params, response: { 200: mileageReadingListSchema } } }, async (request) => ({
    items: await vehicles.listMileage(actorOf(request), request.params.id),
  }));

  app.post(
    '/vehicles/:id/mileage',
    { schema: { tags, params, body: mileageInputSchema, response: { 201: mileageReadingSchema } } },
    (request, reply) =>
      app.idempotent(request, reply, 201, (services) => services.vehicles.addMileage(actorOf(request), request.params.id, request.body)),
  );

  app.get('/vehicle-models', { schema: { tags, response: { 200: vehicleModelListSchema } } }, async (request) => ({
    items: await vehicles.listModels(actorOf(request)),
  }));
};
