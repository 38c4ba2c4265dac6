import { additionalItemDecisionSchema, publicAdditionalItemSchema } from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { linkOf, publicLinkRoutes } from '../../platform/public-links.js';

const publicTags = ['public'];

/** The customer's approval page from the SMS link: no login; the token opens exactly one item of one dealer. */
export const publicApprovalRoutes: FastifyPluginAsyncZod<{ publicRateLimitPerMinute?: number }> = async (app, options) => {
  const { additionalWork } = app.services;
  const limit = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

  for (const { url, params, deprecated } of publicLinkRoutes('/approvals', z.string().min(20).max(100))) {
    app.get(
      url,
      {
        schema: {
          tags: publicTags,
          summary: 'The additional work as the customer sees it; 410 once the link is used or expired',
          deprecated,
          params,
          response: { 200: publicAdditionalItemSchema },
        },
        config: limit(options.publicRateLimitPerMinute ?? 60),
      },
      (r) => additionalWork.publicGet(linkOf(r.params)),
    );
  }
  for (const { url, params, deprecated } of publicLinkRoutes('/approvals', z.string().min(20).max(100), '/decision')) {
    app.post(
      url,
      {
        schema: {
          tags: publicTags,
          summary: "The customer's answer; the link works once",
          deprecated,
          params,
          body: additionalItemDecisionSchema,
          response: { 200: publicAdditionalItemSchema },
        },
        config: limit(20),
      },
      (r) => additionalWork.publicDecide(linkOf(r.params), r.body, r.id),
    );
  }
};
