import { driveTodaySchema, visitCancelResultSchema, visitCancelSchema } from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const tags = ['reception'];

export const driveRoutes: FastifyPluginAsyncZod = async (app) => {
  const { drive } = app.services;

  app.get(
    '/drive/today',
    {
      schema: {
        tags,
        summary: 'Today on the service drive: cars by stage, deliveries of the day, promised times at risk',
        response: { 200: driveTodaySchema },
      },
    },
    (r) => drive.today(actorOf(r)),
  );
  app.post(
    '/visits/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a visit opened by mistake (audited; not counted in vehicles in); refused once an RO of it is signed',
        params: z.object({ id: z.uuid() }),
        body: visitCancelSchema,
        response: { 200: visitCancelResultSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 200, (s) => s.drive.cancelVisit(actorOf(r), r.params.id, r.body)),
  );
};
