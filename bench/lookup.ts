// Benchmark: customer lookup by plate, mobile last 4 and VIN last 6 at scale (architecture.md §5).
//
//   npm run bench -- lookup [--vehicles 1000000] [--connections 64] [--duration 15] [--warmup 3]
//                           [--pool 20] [--samples 1000] [--scenarios plate,plate5,mobile4,vin6] [--explain] [--profile]
//
// Two figures per scenario, same database, same machine, same run, all at 64 connections: the req/s
// of ServiceBay's GET /api/v1/customers/search (API token, zod, service, repository) as a share of
// a bare Fastify route doing one indexed SELECT (what the query shape costs), and as a share of a
// bare route sending the search's own SQL (what the app around the SQL costs). Budget (issue 14):
// >= 40% of the one SELECT, >= 90% of the own SQL, p99 < 50 ms.
//
// Layout on the machine: each server runs alone in a child process (bench/lookup-server.ts) with a
// pg pool of the same size; autocannon runs in this process; PostgreSQL in its own. The baselines
// (bare, then the own SQL of each scenario) run first and last, and the ratios use the mean of the
// two, so drift from other work on the machine during the run shows up instead of skewing one side.
// --profile takes a V8 CPU profile of the app server and prints its summary.

import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { addUser, createAuthService } from '../packages/server/src/modules/auth/auth.service.js';
import { createCustomersService } from '../packages/server/src/modules/customers/customers.service.js';
import { createWebhookSender } from '../packages/server/src/modules/webhooks/webhooks.sender.js';
import type { Actor } from '../packages/server/src/platform/actor.js';
import { systemClock } from '../packages/server/src/platform/clock.js';
import { type Database, openPostgres } from '../packages/server/src/platform/db.js';
import type { DB } from '../packages/server/src/platform/db.schema.js';
import { migrateToLatest } from '../packages/server/src/platform/migrate.js';
import { primaryReads } from '../packages/server/src/platform/read-routing.js';
import { createServiceCaches, createServices } from '../packages/server/src/services.js';
import type { ServerKind } from './lookup-server.js';
import { summariseProfile } from './profile.js';
import { seedScaleNetwork } from './seed-scale.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/servicebay_bench';
const BUDGET_RATIO_BARE = 0.4;
const BUDGET_RATIO_SQL = 0.9;
const BUDGET_P99_MS = 50;

type Scenario = { key: string; label: string; queries: string[] };
type Measured = {
  /** 'bare', the scenario key for the app, `sql:<key>` for the scenario's own SQL on a bare route. */
  scenario: string;
  label: string;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU time per request of the server process (Node) and of its PostgreSQL backends; null when /proc is not readable. */
  nodeCpuMsPerRequest: number | null;
  postgresCpuMsPerRequest: number | null;
};
type Server = { kind: ServerKind; child: ChildProcess; base: string };

export async function runLookup(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      vehicles: { type: 'string', default: '1000000' },
      connections: { type: 'string', default: '64' },
      duration: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '3' },
      pool: { type: 'string', default: '20' },
      samples: { type: 'string', default: '1000' },
      scenarios: { type: 'string', default: 'plate,plate5,mobile4,vin6' },
      explain: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
  const vehicles = positive(values.vehicles, 'vehicles');
  const connections = positive(values.connections, 'connections');
  const duration = positive(values.duration, 'duration');
  const warmup = Number(values.warmup);
  const pool = positive(values.pool, 'pool');
  const samples = positive(values.samples, 'samples');
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;

  await ensureDatabase(url);
  const handle = await openPostgres(url, { max: 4 });
  const children: ChildProcess[] = [];
  try {
    const { db } = handle;
    await migrateToLatest(db);

    // --- the network: reuse a seeded one (seeding 1M vehicles takes minutes, once) ---------------
    let network = await largestScaleNetwork(db);
    if (!network || network.vehicles < vehicles) {
      console.log(
        `No SCALE network with ${vehicles.toLocaleString('en-US')} vehicles in ${redact(url)}; seeding one (a one-time cost: later runs reuse it).`,
      );
      const seeded = await seedScaleNetwork(db, { vehicles });
      network = { id: seeded.networkId, code: seeded.networkCode, vehicles: seeded.vehicles };
    }
    const dealer = (
      await sql<{ id: string; code: string; name: string; vehicles: number; customers: number }>`
        select d.id, d.code, d.name, count(*)::int as vehicles,
               (select count(*) from dealer_customers dc where dc.dealer_id = d.id)::int as customers
        from dealers d join dealer_vehicles dv on dv.dealer_id = d.id
        where d.network_id = ${network.id}
        group by d.id order by count(*) desc, d.code limit 1`.execute(db)
    ).rows[0];
    if (!dealer) throw new Error(`network ${network.code} has no dealer with vehicles`);

    // --- who searches: a service advisor of that dealer, through an API token ----------------------
    const { token, actor } = await benchToken(db, network.id, dealer);

    // --- what they search for: real values of that dealer, cycled through -------------------------
    const vehicleSample = (
      await sql<{ plate_key: string; vin: string }>`
        select v.plate_key, v.vin from dealer_vehicles dv join vehicles v on v.id = dv.vehicle_id
        where dv.dealer_id = ${dealer.id} order by md5(v.vin) limit ${samples}`.execute(db)
    ).rows;
    const mobileSample = (
      await sql<{ last4: string }>`
        select right(c.mobile, 4) as last4 from dealer_customers dc join customers c on c.id = dc.customer_id
        where dc.dealer_id = ${dealer.id} order by md5(c.mobile) limit ${samples}`.execute(db)
    ).rows;
    const all: Scenario[] = [
      { key: 'plate', label: 'plate, full', queries: vehicleSample.map((v) => v.plate_key) },
      { key: 'plate5', label: 'plate, last 5', queries: vehicleSample.map((v) => v.plate_key.slice(-5)) },
      { key: 'mobile4', label: 'mobile, last 4', queries: mobileSample.map((c) => c.last4) },
      { key: 'vin6', label: 'VIN, last 6', queries: vehicleSample.map((v) => v.vin.slice(-6)) },
    ];
    const wanted = values.scenarios.split(',').map((s) => s.trim());
    const unknown = wanted.filter((k) => !all.some((s) => s.key === k));
    if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${all.map((s) => s.key).join(', ')}`);
    const scenarios = all.filter((s) => wanted.includes(s.key));
    const bareVins = vehicleSample.map((v) => v.vin);

    const settings = (
      await sql<{ version: string; shared_buffers: string }>`
      select current_setting('server_version') as version, current_setting('shared_buffers') as shared_buffers`.execute(db)
    ).rows[0]!;
    const pgVersion = settings.version;
    const sharedBuffers = settings.shared_buffers;
    console.log(
      `\nLookup benchmark: network ${network.code} (${network.vehicles.toLocaleString('en-US')} vehicles), dealer ${dealer.code} ${dealer.name} ` +
        `(${dealer.vehicles.toLocaleString('en-US')} vehicles, ${dealer.customers.toLocaleString('en-US')} customers)`,
    );
    console.log(
      `PostgreSQL ${pgVersion} (shared_buffers ${sharedBuffers}), Node ${process.version}, ${os.cpus().length} cores; ` +
        `${connections} connections, ${warmup} s warm-up + ${duration} s per scenario, pg pool ${pool} in each server`,
    );

    if (values.explain) await explainSearches(url, actor, scenarios);

    // --- the servers, each in its own process -----------------------------------------------------
    const profileDir = values.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'sb-lookup-prof-')) : null;
    const [app, bare, own] = await Promise.all([
      startServer('app', url, pool, network.id, dealer.id, profileDir),
      startServer('bare', url, pool, network.id, dealer.id, null),
      startServer('sql', url, pool, network.id, dealer.id, null),
    ]);
    children.push(app.child, bare.child, own.child);

    // Sanity: the search finds what it should before it is timed.
    for (const s of scenarios) {
      let hits = 0;
      const probe = s.queries.slice(0, 25);
      for (const q of probe) {
        const response = await fetch(`${app.base}/api/v1/customers/search?q=${encodeURIComponent(q)}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!response.ok) throw new Error(`search ${s.key} "${q}": HTTP ${response.status} ${await response.text()}`);
        const body = (await response.json()) as { items: unknown[] };
        if (body.items.length > 0) hits++;
      }
      console.log(`  check ${s.label.padEnd(24)} ${hits}/${probe.length} sample queries find a customer`);
      if (hits === 0) throw new Error(`the ${s.key} searches find nothing; the benchmark would measure empty results`);
    }
    const bareProbe = await fetch(`${bare.base}/bare?vin=${encodeURIComponent(bareVins[0]!)}`);
    if (!bareProbe.ok) throw new Error(`bare route: HTTP ${bareProbe.status}`);
    // The own-SQL route finds the same customers as the app (same statement, same dealer).
    for (const s of scenarios) {
      const q = s.queries[0]!;
      const [viaApp, viaSql] = await Promise.all([
        fetch(`${app.base}/api/v1/customers/search?q=${encodeURIComponent(q)}`, {
          headers: { authorization: `Bearer ${token}` },
        }).then((r) => r.json() as Promise<{ items: { id: string }[] }>),
        fetch(`${own.base}/sql?q=${encodeURIComponent(q)}`).then((r) => r.json() as Promise<{ id: string }[]>),
      ]);
      const ids = (rows: { id: string }[]) => rows.map((r) => r.id).join(',');
      if (ids(viaApp.items) !== ids(viaSql)) throw new Error(`the own-SQL route and the app disagree on ${s.key} "${q}"`);
    }

    // --- load --------------------------------------------------------------------------------------
    const results: Measured[] = [];
    const run = async (
      server: Server,
      scenario: string,
      label: string,
      pathFor: (i: number) => string,
      count: number,
      headers: Record<string, string>,
    ) => {
      if (warmup > 0) await measure({ base: server.base, pathFor, count, headers, connections, seconds: warmup });
      const before = await cpuSnapshot(db, server);
      const r = await measure({ base: server.base, pathFor, count, headers, connections, seconds: duration });
      const after = await cpuSnapshot(db, server);
      const perRequest = (a: number | null, b: number | null) =>
        a === null || b === null || r.requests === 0 ? null : (b - a) / r.requests;
      results.push({
        ...r,
        scenario,
        label,
        nodeCpuMsPerRequest: perRequest(before.nodeMs, after.nodeMs),
        postgresCpuMsPerRequest: perRequest(before.postgresMs, after.postgresMs),
      });
      printProgress(results.at(-1)!);
    };
    const baselines = async (when: string) => {
      await run(bare, 'bare', `bare Fastify + 1 indexed SELECT (${when})`, (i) => `/bare?vin=${bareVins[i]}`, bareVins.length, {});
      for (const s of scenarios) {
        const pathFor = (i: number) => `/sql?q=${encodeURIComponent(s.queries[i]!)}`;
        await run(own, `sql:${s.key}`, `bare Fastify + own SQL: ${s.label} (${when})`, pathFor, s.queries.length, {});
      }
    };
    await baselines('before');
    for (const s of scenarios) {
      const pathFor = (i: number) => `/api/v1/customers/search?q=${encodeURIComponent(s.queries[i]!)}`;
      await run(app, s.key, `ServiceBay search: ${s.label}`, pathFor, s.queries.length, { authorization: `Bearer ${token}` });
    }
    await baselines('after');

    // --- report ----------------------------------------------------------------------------------
    const meanRps = (scenario: string) => {
      const runs = results.filter((r) => r.scenario === scenario);
      return runs.reduce((sum, r) => sum + r.requestsPerSecond, 0) / runs.length;
    };
    const bareRps = meanRps('bare');
    const ownSqlRps = Object.fromEntries(scenarios.map((s) => [s.key, meanRps(`sql:${s.key}`)]));
    const rows = results.map((r) => {
      const isApp = r.scenario in ownSqlRps;
      const ratio = r.requestsPerSecond / bareRps;
      const ratioToOwnSql = isApp ? r.requestsPerSecond / ownSqlRps[r.scenario]! : null;
      const met = !isApp
        ? null
        : ratio >= BUDGET_RATIO_BARE && ratioToOwnSql! >= BUDGET_RATIO_SQL && r.p99 < BUDGET_P99_MS && r.non2xx === 0 && r.errors === 0;
      return { ...r, ratio, ratioToOwnSql, budgetMet: met };
    });
    console.log(`\n${table(rows)}\n`);
    console.log(
      `to 1 SELECT = req/s ÷ mean bare req/s (${Math.round(bareRps).toLocaleString('en-US')}); to own SQL = req/s ÷ mean req/s of the scenario's own SQL on a bare route.`,
    );
    console.log(
      `budget: >= ${BUDGET_RATIO_BARE * 100}% of 1 SELECT, >= ${BUDGET_RATIO_SQL * 100}% of own SQL and p99 < ${BUDGET_P99_MS} ms at ${connections} connections.`,
    );
    console.log(
      'autocannon records latency in whole milliseconds. CPU ms/req: the server process and its PostgreSQL backends (not the load generator).',
    );

    const file = resultFile('lookup');
    fs.writeFileSync(
      file,
      `${JSON.stringify(
        {
          benchmark: 'lookup',
          at: new Date().toISOString(),
          machine: {
            cores: os.cpus().length,
            cpu: os.cpus()[0]?.model ?? null,
            memoryGb: Math.round(os.totalmem() / 2 ** 30),
            node: process.version,
            postgres: pgVersion,
            sharedBuffers,
          },
          settings: { connections, warmupSeconds: warmup, durationSeconds: duration, poolSize: pool, samples, database: redact(url) },
          network: { code: network.code, vehicles: network.vehicles },
          dealer: { code: dealer.code, vehicles: dealer.vehicles, customers: dealer.customers },
          budget: { ratioToBare: BUDGET_RATIO_BARE, ratioToOwnSql: BUDGET_RATIO_SQL, p99Ms: BUDGET_P99_MS },
          bareRequestsPerSecond: bareRps,
          ownSqlRequestsPerSecond: ownSqlRps,
          results: rows,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`results: ${path.relative(process.cwd(), file)}`);

    if (profileDir) {
      // The profile is written when the server exits.
      await stopServer(app.child);
      for (const f of fs.readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))) {
        console.log(`\nCPU profile of the app server: ${path.join(profileDir, f)}`);
        console.log(summariseProfile(path.join(profileDir, f)));
      }
    }
  } finally {
    await Promise.all(children.map(stopServer));
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function measure(o: {
  base: string;
  pathFor: (i: number) => string;
  count: number;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}) {
  let next = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: o.base,
        connections: o.connections,
        duration: o.seconds,
        headers: o.headers,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => {
              request.path = o.pathFor(next);
              next = (next + 1) % o.count;
              return request;
            },
          },
        ],
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * CPU time (ms) used so far by the server process and by its PostgreSQL backends (found by
 * application_name; read from /proc, so only when PostgreSQL runs on this machine and /proc is readable).
 */
async function cpuSnapshot(db: Database, server: Server): Promise<{ nodeMs: number | null; postgresMs: number | null }> {
  const nodeMs = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 5_000);
    server.child.once('message', (message) => {
      clearTimeout(timer);
      resolve(
        typeof (message as { cpuMicros?: number }).cpuMicros === 'number' ? (message as { cpuMicros: number }).cpuMicros / 1000 : null,
      );
    });
    server.child.send('cpu');
  });
  let postgresMs: number | null = null;
  try {
    const pids = (
      await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${`servicebay-bench-${server.kind}`}`.execute(db)
    ).rows;
    let ticks = 0;
    for (const { pid } of pids) {
      // Fields after the ")" of the command name: state is 3rd overall, utime the 14th, stime the 15th.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    postgresMs = (ticks * 1000) / CLOCK_TICKS;
  } catch {
    postgresMs = null;
  }
  return { nodeMs, postgresMs };
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

async function startServer(
  kind: ServerKind,
  url: string,
  pool: number,
  networkId: string,
  dealerId: string,
  profileDir: string | null,
): Promise<Server> {
  const child = fork(path.join(here, 'lookup-server.ts'), [kind, url, String(pool), networkId, dealerId], {
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start within 60 s`)), 60_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve((message as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited with code ${code}`));
    });
  });
  return { kind, child, base: `http://127.0.0.1:${port}` };
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Creates the benchmark database when it does not exist yet (connecting to the maintenance database "postgres"). */
export async function ensureDatabase(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unexpected database name in ${redact(url)}`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      console.log(`Creating database ${name}`);
      await client.query(`create database ${name}`);
    }
  } finally {
    await client.end();
  }
}

export async function largestScaleNetwork(db: Database) {
  return (
    await sql<{ id: string; code: string; vehicles: number }>`
      select n.id, n.code, (select count(*) from vehicles v where v.network_id = n.id)::int as vehicles
      from networks n where n.code like 'SCALE-%' order by 3 desc limit 1`.execute(db)
  ).rows[0];
}

/** A service advisor of the dealer and a fresh API token (earlier benchmark tokens are revoked). */
async function benchToken(db: Database, networkId: string, dealer: { id: string; code: string }) {
  const login = `bench.sa.${dealer.code.toLowerCase()}.${networkId.slice(-8)}`;
  const now = systemClock.now();
  let user = await db.selectFrom('users').select(['id', 'roles']).where('login', '=', login).executeTakeFirst();
  if (!user) {
    const id = await addUser(
      db,
      {
        networkId,
        dealerId: dealer.id,
        login,
        displayName: '压测顾问',
        password: crypto.randomBytes(18).toString('base64url'),
        roles: ['service_advisor'],
      },
      now,
    );
    user = { id, roles: ['service_advisor'] };
  }
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
  const actor: Actor = {
    userId: user.id,
    tokenId: null,
    networkId,
    dealerId: dealer.id,
    roles: ['service_advisor'],
    timeZone: 'Asia/Shanghai',
    requestId: null,
  };
  const auth = createAuthService({ db, clock: systemClock, settings: { sessionTtlHours: 12, loginMaxFailures: 5, loginLockMinutes: 15 } });
  const created = await auth.createApiToken(actor, `lookup benchmark ${now.toISOString()}`);
  return { token: created.token, actor };
}

/** EXPLAIN (ANALYZE, BUFFERS) of every statement the search service runs, for the first query of each scenario. */
async function explainSearches(url: string, actor: Actor, scenarios: Scenario[]) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  try {
    const customers = createCustomersService({ db, clock: systemClock });
    for (const s of scenarios) {
      const q = s.queries[0]!;
      captured.length = 0;
      const started = performance.now();
      const found = await customers.search(actor, q, 50);
      const ms = performance.now() - started;
      console.log(
        `\n=== EXPLAIN ${s.label}: q=${JSON.stringify(q)} → ${found.length} customers in ${ms.toFixed(1)} ms, ${captured.length} statements`,
      );
      for (const statement of [...captured]) {
        const plan = await pool.query(`explain (analyze, buffers) ${statement.sql}`, statement.parameters as unknown[]);
        console.log(`\n${statement.sql.replace(/\s+/g, ' ').slice(0, 400)}\n  params: ${JSON.stringify(statement.parameters)}`);
        for (const row of plan.rows as { 'QUERY PLAN': string }[]) console.log(`  ${row['QUERY PLAN']}`);
      }
    }
  } finally {
    await db.destroy();
  }
}

// ---------------------------------------------------------------------------------------------

function printProgress(r: Measured) {
  console.log(
    `  ${r.label.padEnd(48)} ${Math.round(r.requestsPerSecond).toLocaleString('en-US').padStart(7)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms` +
      (r.non2xx || r.errors ? `   non-2xx ${r.non2xx}, errors ${r.errors}` : ''),
  );
}

function table(rows: (Measured & { ratio: number; ratioToOwnSql: number | null; budgetMet: boolean | null })[]): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'to 1 SELECT', 'to own SQL', 'budget met?', 'CPU ms/req: Node + PG'];
  const ms = (v: number | null) => (v === null ? '?' : v.toFixed(2));
  const body = rows.map((r) => [
    r.label,
    Math.round(r.requestsPerSecond).toLocaleString('en-US'),
    String(r.p50),
    String(r.p99),
    `${(r.ratio * 100).toFixed(0)}%`,
    r.ratioToOwnSql === null ? '' : `${(r.ratioToOwnSql * 100).toFixed(0)}%`,
    r.budgetMet === null ? '(baseline)' : r.budgetMet ? 'yes' : `NO${r.non2xx || r.errors ? ' (errors)' : ''}`,
    `${ms(r.nodeCpuMsPerRequest)} + ${ms(r.postgresCpuMsPerRequest)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':')).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

export function resultFile(name: string): string {
  const dir = path.join(here, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  for (let n = 1; n <= 1000; n++) {
    const file = path.join(dir, `${date}${n === 1 ? '' : `-${n}`}-${name}.json`);
    if (!fs.existsSync(file)) return file;
  }
  throw new Error(`too many result files for ${date} in ${dir}`);
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** The services on the bench database, with jobs and messages switched off (what is measured is the SQL). */
export function benchServices(db: Database) {
  return createServices({
    db,
    reads: primaryReads(db),
    clock: systemClock,
    authSettings: { sessionTtlHours: 12, loginMaxFailures: 5, loginLockMinutes: 15 },
    jobs: { send: async () => null, sendAll: async () => {} },
    webhooks: createWebhookSender({ db, clock: systemClock, jobs: { send: async () => null, sendAll: async () => {} } }),
    outbox: {
      enqueue: async () => null,
      prepare: () => {
        throw new Error('the lookup benchmark books nothing');
      },
      preview: async () => ({ delivery: 'sending' as const }),
      deliver: async () => 'not_pending' as const,
      sweep: async () => 0,
      scheduleSweep: async () => null,
      jobs: [],
    },
    appointmentJobs: null as never,
    complaintJobs: null as never,
    warrantyJobs: null as never,
    publicUrl: 'http://bench',
    files: null as never,
    filesDir: '',
    ...createServiceCaches(systemClock),
  });
}
