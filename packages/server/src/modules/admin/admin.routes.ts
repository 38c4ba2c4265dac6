import {
  apiTokenListSchema,
  apiTokenSchema,
  dealerCreateSchema,
  dealerPatchSchema,
  dealerSchema,
  passwordResetSchema,
  staffCreateSchema,
  staffListQuerySchema,
  staffPatchSchema,
  staffUserListSchema,
  staffUserSchema,
} from '@servicebay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/authenticate.js';

const params = z.object({ id: z.uuid() });
const tags = ['admin'];

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { admin } = app.services;

  app.get(
    '/admin/users',
    {
      schema: {
        tags,
        summary: 'Staff you manage: your dealer’s, or (car maker) a dealer’s or the car maker’s own',
        querystring: staffListQuerySchema,
        response: { 200: staffUserListSchema },
      },
    },
    async (request) => ({
      items: await admin.listUsers(actorOf(request), request.query),
    }),
  );

  app.post(
    '/admin/users',
    {
      schema: {
        tags,
        summary: 'Add a staff user (409 when the login is taken)',
        body: staffCreateSchema,
        response: { 201: staffUserSchema },
      },
    },
    (request, reply) => app.idempotent(request, reply, 201, (services) => services.admin.createUser(actorOf(request), request.body)),
  );

  app.get('/admin/users/:id', { schema: { tags, params, response: { 200: staffUserSchema } } }, (request) =>
    admin.getUser(actorOf(request), request.params.id),
  );

  app.patch(
    '/admin/users/:id',
    { schema: { tags, summary: 'Change the name or the roles', params, body: staffPatchSchema, response: { 200: staffUserSchema } } },
    (request) => admin.updateUser(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/admin/users/:id/disable',
    {
      schema: {
        tags,
        summary: 'The user can no longer log in; their sessions and API tokens stop working',
        params,
        response: { 200: staffUserSchema },
      },
    },
    (request) => admin.disableUser(actorOf(request), request.params.id),
  );

  app.post('/admin/users/:id/enable', { schema: { tags, params, response: { 200: staffUserSchema } } }, (request) =>
    admin.enableUser(actorOf(request), request.params.id),
  );

  app.post(
    '/admin/users/:id/password',
    {
      schema: {
        tags,
        summary: 'Set a new password; the user’s sessions end and any lock is lifted',
        params,
        body: passwordResetSchema,
        response: { 200: staffUserSchema },
      },
    },
    (request) => admin.resetPassword(actorOf(request), request.params.id, request.body.password),
  );

  app.post(
    '/admin/users/:id/unlock',
    { schema: { tags, summary: 'Lift the lock after too many failed passwords', params, response: { 200: staffUserSchema } } },
    (request) => admin.unlockUser(actorOf(request), request.params.id),
  );

  app.get(
    '/admin/tokens',
    {
      schema: {
        tags,
        summary: 'Integration API tokens of the staff you manage (create one with POST /auth/tokens)',
        response: { 200: apiTokenListSchema },
      },
    },
    async (request) => ({
      items: await admin.listTokens(actorOf(request)),
    }),
  );

  app.post('/admin/tokens/:id/revoke', { schema: { tags, params, response: { 200: apiTokenSchema } } }, (request) =>
    admin.revokeToken(actorOf(request), request.params.id),
  );

  app.post(
    '/admin/dealers',
    {
      schema: {
        tags,
        summary: 'The car maker adds a dealer to the network (409 when the code is taken)',
        body: dealerCreateSchema,
        response: { 201: dealerSchema },
      },
    },
    (request, reply) => app.idempotent(request, reply, 201, (services) => services.admin.createDealer(actorOf(request), request.body)),
  );

  app.patch('/admin/dealers/:id', { schema: { tags, params, body: dealerPatchSchema, response: { 200: dealerSchema } } }, (request) =>
    admin.updateDealer(actorOf(request), request.params.id, request.body),
  );
};
