import { apiTokenCreatedSchema, apiTokenCreateSchema, loggedOutSchema, loginSchema, sessionSchema } from '@servicebay/contracts';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, authenticateWith, SESSION_COOKIE } from '../../platform/authenticate.js';

export const authRoutes: FastifyPluginAsyncZod<{ loginRateLimitPerMinute: number }> = async (app, options) => {
  const { auth } = app.services;

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with login and password; sets the session cookie',
        body: loginSchema,
        response: { 200: sessionSchema },
      },
      config: { rateLimit: { max: options.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const session = await auth.login(request.body, { ip: request.ip });
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: '/',
        maxAge: session.maxAgeSeconds,
      });
      return { user: session.user, csrfToken: session.csrfToken };
    },
  );

  app.post('/logout', { schema: { tags: ['auth'], response: { 204: loggedOutSchema } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await auth.logout(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.register(async (scope) => {
    const authed = scope.withTypeProvider<ZodTypeProvider>();
    authed.addHook('onRequest', authenticateWith(auth));

    authed.get(
      '/session',
      { schema: { tags: ['auth'], summary: 'The logged-in user and the CSRF token for writes', response: { 200: sessionSchema } } },
      async (request) => {
        const actor = actorOf(request);
        const session = await auth.actorFromSession(request.cookies[SESSION_COOKIE] ?? '', request.id);
        return { user: await auth.sessionUser(actor.userId), csrfToken: session?.csrfToken ?? '' };
      },
    );

    authed.post(
      '/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an API token for an integration (shown once; send as Authorization: Bearer)',
          body: apiTokenCreateSchema,
          response: { 201: apiTokenCreatedSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await auth.createApiToken(actorOf(request), request.body.name)),
    );
  });
};
