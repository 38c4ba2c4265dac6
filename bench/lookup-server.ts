// The three HTTP servers the lookup benchmark compares, each run in its own child process
// (node --import tsx bench/lookup-server.ts app|bare|sql) so that the load generator in the parent
// never shares an event loop with the server it measures. Reports { port } over IPC when listening.
//
//   app   the real ServiceBay app (buildApp: auth, zod validation and serialisation, services, Kysely)
//   bare  a bare Fastify route doing one indexed SELECT through a pg Pool of the same size
//   sql   a bare Fastify route (no auth, no validation) sending the search's own statement, as the
//         customers repository compiles it for the dealer, through a pg Pool of the same size
import crypto from 'node:crypto';
import Fastify from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config.js';
import { createCustomersRepository } from '../packages/server/src/modules/customers/customers.repository.js';
import { planSearch } from '../packages/server/src/modules/customers/customers.rules.js';
import { systemClock } from '../packages/server/src/platform/clock.js';
import { openPostgres } from '../packages/server/src/platform/db.js';
import type { DB } from '../packages/server/src/platform/db.schema.js';

export type ServerKind = 'app' | 'bare' | 'sql';
export const SERVER_KINDS: readonly ServerKind[] = ['app', 'bare', 'sql'];
/** The search's page size when the request names none (the route's default), to compile the same statement. */
const SEARCH_LIMIT = 50;

async function start(
  kind: ServerKind,
  url: string,
  pool: number,
  networkId: string,
  dealerId: string,
): Promise<{ port: number; close(): Promise<void> }> {
  if (kind === 'app') {
    const handle = await openPostgres(url, { max: pool });
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const app = await buildApp({ handle, clock: systemClock, config, logger: false, work: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    return {
      port: portOf(app.server.address()),
      close: async () => {
        await app.close();
        await handle.close();
      },
    };
  }
  const client = new pg.Pool({ connectionString: url, max: pool });
  await client.query('select 1');
  const app = Fastify({ logger: false });
  if (kind === 'sql') {
    // Kysely only compiles here; the statement goes through the pool as a bare route would send it,
    // named after its text as platform/db.ts names the app's statements (prepared once per connection).
    // Compiled once per search text, so what is timed is the statement and the reply.
    const compiler = new Kysely<DB>({ dialect: new PostgresDialect({ pool: client }) });
    const search = createCustomersRepository(compiler);
    const scope = { kind: 'dealer' as const, networkId, dealerId };
    const today = new Date().toISOString().slice(0, 10);
    const compiled = new Map<string, pg.QueryConfig | null>();
    app.get('/sql', async (request) => {
      const q = (request.query as { q?: string }).q ?? '';
      let statement = compiled.get(q);
      if (statement === undefined) {
        const query = search.searchQuery(scope, planSearch(q), SEARCH_LIMIT, today)?.compile(compiler);
        statement = query
          ? {
              name: `sb_${crypto.createHash('sha1').update(query.sql).digest('hex').slice(0, 24)}`,
              text: query.sql,
              values: [...query.parameters],
            }
          : null;
        compiled.set(q, statement);
      }
      if (!statement) return [];
      return (await client.query(statement)).rows;
    });
  }
  app.get('/bare', async (request, reply) => {
    const vin = (request.query as { vin?: string }).vin ?? '';
    const result = await client.query('select id, vin, plate_key from vehicles where network_id = $1 and vin = $2', [networkId, vin]);
    if (result.rows.length === 0) return reply.code(404).send({ error: 'not found' });
    return result.rows[0];
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    port: portOf(app.server.address()),
    close: async () => {
      await app.close();
      await client.end();
    },
  };
}

function portOf(address: ReturnType<import('node:net').Server['address']>): number {
  if (!address || typeof address === 'string') throw new Error('server is not listening on a TCP port');
  return address.port;
}

/** The same URL with application_name set, so the benchmark can find this server's PostgreSQL backends. */
export function withApplicationName(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', name);
  return u.toString();
}

async function main() {
  const [kind, rawUrl, pool, networkId, dealerId] = process.argv.slice(2);
  const url = rawUrl ? withApplicationName(rawUrl, `servicebay-bench-${kind}`) : rawUrl;
  if (!SERVER_KINDS.includes(kind as ServerKind) || !url || !pool || !networkId || !dealerId || !process.send) {
    console.error(
      'usage (from bench/lookup.ts, with an IPC channel): lookup-server.ts app|bare|sql DATABASE_URL POOL_SIZE NETWORK_ID DEALER_ID',
    );
    process.exit(2);
  }
  const server = await start(kind as ServerKind, url, Number(pool), networkId, dealerId);
  const stop = () => {
    void server.close().finally(() => process.exit(0));
  };
  process.on('disconnect', stop); // the parent went away
  process.on('SIGTERM', stop);
  process.on('message', (message) => {
    if (message === 'stop') stop();
    // CPU time used by this process so far (µs), to work out the server's CPU per request.
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuMicros: user + system });
    }
  });
  process.send({ port: server.port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
