import { z } from 'zod';
import { PERMISSIONS, ROLES } from './roles.js';

export const loginSchema = z.object({
  login: z.string().trim().min(1).max(80),
  password: z.string().min(1).max(200),
});

export const sessionUserSchema = z.object({
  id: z.uuid(),
  login: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.enum(PERMISSIONS)),
  dealer: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }).nullable(),
  network: z.object({ id: z.uuid(), name: z.string() }),
  locale: z.enum(['zh-CN', 'en']),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionSchema = z.object({ user: sessionUserSchema, csrfToken: z.string() });
export type Session = z.infer<typeof sessionSchema>;

export const apiTokenCreateSchema = z.object({ name: z.string().trim().min(1).max(80) });

/** A new API token: the only time its secret is shown. */
export const apiTokenCreatedSchema = z.object({ id: z.uuid(), name: z.string(), token: z.string() });
export type ApiTokenCreated = z.infer<typeof apiTokenCreatedSchema>;

/** Logging out answers 204 with no body. */
export const loggedOutSchema = z.null();
