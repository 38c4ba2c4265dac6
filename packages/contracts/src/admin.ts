import { z } from 'zod';
import { DEALER_GRADES } from './network.js';
import { ROLES } from './roles.js';

// Staff, API tokens and dealers, managed from the web app by the dealer admin and the car maker's
// admin (no command line needed).

const idSchema = z.uuid();
const roleList = z.array(z.enum(ROLES)).min(1).max(ROLES.length);
const passwordSchema = z.string().min(8, 'too_short').max(200);

export const staffUserSchema = z.object({
  id: idSchema,
  login: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  dealer: z.object({ id: idSchema, code: z.string(), name: z.string() }).nullable(),
  /** The account cannot log in while disabled. */
  disabledAt: z.string().nullable(),
  /** Locked after too many failed passwords, until this time (null when not locked). */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StaffUser = z.infer<typeof staffUserSchema>;

/** The staff the admin manages. */
export const staffUserListSchema = z.object({ items: z.array(staffUserSchema) });
export type StaffUserList = z.infer<typeof staffUserListSchema>;

export const staffListQuerySchema = z.object({
  /** The car maker's admin: a dealer's staff; without it, the car maker's own users. Dealer admins always get their dealer's. */
  dealerId: idSchema.optional(),
  includeDisabled: z.enum(['true', 'false']).optional(),
});

export const staffCreateSchema = z.object({
  login: z
    .string()
    .trim()
    .min(3)
    .max(80)
    .regex(/^[A-Za-z0-9._-]+$/, 'invalid_login'),
  displayName: z.string().trim().min(1).max(80),
  roles: roleList,
  password: passwordSchema,
  /** The car maker's admin names the dealer (null or absent: a car-maker user); a dealer admin adds to their own dealer. */
  dealerId: idSchema.nullable().optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
});
export type StaffCreate = z.infer<typeof staffCreateSchema>;

export const staffPatchSchema = z
  .object({
    displayName: z.string().trim().min(1).max(80).optional(),
    roles: roleList.optional(),
  })
  .refine((p) => p.displayName !== undefined || p.roles !== undefined, { message: 'nothing_to_change' });
export type StaffPatch = z.infer<typeof staffPatchSchema>;

export const passwordResetSchema = z.object({ password: passwordSchema });

export const apiTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  user: z.object({ id: idSchema, login: z.string(), displayName: z.string() }),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** The integration API tokens of the staff the admin manages. */
export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) });
export type ApiTokenList = z.infer<typeof apiTokenListSchema>;

const dealerCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,12}$/, 'invalid_code');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'invalid_time');

export const dealerCreateSchema = z.object({
  code: dealerCode,
  name: z.string().trim().min(1).max(100),
  grade: z.enum(DEALER_GRADES),
  city: z.string().trim().min(1).max(50),
  region: z.string().trim().min(1).max(20).nullable().default(null),
  timeZone: z.string().trim().min(1).max(64).default('Asia/Shanghai'),
  openingHours: z.object({ opensAt: hhmm, closesAt: hhmm }).default({ opensAt: '08:30', closesAt: '18:00' }),
});
export type DealerCreate = z.output<typeof dealerCreateSchema>;

export const dealerPatchSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  grade: z.enum(DEALER_GRADES).optional(),
  city: z.string().trim().min(1).max(50).optional(),
  region: z.string().trim().min(1).max(20).nullable().optional(),
  openingHours: z.object({ opensAt: hhmm, closesAt: hhmm }).optional(),
});
export type DealerPatch = z.infer<typeof dealerPatchSchema>;
