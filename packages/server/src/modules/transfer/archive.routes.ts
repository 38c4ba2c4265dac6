import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/authenticate.js';

const tags = ['admin'];

export const archiveRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/admin/archive',
    {
      schema: {
        tags,
        summary:
          "Download the dealer's archive (the car maker's admin: the whole network's) as `servicebay export` writes it: a zip, described in docs/EXPORT.md",
      },
    },
    async (r, reply) => {
      const { filename, zip } = await app.services.archive.download(actorOf(r));
      return reply.type('application/zip').header('content-disposition', `attachment; filename="${filename}"`).send(zip);
    },
  );
};
