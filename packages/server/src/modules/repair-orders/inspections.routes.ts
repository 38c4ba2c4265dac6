import {
  fileUploadedSchema,
  fileUploadSchema,
  inspectionInputSchema,
  inspectionSchema,
  walkaroundTemplateInputSchema,
  walkaroundTemplateSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['reception'];

export const inspectionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { inspections } = app.services;

  app.get(
    '/walkaround-template',
    {
      schema: {
        tags,
        summary: "The dealer's walk-around checklist (the default list until the dealer sets its own)",
        response: { 200: walkaroundTemplateSchema },
      },
    },
    (r) => inspections.template(actorOf(r)),
  );
  app.put(
    '/walkaround-template',
    {
      schema: {
        tags,
        summary: "Replace the dealer's walk-around checklist",
        body: walkaroundTemplateInputSchema,
        response: { 200: walkaroundTemplateSchema },
      },
    },
    (r) => inspections.updateTemplate(actorOf(r), r.body),
  );
  app.post(
    '/files',
    {
      schema: {
        tags,
        summary: 'Upload a photo (JPEG, PNG or WebP, base64)',
        body: fileUploadSchema,
        response: { 201: fileUploadedSchema },
      },
    },
    async (r, reply) => reply.code(201).send(await inspections.uploadFile(actorOf(r), r.body)),
  );
  app.get(
    '/files/:dealerId/:name',
    { schema: { tags, params: z.object({ dealerId: z.uuid(), name: z.string().max(80) }) } },
    async (r, reply) => {
      const file = await inspections.file(actorOf(r), `${r.params.dealerId}/${r.params.name}`);
      // The name was checked against the key pattern (hex digest and extension), so it is safe in the header.
      return reply
        .type(file.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename="${r.params.name}"`)
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .header('cross-origin-resource-policy', 'same-origin')
        .header('cache-control', 'private, max-age=86400')
        .send(file.bytes);
    },
  );
  app.post(
    '/visits/:id/inspection',
    {
      schema: {
        tags,
        summary: 'The signed walk-around; the odometer becomes a mileage reading',
        params,
        body: inspectionInputSchema,
        response: { 201: inspectionSchema },
      },
    },
    (r, reply) => app.idempotent(r, reply, 201, (s) => s.inspections.record(actorOf(r), r.params.id, r.body)),
  );
  app.get('/visits/:id/inspection', { schema: { tags, params, response: { 200: inspectionSchema } } }, (r) =>
    inspections.get(actorOf(r), r.params.id),
  );
};
