// The server the booking benchmark loads: the real ServiceBay app (buildApp, logger off, no job
// workers) in its own child process (node --import tsx bench/booking-server.ts DATABASE_URL POOL_SIZE),
// so that the load generator in the parent never shares an event loop with it. Reports { port } over
// IPC when listening.
//
// It also counts the statements the app sends to PostgreSQL (every pg Client.query call: BEGIN and
// COMMIT included, since each is a round trip) so the benchmark can report statements per booking.
// Counting is an increment per call; the texts are only kept while a trace is on (for one booking).
//
// IPC messages from the parent: 'stop'; 'stats' → { cpuMicros, systemMicros, statements }; 'trace-on';
// 'trace-off' → { trace: { text, ms }[] }.
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config.js';
import { systemClock } from '../packages/server/src/platform/clock.js';
import { openPostgres } from '../packages/server/src/platform/db.js';

const BOOKING_APPLICATION_NAME = 'servicebay-bench-booking';

/** The same URL with application_name set, so the benchmark can find this server's PostgreSQL backends. */
function withApplicationName(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', name);
  return u.toString();
}

let statements = 0;
let trace: { text: string; ms: number }[] | null = null;

/** Counts (and, while tracing, records) every statement a pg client sends. */
function countStatements() {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    const first = args[0];
    const text =
      typeof first === 'string'
        ? first
        : typeof first === 'object' && first !== null && 'text' in first
          ? String((first as { text: unknown }).text)
          : '?';
    const result = original.apply(this, args);
    if (trace) {
      const entry = { text: text.replace(/\s+/g, ' ').trim(), ms: Number.NaN };
      trace.push(entry);
      const started = performance.now();
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(
          () => (entry.ms = performance.now() - started),
          () => (entry.ms = performance.now() - started),
        );
      }
    }
    return result;
  };
}

async function main() {
  const [rawUrl, pool] = process.argv.slice(2);
  if (!rawUrl || !pool || !process.send) {
    console.error('usage (from bench/booking.ts, with an IPC channel): booking-server.ts DATABASE_URL POOL_SIZE');
    process.exit(2);
  }
  countStatements();
  const handle = await openPostgres(withApplicationName(rawUrl, BOOKING_APPLICATION_NAME), { max: Number(pool) });
  const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'https://servicebay.example' });
  const app = await buildApp({ handle, clock: systemClock, config, logger: false, work: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on a TCP port');

  const stop = () => {
    void app
      .close()
      .then(() => handle.close())
      .finally(() => process.exit(0));
  };
  process.on('disconnect', stop); // the parent went away
  process.on('SIGTERM', stop);
  process.on('message', (message) => {
    if (message === 'stop') stop();
    if (message === 'stats') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuMicros: user + system, systemMicros: system, statements });
    }
    if (message === 'trace-on') {
      trace = [];
      process.send?.({ tracing: true });
    }
    if (message === 'trace-off') {
      process.send?.({ trace: trace ?? [] });
      trace = null;
    }
  });
  process.send({ port: address.port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
