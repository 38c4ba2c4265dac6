import { additionalItemDecisionSchema, publicAdditionalItemSchema } from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const token = z.object({ token: z.string().min(20).max(100) });
const publicTags = ['public'];

/** The customer's approval page from the SMS link: no login; the token opens exactly one item of one dealer. */
export const publicApprovalRoutes: FastifyPluginAsyncZod<{ publicRateLimitPerMinute?: number }> = async (app, options) => {
  const { additionalWork } = app.services;
  const limit = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

  app.get(
    '/approvals/:token',
    {
      schema: {
        tags: publicTags,
        summary: 'The additional work as the customer sees it; 410 once the link is used or expired',
        params: token,
        response: { 200: publicAdditionalItemSchema },
      },
      config: limit(options.publicRateLimitPerMinute ?? 60),
    },
    (r) => additionalWork.publicGet(r.params.token),
  );
  app.post(
    '/approvals/:token/decision',
    {
      schema: {
        tags: publicTags,
        summary: "The customer's answer; the link works once",
        params: token,
        body: additionalItemDecisionSchema,
        response: { 200: publicAdditionalItemSchema },
      },
      config: limit(20),
    },
    (r) => additionalWork.publicDecide(r.params.token, r.body, r.id),
  );
};
