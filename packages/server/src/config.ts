import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting, from the environment. Listed in README.md; validated at start. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  /** A streaming replica of DATABASE_URL for report reads; ignored on PGlite. */
  DATABASE_READ_URL: z.string().url().optional(),
  /** How far (MB of WAL) the replica may trail the primary and still serve reports. */
  DATABASE_READ_MAX_LAG_MB: z.coerce.number().min(0).max(100_000).default(16),
  SERVICEBAY_DATA_DIR: z.string().default('./data'),
  SERVICEBAY_SEED_DEMO: bool.default(true),
  SERVICEBAY_FILES_DIR: z.string().optional(),
  SERVICEBAY_DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SERVICEBAY_WEB_DIST: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  SMS_WEBHOOK_URL: z.string().url().optional(),
  SMS_WEBHOOK_TOKEN: z.string().optional(),
  /** The SMS gateway calls /api/v1/public/sms/inbound with this bearer token (replies such as 退订); unset = the route is off. */
  SMS_INBOUND_TOKEN: z.string().min(16).optional(),
  /** When the nightly follow-up run starts, in the network's time zone. */
  FOLLOW_UP_NIGHTLY_AT: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .default('02:30'),
  MAIL_FROM: z.string().default('ServiceBay <noreply@servicebay.local>'),
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(5),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** The read replica for reports (only with databaseUrl). */
  databaseReadUrl: string | undefined;
  databaseReadMaxLagBytes: number;
  dataDir: string;
  /** Photos and signatures taken at the service drive (local disk). */
  filesDir: string;
  seedDemo: boolean;
  dbPoolSize: number;
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginRateLimitPerMinute: number;
  trustProxy: boolean;
  logLevel: string;
  webDist: string | undefined;
  /** Where customers reach ServiceBay: the links in SMS. */
  publicUrl: string;
  smtpUrl: string | undefined;
  /** An HTTP SMS gateway; without it the recording provider keeps messages in the outbox only. */
  smsWebhookUrl: string | undefined;
  smsWebhookToken: string | undefined;
  smsInboundToken: string | undefined;
  followUpNightlyAt: string;
  mailFrom: string;
  publicRateLimitPerMinute: number;
  jobPollSeconds: number;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    databaseReadMaxLagBytes: Math.round(e.DATABASE_READ_MAX_LAG_MB * 1024 * 1024),
    dataDir: path.resolve(e.SERVICEBAY_DATA_DIR),
    filesDir: path.resolve(e.SERVICEBAY_FILES_DIR ?? path.join(e.SERVICEBAY_DATA_DIR, 'files')),
    seedDemo: e.SERVICEBAY_SEED_DEMO,
    dbPoolSize: e.SERVICEBAY_DB_POOL_SIZE,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    webDist: e.SERVICEBAY_WEB_DIST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    smsWebhookUrl: e.SMS_WEBHOOK_URL,
    smsWebhookToken: e.SMS_WEBHOOK_TOKEN,
    smsInboundToken: e.SMS_INBOUND_TOKEN,
    followUpNightlyAt: e.FOLLOW_UP_NIGHTLY_AT,
    mailFrom: e.MAIL_FROM,
    publicRateLimitPerMinute: e.PUBLIC_RATE_LIMIT_PER_MINUTE,
    jobPollSeconds: e.JOB_POLL_SECONDS,
  };
}
