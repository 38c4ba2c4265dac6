// Benchmark: booking an appointment (capacity check + insert + audit + outbox) at scale (architecture.md §5).
//
//   npm run bench -- booking [--dealers 8] [--connections 64] [--duration 20] [--warmup 5] [--pool 20]
//                            [--days 120] [--extra-attempts 1] [--scenarios spread,hot]
//                            [--pgbench-duration 20] [--pgbench-clients <connections>,8] [--tpcb] [--keep] [--profile]
//
// POST /api/v1/appointments of the real app (API token, Idempotency-Key, zod, the booking service in one
// transaction: capacity-true seat, appointment, workshop reservation, reminder jobs, SMS in the outbox,
// timeline, audit), 64 connections, each request a distinct vehicle of one of a few dealers of the
// SCALE network. Budget (issue 14): booking ops/s >= 50% of the booking's minimal database work run as a
// prepared pgbench script against the same database and tables at the same client count (the raw
// limit, before and after the app in the same run), p99 < 100 ms, and zero overbooking. TPC-B in a
// scratch database is optional (--tpcb) and only reported.
//
// Every slot receives capacity + --extra-attempts attempts, so a known share of the requests hit a
// full slot and get 409 slot_full (an expected outcome, counted apart from the 201s). Scenarios:
//   spread  the requests in flight at a dealer go to 16 different slots on 16 different days (the
//           common case: little contention on the slot and on the day's number sequence);
//   hot     all requests in flight at a dealer go to the same slot (a rush on one slot: they queue on
//           its row lock and on the dealer's per-day number sequence).
// Afterwards SQL checks every slot of the benchmark's dealers: non-cancelled appointments <= capacity,
// and slot_bookings.booked = that count. Then the benchmark's rows are deleted (the seed stays).
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Role } from '@servicebay/contracts';
import autocannon from 'autocannon';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { migrations } from '../packages/server/migrations/index.js';
import { toBookingSettings } from '../packages/server/src/modules/appointments/appointments.capacity.js';
import { createAppointmentsRepository } from '../packages/server/src/modules/appointments/appointments.repository.js';
import { daySlots } from '../packages/server/src/modules/appointments/appointments.rules.js';
import { addUser, createAuthService } from '../packages/server/src/modules/auth/auth.service.js';
import type { Actor } from '../packages/server/src/platform/actor.js';
import { systemClock } from '../packages/server/src/platform/clock.js';
import { type Database, openPostgres } from '../packages/server/src/platform/db.js';
import { addDays, localDate, zonedInstant } from '../packages/server/src/platform/dealer-time.js';
import { migrateToLatest } from '../packages/server/src/platform/migrate.js';
import { DEFAULT_BENCH_DATABASE_URL, ensureDatabase, largestScaleNetwork, resultFile } from './lookup.js';
import { summariseProfile } from './profile.js';
import { seedScaleNetwork } from './seed-scale.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BUDGET_RATIO = 0.5;
const BUDGET_P99_MS = 100;
const APPLICATION_NAME = 'servicebay-bench-booking'; // as set by booking-server.ts (not imported: that file starts a server when loaded)
const STAFF_PER_ROLE = 10; // 10 SAs + 10 technicians at the default 70% → 7 seats per slot
const SCRATCH_DATABASE = 'servicebay_bench_pgbench';
/** The raw limit's lookup tables (slots and vehicles to draw from), outside `public` so the schema check ignores them. */
const RAW_SCHEMA = 'bench_raw';
const SCHEMA_DATABASE = 'servicebay_bench_schema';
const REMINDER_JOBS = ['appointment.day_before_sms', 'appointment.hour_before_call', 'appointment.no_show_check'];

type BenchDealer = {
  id: string;
  code: string;
  vehicles: string[];
  agentId: string;
  token: string;
  capacity: number;
  timeZone: string;
  /** Slot start times of a day (HH:MM), from the dealer's opening hours and slot length. */
  times: string[];
  /** Ordinal of the next unused slot (ordinal s → day s mod days, time floor(s / days)). */
  nextSlot: number;
  nextVehicle: number;
};
type Cpu = {
  nodeMs: number | null;
  nodeSystemMs: number | null;
  postgresMs: number | null;
  machineMs: number | null;
  loadGeneratorMs: number;
  statements: number | null;
};
type Row = {
  scenario: string;
  label: string;
  opsPerSecond: number;
  bookedPerSecond: number | null;
  p50: number;
  p99: number;
  ratio: number | null;
  budgetMet: boolean | null;
  requests: number;
  created: number | null;
  slotFull: number | null;
  failures: number | null;
  statementsPerOp: number | null;
  nodeCpuMsPerOp: number | null;
  /** The part of nodeCpuMsPerOp spent in the kernel (sockets: every statement is a write and a read on a TCP connection). */
  nodeKernelCpuMsPerOp: number | null;
  postgresCpuMsPerOp: number | null;
  machineCpuMsPerOp: number | null;
  loadGeneratorCpuMsPerOp: number | null;
  detail?: Record<string, unknown>;
};

export async function runBooking(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dealers: { type: 'string', default: '8' },
      connections: { type: 'string', default: '64' },
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '5' },
      pool: { type: 'string', default: '20' },
      days: { type: 'string', default: '120' },
      'extra-attempts': { type: 'string', default: '1' },
      scenarios: { type: 'string', default: 'spread,hot' },
      'pgbench-duration': { type: 'string', default: '20' },
      'pgbench-scale': { type: 'string', default: '10' },
      'pgbench-clients': { type: 'string' },
      tpcb: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
  const dealerCount = positive(values.dealers, 'dealers');
  const connections = positive(values.connections, 'connections');
  const duration = positive(values.duration, 'duration');
  const warmup = Number(values.warmup);
  const poolSize = positive(values.pool, 'pool');
  const days = positive(values.days, 'days');
  const extraAttempts = Number(values['extra-attempts']);
  const pgbenchDuration = positive(values['pgbench-duration'], 'pgbench-duration');
  const pgbenchScale = positive(values['pgbench-scale'], 'pgbench-scale');
  // The ratio's baseline is the first count: the app's own connection count unless told otherwise.
  const pgbenchClients = (values['pgbench-clients'] ?? `${connections},8`).split(',').map((c) => positive(c.trim(), 'pgbench-clients'));
  const allScenarios = {
    spread: { window: 16, label: 'spread: 16 slots in flight per dealer' },
    hot: { window: 1, label: 'hot: 1 slot in flight per dealer' },
  } as const;
  const wanted = values.scenarios.split(',').map((s) => s.trim());
  const unknown = wanted.filter((s) => !(s in allScenarios));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${Object.keys(allScenarios).join(', ')}`);
  const scenarios = wanted.map((key) => ({ key, ...allScenarios[key as keyof typeof allScenarios] }));
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
  const runId = crypto.randomBytes(4).toString('hex');

  const pgbenchPath = findPgbench();
  await ensureDatabase(url);
  const handle = await openPostgres(url, { max: 4 });
  let server: { child: ChildProcess; base: string } | null = null;
  let scratchCreated = false;
  try {
    const { db } = handle;
    await migrateToLatest(db);
    const schemaRepairs = await reconcileSchema(url, db);

    // --- the network and its dealers ----------------------------------------------------------------
    let network = await largestScaleNetwork(db);
    if (!network) {
      console.log(`No SCALE network in ${redact(url)}; seeding one with 1,000,000 vehicles (a one-time cost: later runs reuse it).`);
      const seeded = await seedScaleNetwork(db, { vehicles: 1_000_000 });
      network = { id: seeded.networkId, code: seeded.networkCode, vehicles: seeded.vehicles };
    }
    const picked = (
      await sql<{ id: string; code: string; vehicles: number }>`
        select d.id, d.code, count(*)::int as vehicles
        from dealers d join dealer_vehicles dv on dv.dealer_id = d.id
        where d.network_id = ${network.id}
        group by d.id order by count(*) desc, d.code limit ${dealerCount}`.execute(db)
    ).rows;
    if (picked.length < dealerCount) throw new Error(`network ${network.code} has only ${picked.length} dealers with vehicles`);

    // --- staff (capacity), an appointment agent and its API token per dealer ------------------------
    const dealers: BenchDealer[] = [];
    for (const d of picked) {
      const staffed = await staffDealer(db, network.id, d);
      const settingsRow = await createAppointmentsRepository(db).settings(d.id);
      if (!settingsRow) throw new Error(`dealer ${d.code} has no settings row`);
      const settings = toBookingSettings(settingsRow);
      const vehicles = (
        await sql<{ vehicle_id: string }>`
          select vehicle_id from dealer_vehicles where dealer_id = ${d.id} order by md5(vehicle_id::text)`.execute(db)
      ).rows.map((r) => r.vehicle_id);
      dealers.push({
        id: d.id,
        code: d.code,
        vehicles,
        ...staffed,
        timeZone: settings.timeZone,
        times: daySlots(settings),
        nextSlot: 0,
        nextVehicle: 0,
      });
    }
    const agentIds = dealers.map((d) => d.agentId);
    const dealerIds = dealers.map((d) => d.id);

    // Leftovers of an interrupted earlier run would fill slots and distort the counts.
    const leftover = await cleanUp(db, agentIds, dealerIds);
    if (leftover > 0) console.log(`Removed ${leftover.toLocaleString('en-US')} appointments left by an earlier run.`);

    // Dates: from the first day of next month (dealer time) for --days days; slot ordinal s is day
    // s mod days at time floor(s / days), so consecutive ordinals fall on different days.
    const firstDay = firstOfNextMonth(localDate(systemClock.now(), dealers[0]!.timeZone));
    const startsAtOf = (dealer: BenchDealer, ordinal: number) => {
      const perDealer = days * dealer.times.length;
      const s = ordinal % perDealer;
      return zonedInstant(addDays(firstDay, s % days), dealer.times[Math.floor(s / days)]!, dealer.timeZone);
    };
    const slotsPerDealer = days * dealers[0]!.times.length;

    const settings = (
      await sql<{ version: string; shared_buffers: string; synchronous_commit: string; max_connections: string }>`
      select current_setting('server_version') as version, current_setting('shared_buffers') as shared_buffers,
             current_setting('synchronous_commit') as synchronous_commit, current_setting('max_connections') as max_connections`.execute(db)
    ).rows[0]!;
    const capacities = [...new Set(dealers.map((d) => d.capacity))];
    console.log(
      `\nBooking benchmark: network ${network.code} (${network.vehicles.toLocaleString('en-US')} vehicles), ${dealers.length} dealers ` +
        `(${dealers.map((d) => d.code).join(', ')}; ${Math.min(...dealers.map((d) => d.vehicles.length)).toLocaleString('en-US')}+ vehicles each), ` +
        `capacity ${capacities.join('/')} per slot, ${dealers[0]!.times.length} slots a day, ${days} days from ${firstDay}`,
    );
    console.log(
      `PostgreSQL ${settings.version} (shared_buffers ${settings.shared_buffers}, synchronous_commit ${settings.synchronous_commit}), Node ${process.version}, ` +
        `${os.cpus().length} cores; ${connections} connections, ${warmup} s warm-up + ${duration} s per scenario, pg pool ${poolSize}; ` +
        `capacity + ${extraAttempts} attempts per slot`,
    );

    // --- the raw limit, before ----------------------------------------------------------------------
    // The booking's own database work as a pgbench script, on this database's tables, into the days
    // after the app's (so the two never share a slot); TPC-B in a scratch database only with --tpcb.
    const raw = await prepareRawBooking(db, dealers, addDays(firstDay, days), days);
    const scratchUrl = withDatabase(url, SCRATCH_DATABASE);
    if (values.tpcb) {
      await recreateDatabase(url, SCRATCH_DATABASE);
      scratchCreated = true;
      console.log(`\npgbench -i -s ${pgbenchScale} into ${SCRATCH_DATABASE}…`);
      await run(pgbenchPath, ['-i', '-q', '-s', String(pgbenchScale), scratchUrl]);
    }
    const rows: Row[] = [];
    const rawLimit = async (when: string) => {
      for (const clients of pgbenchClients) {
        rows.push(await pgbench(pgbenchPath, url, clients, pgbenchDuration, when, raw));
        printProgress(rows.at(-1)!);
      }
      if (values.tpcb)
        for (const clients of pgbenchClients) {
          rows.push(await pgbench(pgbenchPath, scratchUrl, clients, pgbenchDuration, when, null));
          printProgress(rows.at(-1)!);
        }
    };
    console.log(`\nThe raw limit: ${raw.description}`);
    await rawLimit('before');

    // --- the app, in its own process ----------------------------------------------------------------
    const profileDir = values.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'sb-booking-prof-')) : null;
    server = await startServer(url, poolSize, profileDir);
    const base = server.base;
    const child = server.child;

    let idempotencyCounter = 0;
    const bodyFor = (dealer: BenchDealer, startsAt: Date) => {
      const vehicleId = dealer.vehicles[dealer.nextVehicle % dealer.vehicles.length]!;
      dealer.nextVehicle++;
      return JSON.stringify({
        vehicleId,
        startsAt: startsAt.toISOString(),
        durationMinutes: 60,
        requestedWork: [{ kind: 'maintenance', description: '压测：常规保养' }],
        customerWords: '保养到期了',
        channel: 'phone',
      });
    };
    const headersFor = (dealer: BenchDealer) => ({
      'content-type': 'application/json',
      authorization: `Bearer ${dealer.token}`,
      'idempotency-key': `bench-${runId}-${++idempotencyCounter}`,
    });

    // Sanity, and the statements of one booking: the app sees the capacity we expect, a slot takes
    // exactly `capacity` bookings, the next gets 409 slot_full. Slot ordinal 0 of the first dealer.
    const probe = dealers[0]!;
    const availability = await fetch(`${base}/api/v1/availability?from=${firstDay}&to=${firstDay}`, {
      headers: { authorization: `Bearer ${probe.token}` },
    });
    if (!availability.ok) throw new Error(`availability: HTTP ${availability.status} ${await availability.text()}`);
    const appCapacity = ((await availability.json()) as { days: { capacityPerSlot: number }[] }).days[0]?.capacityPerSlot;
    if (appCapacity !== probe.capacity)
      throw new Error(`the app computes ${appCapacity} seats per slot at ${probe.code}, the benchmark expected ${probe.capacity}`);
    const traces: Record<string, { text: string; ms: number }[]> = {};
    const probeSlot = startsAtOf(probe, probe.nextSlot++);
    for (let k = 0; k <= probe.capacity; k++) {
      const traced = k === 1 || k === probe.capacity; // the second booking (warm) and the refused one
      if (traced) await ask(child, 'trace-on', 'tracing');
      const response = await fetch(`${base}/api/v1/appointments`, {
        method: 'POST',
        headers: headersFor(probe),
        body: bodyFor(probe, probeSlot),
      });
      const text = await response.text();
      if (traced)
        traces[k === probe.capacity ? 'slot_full' : 'booked'] = (
          (await ask(child, 'trace-off', 'trace')) as { trace: { text: string; ms: number }[] }
        ).trace;
      const expected = k < probe.capacity ? 201 : 409;
      if (response.status !== expected)
        throw new Error(`probe booking ${k + 1}: expected HTTP ${expected}, got ${response.status} ${text.slice(0, 500)}`);
      if (expected === 409 && (JSON.parse(text) as { code?: string }).code !== 'slot_full')
        throw new Error(`probe booking ${k + 1}: expected slot_full, got ${text.slice(0, 500)}`);
    }
    for (const [outcome, trace] of Object.entries(traces)) {
      const writes = trace.filter((t) => /^(insert|update|delete|with)/i.test(t.text)).length;
      console.log(
        `\nStatements of one ${outcome === 'booked' ? 'booking (201)' : 'refused booking (409 slot_full)'}: ${trace.length} round trips (${writes} writes), ${trace.reduce((s, t) => s + (Number.isFinite(t.ms) ? t.ms : 0), 0).toFixed(1)} ms in total, unloaded`,
      );
      for (const [i, t] of trace.entries()) {
        console.log(
          `  ${String(i + 1).padStart(2)}. ${(Number.isFinite(t.ms) ? t.ms.toFixed(2) : '?').padStart(6)} ms  ${t.text.slice(0, 130)}`,
        );
      }
    }

    // --- load ---------------------------------------------------------------------------------------
    let slotsExhausted = false;
    let vehiclesReused = false;
    for (const scenario of scenarios) {
      const attemptsPerSlot = (d: BenchDealer) => d.capacity + extraAttempts;
      const counters = new Map<BenchDealer, number>();
      const bases = new Map(dealers.map((d) => [d, d.nextSlot]));
      let turn = 0;
      const nextRequest = () => {
        const dealer = dealers[turn++ % dealers.length]!;
        const n = counters.get(dealer) ?? 0;
        counters.set(dealer, n + 1);
        const w = scenario.window;
        const ordinal = bases.get(dealer)! + Math.floor(n / (w * attemptsPerSlot(dealer))) * w + (n % w);
        if (ordinal >= slotsPerDealer) slotsExhausted = true;
        if (dealer.nextVehicle >= dealer.vehicles.length) vehiclesReused = true;
        return { body: bodyFor(dealer, startsAtOf(dealer, ordinal)), headers: headersFor(dealer) };
      };
      const finish = () => {
        for (const d of dealers) {
          const n = counters.get(d) ?? 0;
          if (n > 0) d.nextSlot = bases.get(d)! + Math.ceil(n / (scenario.window * attemptsPerSlot(d))) * scenario.window;
          counters.set(d, 0);
          bases.set(d, d.nextSlot);
        }
      };
      if (warmup > 0) {
        await measure({ base, nextRequest, connections, seconds: warmup });
        finish();
      }
      const before = await cpuSnapshot(db, child);
      const sampler = sampleWaits(url, duration);
      const r = await measure({ base, nextRequest, connections, seconds: duration });
      const after = await cpuSnapshot(db, child);
      const waits = await sampler;
      finish();
      const done = r.created + r.slotFull;
      const per = (a: number | null, b: number | null) => (a === null || b === null || done === 0 ? null : (b - a) / done);
      rows.push({
        scenario: scenario.key,
        label: `ServiceBay booking, ${scenario.label}`,
        opsPerSecond: done / duration,
        bookedPerSecond: r.created / duration,
        p50: r.p50,
        p99: r.p99,
        ratio: null,
        budgetMet: null,
        requests: r.requests,
        created: r.created,
        slotFull: r.slotFull,
        failures: r.failures,
        statementsPerOp: per(before.statements, after.statements),
        nodeCpuMsPerOp: per(before.nodeMs, after.nodeMs),
        nodeKernelCpuMsPerOp: per(before.nodeSystemMs, after.nodeSystemMs),
        postgresCpuMsPerOp: per(before.postgresMs, after.postgresMs),
        machineCpuMsPerOp: per(before.machineMs, after.machineMs),
        loadGeneratorCpuMsPerOp: per(before.loadGeneratorMs, after.loadGeneratorMs),
        detail: {
          statuses: r.statuses,
          errors: r.errors,
          timeouts: r.timeouts,
          p90: r.p90,
          max: r.max,
          failureSamples: r.failureSamples,
          waits,
        },
      });
      printProgress(rows.at(-1)!);
      const last = rows.at(-1)!;
      if (last.nodeCpuMsPerOp !== null && last.nodeKernelCpuMsPerOp !== null)
        console.log(
          `    Node CPU ${last.nodeCpuMsPerOp.toFixed(2)} ms/op, of which ${last.nodeKernelCpuMsPerOp.toFixed(2)} ms in the kernel`,
        );
      console.log(
        `    the app's PostgreSQL backends, sampled every 100 ms (${waits.samples} samples, ${waits.backends.toFixed(1)} backends on average): ${waits.top}`,
      );
    }
    if (slotsExhausted)
      console.log(`WARNING: more slots were needed than ${days} days hold; later requests went to slots already full (raise --days).`);
    if (vehiclesReused) console.log('WARNING: a dealer ran out of distinct vehicles; some vehicles were booked twice (raise --dealers).');

    // Requests still in flight when autocannon stops complete on the server: stop it before checking.
    await stopServer(child);
    server = null;
    if (profileDir) {
      const profiles = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
      for (const f of profiles) console.log(`CPU profile of the server: ${path.join(profileDir, f)}`);
      for (const f of profiles) console.log(summariseProfile(path.join(profileDir, f)));
    }

    // --- the raw limit, after -----------------------------------------------------------------------
    await rawLimit('after');
    if (scratchCreated) {
      await dropDatabase(url, SCRATCH_DATABASE);
      scratchCreated = false;
    }

    // --- zero overbooking ---------------------------------------------------------------------------
    const check = await overbookingCheck(db, dealerIds);
    const createdInDb = Number(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from appointments where booked_by = any(${agentIds}::uuid[]) and dealer_id = any(${dealerIds}::uuid[])`.execute(
          db,
        )
      ).rows[0]!.n,
    );
    const created201 = rows.reduce((s, r) => s + (r.created ?? 0), 0);
    console.log(
      `\nOverbooking check over ${check.slots.toLocaleString('en-US')} slots of the ${dealers.length} dealers (${check.appointments.toLocaleString('en-US')} non-cancelled appointments, ` +
        `${check.full_slots.toLocaleString('en-US')} slots full): overbooked slots ${check.overbooked}, slot_bookings.booked ≠ count in ${check.counter_mismatch} slots` +
        (check.overbooked > 0 ? `, worst +${check.worst}` : ''),
    );
    console.log(
      `Appointments booked by the benchmark: ${createdInDb.toLocaleString('en-US')} (201 responses counted in the timed windows: ${created201.toLocaleString('en-US')}; warm-up, probes and requests in flight at the end make up the rest).`,
    );

    // --- report -------------------------------------------------------------------------------------
    const baselineClients = pgbenchClients[0]!;
    const baselines = rows.filter((r) => r.scenario === `raw-c${baselineClients}`);
    const baselineTps = baselines.reduce((s, r) => s + r.opsPerSecond, 0) / baselines.length;
    const clean = check.overbooked === 0 && check.counter_mismatch === 0;
    if (!clean) {
      console.log('FAILED: overbooking or a slot counter out of step with the appointments (see above).');
      process.exitCode = 1;
    }
    for (const r of rows) {
      r.ratio = r.opsPerSecond / baselineTps;
      if (r.created !== null) r.budgetMet = r.ratio >= BUDGET_RATIO && r.p99 < BUDGET_P99_MS && r.failures === 0 && clean;
    }
    console.log(`\n${table(rows)}\n`);
    console.log(
      `ratio = ops/s ÷ mean TPS of the booking script at ${baselineClients} clients (${Math.round(baselineTps).toLocaleString('en-US')}); ` +
        `budget: ratio >= ${BUDGET_RATIO * 100}%, p99 < ${BUDGET_P99_MS} ms, no failures (5xx, other 4xx, socket errors), zero overbooking. ` +
        'A booking op is a 201 or a 409 slot_full; a script transaction is a booking or a refused seat claim.',
    );
    console.log(
      'p50/p99 in ms (autocannon records whole ms; pgbench from its per-transaction log). CPU ms/op: the app process, its PostgreSQL backends, the load generator, ' +
        'and the whole machine (all processes, from /proc/stat; other sessions on the machine included).',
    );

    const file = resultFile('booking');
    fs.writeFileSync(
      file,
      `${JSON.stringify(
        {
          benchmark: 'booking',
          at: new Date().toISOString(),
          machine: {
            cores: os.cpus().length,
            cpu: os.cpus()[0]?.model ?? null,
            memoryGb: Math.round(os.totalmem() / 2 ** 30),
            node: process.version,
            postgres: settings.version,
            sharedBuffers: settings.shared_buffers,
            synchronousCommit: settings.synchronous_commit,
            loadAverage: os.loadavg(),
          },
          settings: {
            connections,
            warmupSeconds: warmup,
            durationSeconds: duration,
            poolSize,
            days,
            firstDay,
            extraAttempts,
            tpcb: values.tpcb,
            pgbenchClients,
            pgbenchDuration,
            database: redact(url),
          },
          network: { code: network.code, vehicles: network.vehicles },
          dealers: dealers.map((d) => ({ code: d.code, vehicles: d.vehicles.length, capacity: d.capacity, slotsPerDay: d.times.length })),
          budget: { ratio: BUDGET_RATIO, p99Ms: BUDGET_P99_MS, overbooking: 0 },
          rawLimit: { script: raw.script, description: raw.description, baselineClients, baselineTps },
          overbooking: { ...check, appointmentsInDatabase: createdInDb },
          statements: traces,
          warnings: { slotsExhausted, vehiclesReused, schemaRepairs },
          results: rows,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`results: ${path.relative(process.cwd(), file)}`);

    if (values.keep) console.log('--keep: the benchmark appointments stay in the database (the next run removes them first).');
    else {
      const removed = await cleanUp(db, agentIds, dealerIds);
      console.log(`Cleaned up ${removed.toLocaleString('en-US')} benchmark appointments and their rows.`);
    }
  } finally {
    if (server) await stopServer(server.child);
    await sql`drop schema if exists ${sql.id(RAW_SCHEMA)} cascade`
      .execute(handle.db)
      .catch((error) => console.error(`could not drop ${RAW_SCHEMA}:`, error));
    if (scratchCreated)
      await dropDatabase(url, SCRATCH_DATABASE).catch((error) => console.error(`could not drop ${SCRATCH_DATABASE}:`, error));
    await handle.close();
  }
}

// --- setup ---------------------------------------------------------------------------------------

/**
 * At least STAFF_PER_ROLE service advisors and technicians at the dealer (created with addUser when
 * missing), an appointment agent with a fresh API token (earlier benchmark tokens revoked), and the
 * capacity per slot that follows: floor(ratio × min(SAs, technicians)), as slotCapacity computes it.
 */
async function staffDealer(db: Database, networkId: string, dealer: { id: string; code: string }) {
  const now = systemClock.now();
  const suffix = `${dealer.code.toLowerCase()}.${networkId.slice(-8)}`;
  const password = crypto.randomBytes(18).toString('base64url');
  for (const [role, name] of [
    ['service_advisor', '压测顾问'],
    ['technician', '压测技师'],
  ] as const) {
    const have = Number(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from users where dealer_id = ${dealer.id} and disabled_at is null and ${role} = any(roles)`.execute(db)
      ).rows[0]!.n,
    );
    for (let i = have; i < STAFF_PER_ROLE; i++) {
      const login = `bench.${role === 'service_advisor' ? 'sa' : 'tech'}${i + 1}.${suffix}`;
      const exists = await db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirst();
      if (!exists)
        await addUser(db, { networkId, dealerId: dealer.id, login, displayName: `${name}${i + 1}`, password, roles: [role] }, now);
    }
  }
  const login = `bench.agent.${suffix}`;
  const roles: Role[] = ['appointment_agent'];
  let agent = await db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirst();
  if (!agent)
    agent = { id: await addUser(db, { networkId, dealerId: dealer.id, login, displayName: '压测预约专员', password, roles }, now) };
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', agent.id).where('revoked_at', 'is', null).execute();
  const actor: Actor = {
    userId: agent.id,
    tokenId: null,
    networkId,
    dealerId: dealer.id,
    roles,
    timeZone: 'Asia/Shanghai',
    requestId: null,
  };
  const auth = createAuthService({ db, clock: systemClock, settings: { sessionTtlHours: 12, loginMaxFailures: 5, loginLockMinutes: 15 } });
  const { token } = await auth.createApiToken(actor, `booking benchmark ${now.toISOString()}`);
  const capacity = Number(
    (
      await sql<{ capacity: number }>`
        select floor(coalesce(s.capacity_ratio, 0.70) * least(
                 (select count(*) from users u where u.dealer_id = d.id and u.disabled_at is null and 'service_advisor' = any(u.roles)),
                 (select count(*) from users u where u.dealer_id = d.id and u.disabled_at is null and 'technician' = any(u.roles))) + 1e-9)::int as capacity
        from dealers d left join dealer_settings s on s.dealer_id = d.id where d.id = ${dealer.id}`.execute(db)
    ).rows[0]!.capacity,
  );
  if (capacity < 1) throw new Error(`dealer ${dealer.code} has no capacity`);
  const absences = Number(
    (await sql<{ n: number }>`select count(*)::int as n from staff_absences where dealer_id = ${dealer.id}`.execute(db)).rows[0]!.n,
  );
  if (absences > 0)
    console.log(
      `note: dealer ${dealer.code} has ${absences} staff absences recorded; days with absences have fewer seats (the check accounts for them)`,
    );
  return { agentId: agent.id, token, capacity };
}

function firstOfNextMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

// --- schema -------------------------------------------------------------------------------------

/**
 * The benchmark database was migrated once and is kept for its seed; a migration edited after it ran
 * there (instead of a new one being added) leaves it with a schema the code no longer matches, and
 * migrateToLatest does not notice. This migrates an empty scratch database, compares columns, indexes
 * and constraints with BENCH_DATABASE_URL and, when the tables that differ were created by a migration
 * whose tables are all empty here (the booking tables: the seed does not fill them), drops those
 * tables and runs that migration's up() again. Anything else stops the benchmark with the differences.
 * Returns what was repaired.
 */
async function reconcileSchema(url: string, db: Database): Promise<{ migration: string; tables: string[]; differences: string[] }[]> {
  await recreateDatabase(url, SCHEMA_DATABASE);
  const createdBy = new Map<string, string>();
  let expected: Map<string, Set<string>>;
  try {
    const scratch = await openPostgres(withDatabase(url, SCHEMA_DATABASE), { max: 2 });
    try {
      const migrator = new Migrator({ db: scratch.db, provider: { getMigrations: async () => migrations } });
      for (const name of Object.keys(migrations).sort()) {
        const { error } = await migrator.migrateTo(name);
        if (error) throw error instanceof Error ? error : new Error(String(error));
        for (const table of (await schemaOf(scratch.db)).keys()) if (!createdBy.has(table)) createdBy.set(table, name);
      }
      expected = await schemaOf(scratch.db);
    } finally {
      await scratch.close();
    }
  } finally {
    await dropDatabase(url, SCHEMA_DATABASE);
  }
  const actual = await schemaOf(db);
  const differences = new Map<string, string[]>();
  for (const table of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(table) ?? new Set<string>();
    const have = actual.get(table) ?? new Set<string>();
    const lines = [
      ...[...want].filter((x) => !have.has(x)).map((x) => `missing: ${x}`),
      ...[...have].filter((x) => !want.has(x)).map((x) => `unexpected: ${x}`),
    ];
    if (lines.length) differences.set(table, lines);
  }
  if (differences.size === 0) return [];
  const listing = [...differences.values()]
    .flat()
    .map((l) => `  ${l}`)
    .join('\n');
  const byMigration = new Map<string, string[]>();
  for (const table of differences.keys()) {
    const migration = createdBy.get(table);
    if (!migration)
      throw new Error(
        `the schema of ${redact(url)} differs from what the migrations create now, in a table no migration creates:\n${listing}`,
      );
    byMigration.set(migration, [...(byMigration.get(migration) ?? []), table]);
  }
  const repairs: { migration: string; tables: string[]; differences: string[] }[] = [];
  for (const migration of byMigration.keys()) {
    const tables = [...createdBy].filter(([, m]) => m === migration).map(([t]) => t);
    const filled: string[] = [];
    for (const table of tables) {
      if ((await sql<{ one: number }>`select 1 as one from ${sql.table(table)} limit 1`.execute(db)).rows.length) filled.push(table);
    }
    if (filled.length) {
      throw new Error(
        `the schema of ${redact(url)} differs from what the migrations create now (was ${migration} changed after it ran there?):\n${listing}\n` +
          `Its tables ${filled.join(', ')} hold rows, so the benchmark does not rebuild them; fix the database by hand or drop it (the seed is then made again).`,
      );
    }
    console.log(
      `WARNING: the schema of ${redact(url)} differs from what the migrations create now: ${migration} was changed after it ran there:\n${listing}`,
    );
    console.log(`Its tables are empty here; rebuilding them (${tables.join(', ')}) with ${migration}.up().`);
    const up = migrations[migration]!.up;
    await db.transaction().execute(async (tx) => {
      for (const table of [...tables].reverse()) await sql`drop table ${sql.table(table)} cascade`.execute(tx);
      await up(tx);
    });
    repairs.push({ migration, tables, differences: byMigration.get(migration)!.flatMap((t) => differences.get(t)!) });
  }
  const after = await schemaOf(db);
  for (const [table, want] of expected) {
    const have = after.get(table);
    if (!have || have.size !== want.size || [...want].some((x) => !have.has(x)))
      throw new Error(`the rebuilt table ${table} still differs from the migrations`);
  }
  return repairs;
}

/** Columns, indexes and constraints of the public tables, as comparable lines per table (names of constraints left out). */
async function schemaOf(db: Database): Promise<Map<string, Set<string>>> {
  const rows = (
    await sql<{ table_name: string; line: string }>`
      select table_name::text, 'column ' || column_name || ' ' || data_type || case when is_nullable = 'NO' then ' not null' else '' end
             || coalesce(' default ' || column_default, '') as line
      from information_schema.columns where table_schema = 'public' and table_name <> all(array['kysely_migration', 'kysely_migration_lock'])
      union all
      select tablename::text, 'index ' || regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \\S+ ON ', 'CREATE \\1INDEX ON ')
      from pg_indexes where schemaname = 'public' and tablename <> all(array['kysely_migration', 'kysely_migration_lock'])
      union all
      select c.conrelid::regclass::text, 'constraint ' || pg_get_constraintdef(c.oid)
      from pg_constraint c where c.connamespace = 'public'::regnamespace and c.conrelid <> 0`.execute(db)
  ).rows;
  const schema = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.table_name.startsWith('kysely_migration')) continue;
    if (!schema.has(r.table_name)) schema.set(r.table_name, new Set());
    schema.get(r.table_name)!.add(r.line);
  }
  return schema;
}

// --- checks and cleanup ----------------------------------------------------------------------------

/**
 * Every slot of the dealers that has appointments or a slot_bookings row: the non-cancelled
 * appointments against the capacity as the service computes it (ratio × min(SAs, technicians), minus
 * the counted staff off that local day), and against slot_bookings.booked.
 */
async function overbookingCheck(db: Database, dealerIds: string[]) {
  const row = (
    await sql<{ slots: number; overbooked: number; counter_mismatch: number; full_slots: number; appointments: number; worst: number }>`
      with bench as (select unnest(${dealerIds}::uuid[]) as dealer_id),
      staff as (
        select u.dealer_id,
               count(*) filter (where 'service_advisor' = any(u.roles)) as sas,
               count(*) filter (where 'technician' = any(u.roles)) as techs
        from users u join bench b on b.dealer_id = u.dealer_id
        where u.disabled_at is null group by u.dealer_id),
      booked as (
        select a.dealer_id, a.starts_at, count(*) filter (where a.status <> 'cancelled')::int as n
        from appointments a join bench b on b.dealer_id = a.dealer_id group by 1, 2),
      seats as (select sb.* from slot_bookings sb join bench b on b.dealer_id = sb.dealer_id),
      slots as (
        select coalesce(bk.dealer_id, sb.dealer_id) as dealer_id, coalesce(bk.starts_at, sb.starts_at) as starts_at,
               coalesce(bk.n, 0) as appointments, sb.booked
        from booked bk full join seats sb on sb.dealer_id = bk.dealer_id and sb.starts_at = bk.starts_at),
      checked as (
        select s.*,
               greatest(0, floor(coalesce(ds.capacity_ratio, 0.70) * least(st.sas, st.techs) + 1e-9)::int
                 - (select count(*) from staff_absences ab join users u on u.id = ab.user_id
                    where ab.dealer_id = s.dealer_id and ab.work_date = (s.starts_at at time zone d.time_zone)::date
                      and u.roles && array['service_advisor','technician']::text[])::int) as capacity
        from slots s join dealers d on d.id = s.dealer_id
        left join dealer_settings ds on ds.dealer_id = s.dealer_id
        left join staff st on st.dealer_id = s.dealer_id)
      select count(*)::int as slots,
             count(*) filter (where appointments > capacity)::int as overbooked,
             count(*) filter (where coalesce(booked, 0) <> appointments)::int as counter_mismatch,
             count(*) filter (where appointments >= capacity)::int as full_slots,
             coalesce(sum(appointments), 0)::int as appointments,
             coalesce(max(appointments - capacity), 0)::int as worst
      from checked`.execute(db)
  ).rows[0]!;
  return row;
}

/**
 * Deletes the appointments booked by the benchmark's agents and every row they brought (events,
 * reservations, reminder jobs, outbox messages and their delivery jobs, timeline, audit, idempotency
 * keys, the day numbers), and sets the dealers' slot counters back to the appointments that remain.
 * Keeps the seed, the staff and the agents. Returns the number of appointments removed.
 */
async function cleanUp(db: Database, agentIds: string[], dealerIds: string[]): Promise<number> {
  const removed = await db.transaction().execute(async (tx) => {
    const appointments = (
      await sql<{ id: string; customer_id: string }>`
        select id, customer_id from appointments where dealer_id = any(${dealerIds}::uuid[]) and booked_by = any(${agentIds}::uuid[])`.execute(
        tx,
      )
    ).rows;
    const ids = appointments.map((a) => a.id);
    const customers = [...new Set(appointments.map((a) => a.customer_id))];
    if (ids.length > 0) {
      const keys = ids.map((id) => `appointment:${id}:booked`);
      const hasBoss = (await sql<{ t: string | null }>`select to_regclass('pgboss.job')::text as t`.execute(tx)).rows[0]?.t;
      if (hasBoss) {
        await sql`delete from pgboss.job where name = any(${REMINDER_JOBS}::text[]) and data->>'appointmentId' = any(${ids}::text[])`.execute(
          tx,
        );
        await sql`delete from pgboss.job where name = 'outbox.deliver'
                    and data->>'messageId' in (select id::text from outbox_messages where dedupe_key = any(${keys}::text[]))`.execute(tx);
      }
      await sql`delete from outbox_messages where dedupe_key = any(${keys}::text[])`.execute(tx);
      await sql`delete from timeline_events where customer_id = any(${customers}::uuid[]) and kind = 'appointment.booked' and actor_user_id = any(${agentIds}::uuid[])`.execute(
        tx,
      );
      await sql`delete from audit_log where entity_type = 'appointment' and entity_id = any(${ids}::uuid[])`.execute(tx);
      for (const table of ['appointment_events', 'confirmation_attempts', 'prepick_items', 'workshop_reservations', 'tasks']) {
        await sql`delete from ${sql.table(table)} where dealer_id = any(${dealerIds}::uuid[]) and appointment_id = any(${ids}::uuid[])`.execute(
          tx,
        );
      }
      await sql`delete from appointments where dealer_id = any(${dealerIds}::uuid[]) and id = any(${ids}::uuid[])`.execute(tx);
    }
    await sql`delete from idempotency_keys where user_id = any(${agentIds}::uuid[])`.execute(tx);
    // Slot counters and day numbers back to what the remaining appointments (normally none) need.
    await sql`
      update slot_bookings sb set booked = (select count(*) from appointments a where a.dealer_id = sb.dealer_id and a.starts_at = sb.starts_at and a.status <> 'cancelled')
      where sb.dealer_id = any(${dealerIds}::uuid[])`.execute(tx);
    await sql`delete from slot_bookings where dealer_id = any(${dealerIds}::uuid[]) and booked = 0`.execute(tx);
    await sql`
      delete from dealer_sequences s where s.dealer_id = any(${dealerIds}::uuid[]) and s.name = 'AP'
        and not exists (select 1 from appointments a where a.dealer_id = s.dealer_id and a.number like 'AP-' || to_char(s.day, 'YYYYMMDD') || '-%')`.execute(
      tx,
    );
    return ids.length;
  });
  if (removed > 0) {
    // Dead rows and statistics as autovacuum would leave them, so the next run starts from the same state.
    for (const table of [
      'appointments',
      'appointment_events',
      'workshop_reservations',
      'slot_bookings',
      'dealer_sequences',
      'outbox_messages',
      'idempotency_keys',
      'audit_log',
    ]) {
      await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
    }
    if ((await sql<{ t: string | null }>`select to_regclass('pgboss.job')::text as t`.execute(db)).rows[0]?.t)
      await sql`vacuum (analyze) pgboss.job`.execute(db);
  }
  return removed;
}

// --- load ------------------------------------------------------------------------------------------

async function measure(o: {
  base: string;
  nextRequest: () => { body: string; headers: Record<string, string> };
  connections: number;
  seconds: number;
}) {
  const statuses: Record<string, number> = {};
  const failureSamples: string[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: o.base,
        connections: o.connections,
        duration: o.seconds,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/appointments',
            setupRequest: (request) => {
              const next = o.nextRequest();
              request.body = next.body;
              request.headers = { ...request.headers, ...next.headers };
              return request;
            },
            onResponse: (status, body) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (status !== 201 && status !== 409 && failureSamples.length < 5) failureSamples.push(`${status} ${body.slice(0, 300)}`);
              else if (status === 409 && !body.includes('slot_full') && failureSamples.length < 5)
                failureSamples.push(`${status} ${body.slice(0, 300)}`);
            },
          },
        ],
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
  });
  const created = statuses[201] ?? 0;
  const slotFull = statuses[409] ?? 0;
  const failures =
    Object.entries(statuses).reduce((s, [code, n]) => s + (code === '201' || code === '409' ? 0 : n), 0) + result.errors + result.timeouts;
  return {
    created,
    slotFull,
    failures,
    statuses,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    failureSamples,
  };
}

// --- the raw limit: the booking's own database work as a pgbench script ----------------------------

type RawBooking = { file: string; script: string; description: string; statements: number };

/**
 * Lookup tables in RAW_SCHEMA to draw from (the benchmark's slots in the days after the app's, with
 * each slot's capacity computed as the service does, and each dealer's vehicles with the customer the
 * app books for), and the pgbench script: BEGIN; claim the seat with the capacity check (the app's
 * upsert); when a seat was had, insert the appointment, the confirmation SMS into the outbox and the
 * audit row; COMMIT. The rows carry the agents as `booked_by` and the app's dedupe key and audit
 * entity, so the cleanup removes them with the app's, and the overbooking check covers their slots.
 */
async function prepareRawBooking(db: Database, dealers: BenchDealer[], firstDay: string, days: number): Promise<RawBooking> {
  const schema = sql.id(RAW_SCHEMA);
  await sql`drop schema if exists ${schema} cascade`.execute(db);
  await sql`create schema ${schema}`.execute(db);
  await sql`create table ${schema}.slots (n int primary key, dealer_id uuid not null, network_id uuid not null, agent_id uuid not null,
              starts_at timestamptz not null, capacity int not null, number_prefix text not null, local_time text not null)`.execute(db);
  await sql`create table ${schema}.vehicles (dealer_no int not null, k int not null, vehicle_id uuid not null, customer_id uuid not null,
              plate_key text not null, mobile text not null, primary key (dealer_no, k))`.execute(db);
  const vehiclesEach = Math.min(...dealers.map((d) => d.vehicles.length));
  const slots: { n: number; dealer: number; startsAt: Date; day: string; time: string }[] = [];
  for (const [i, dealer] of dealers.entries())
    for (let day = 0; day < days; day++)
      for (const [t, time] of dealer.times.entries()) {
        const date = addDays(firstDay, day);
        slots.push({
          n: (day * dealer.times.length + t) * dealers.length + i,
          dealer: i,
          startsAt: zonedInstant(date, time, dealer.timeZone),
          day: date,
          time,
        });
      }
  for (const [i, dealer] of dealers.entries()) {
    const mine = slots.filter((s) => s.dealer === i);
    // Capacity as slotCapacity computes it from the roster: ratio × min(SAs, technicians), minus the counted staff off that day.
    await sql`
      insert into ${schema}.slots (n, dealer_id, network_id, agent_id, starts_at, capacity, number_prefix, local_time)
      select s.n, d.id, d.network_id, ${dealer.agentId}::uuid, s.starts_at,
             greatest(0, ${dealer.capacity}::int - (select count(*) from staff_absences ab join users u on u.id = ab.user_id
                where ab.dealer_id = d.id and ab.work_date = s.day and u.roles && array['service_advisor','technician']::text[])::int),
             s.prefix, s.day || ' ' || s.time
      from unnest(${mine.map((s) => s.n)}::int[], ${mine.map((s) => s.startsAt.toISOString())}::timestamptz[], ${mine.map((s) => s.day)}::date[],
                  ${mine.map((s) => `AP-${s.day.replaceAll('-', '')}-${s.time.replace(':', '')}-`)}::text[], ${mine.map((s) => s.time)}::text[])
             as s(n, starts_at, day, prefix, time)
      join dealers d on d.id = ${dealer.id}::uuid`.execute(db);
    await sql`
      insert into ${schema}.vehicles (dealer_no, k, vehicle_id, customer_id, plate_key, mobile)
      select ${i}::int, x.k - 1, v.id, c.id, v.plate_key, c.mobile
      from unnest(${dealer.vehicles.slice(0, vehiclesEach)}::uuid[]) with ordinality as x(id, k)
      join vehicles v on v.id = x.id join customers c on c.id = coalesce(v.user_id, v.owner_id)`.execute(db);
  }
  await sql`analyze ${schema}.slots`.execute(db);
  await sql`analyze ${schema}.vehicles`.execute(db);
  const loaded = Number((await sql<{ n: number }>`select count(*)::int as n from ${schema}.vehicles`.execute(db)).rows[0]!.n);
  if (loaded !== vehiclesEach * dealers.length)
    throw new Error(`the raw limit found ${loaded} of ${vehiclesEach * dealers.length} vehicles`);

  // A UUIDv7 as newId() makes one (time-ordered, so inserts append to the primary key's index).
  const uuid7 = `(lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3) || 'a' || substr(md5(random()::text), 1, 15))::uuid`;
  const work = JSON.stringify([{ kind: 'maintenance', description: '压测：常规保养' }]).replaceAll("'", "''");
  // pgbench reads ':name' as a variable even inside a string literal: no such text below.
  const script = `-- ServiceBay booking, minimal database work (bench/booking.ts#prepareRawBooking)
\\set s random(0, ${slots.length - 1})
\\set v random(0, ${vehiclesEach - 1})
\\set d :s % ${dealers.length}
BEGIN;
WITH claim AS (
  INSERT INTO slot_bookings AS sb (dealer_id, starts_at, booked)
  SELECT dealer_id, starts_at, 1 FROM ${RAW_SCHEMA}.slots WHERE n = :s AND capacity > 0
  ON CONFLICT (dealer_id, starts_at) DO UPDATE SET booked = sb.booked + 1
    WHERE sb.booked < (SELECT capacity FROM ${RAW_SCHEMA}.slots WHERE n = :s)
  RETURNING booked)
SELECT count(*) AS got, coalesce(max(booked), 0) AS seat FROM claim \\gset
\\if :got
INSERT INTO appointments (dealer_id, id, number, customer_id, vehicle_id, plate_key, starts_at, duration_minutes, status, channel,
    requested_work, customer_words, preferred_sa_id, assigned_sa_id, booked_by, needs_staff_review, parts_quote_fen, manage_token_hash,
    created_at, updated_at)
  SELECT s.dealer_id, ${uuid7}, s.number_prefix || lpad(:seat::text, 2, '0'), v.customer_id, v.vehicle_id, v.plate_key, s.starts_at, 60,
    'booked', 'phone', '${work}', '保养到期了', NULL, NULL, s.agent_id, false, 0, md5(random()::text || clock_timestamp()::text), now(), now()
  FROM ${RAW_SCHEMA}.slots s, ${RAW_SCHEMA}.vehicles v WHERE s.n = :s AND v.dealer_no = :d AND v.k = :v
  RETURNING id AS appointment_id, number \\gset
INSERT INTO outbox_messages (id, network_id, dealer_id, customer_id, channel, recipient, template, locale, subject, body, dedupe_key, not_before, created_at)
  SELECT ${uuid7}, s.network_id, s.dealer_id, v.customer_id, 'sms', v.mobile, 'appointment.booked', 'zh-CN', NULL,
    '【压测4S店】客户您好，您的车辆 ' || v.plate_key || ' 已预约 ' || s.local_time || ' 进店（预约号 ' || :number::text ||
    '）。查看、改期或取消：https://servicebay.example/my-booking/' || md5(random()::text) || ' 加入日历：https://servicebay.example/api/v1/public/appointments/' ||
    md5(random()::text) || '/calendar.ics',
    'appointment:' || :appointment_id::text || ':' || 'booked', now(), now()
  FROM ${RAW_SCHEMA}.slots s, ${RAW_SCHEMA}.vehicles v WHERE s.n = :s AND v.dealer_no = :d AND v.k = :v;
INSERT INTO audit_log (id, network_id, dealer_id, actor_user_id, actor_token_id, action, entity_type, entity_id, before, after, request_id, at)
  SELECT ${uuid7}, s.network_id, s.dealer_id, s.agent_id, NULL, 'appointment.booked', 'appointment', :appointment_id::uuid, NULL,
    jsonb_build_object('id', :appointment_id::text, 'number', :number::text, 'status', 'booked', 'startsAt', s.starts_at, 'durationMinutes', 60,
      'channel', 'phone', 'customer', jsonb_build_object('id', v.customer_id, 'name', '压测客户', 'mobile', v.mobile),
      'vehicle', jsonb_build_object('id', v.vehicle_id, 'plate', v.plate_key, 'modelName', '压测车型'),
      'requestedWork', '${work}'::jsonb, 'customerWords', '保养到期了', 'preferredSa', NULL, 'assignedSa', NULL,
      'bookedBy', jsonb_build_object('id', s.agent_id, 'name', '压测预约专员'), 'needsStaffReview', false, 'partsQuoteFen', 0, 'parts', '[]'::jsonb,
      'confirmed', false, 'arrivedAt', NULL, 'arrivalStatus', NULL, 'cancelReason', NULL, 'version', 1, 'createdAt', now(),
      'dealer', jsonb_build_object('id', s.dealer_id, 'name', '压测4S店'), 'can', '{}'::jsonb),
    NULL, now()
  FROM ${RAW_SCHEMA}.slots s, ${RAW_SCHEMA}.vehicles v WHERE s.n = :s AND v.dealer_no = :d AND v.k = :v;
\\endif
COMMIT;
`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-booking-raw-')), 'booking.sql');
  fs.writeFileSync(file, script);
  return {
    file,
    script,
    statements: 6,
    description:
      `pgbench -n -M prepared -f <script> -j 2, on the benchmark database's own tables: a random slot of the ${dealers.length} dealers ` +
      `(${slots.length.toLocaleString('en-US')} slots: ${days} days from ${firstDay}, after the app's) and a random vehicle of its dealer ` +
      `(${vehiclesEach.toLocaleString('en-US')} each); BEGIN; the seat upsert with the capacity check; when a seat was had, the appointment row, ` +
      'the confirmation SMS in outbox_messages and the audit row (the appointment as JSON); COMMIT. 6 statements (3 when the slot is full).',
  };
}

// --- pgbench ---------------------------------------------------------------------------------------

function findPgbench(): string {
  for (const candidate of ['/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench']) if (fs.existsSync(candidate)) return candidate;
  try {
    return execFileSync('which', ['pgbench'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('pgbench not found (it comes with the PostgreSQL server packages, e.g. postgresql-contrib / postgresql-15)');
  }
}

/** One pgbench run: the booking script against the benchmark database (`raw`), or TPC-B against the scratch database (`raw` null). */
async function pgbench(
  pgbenchPath: string,
  dbUrl: string,
  clients: number,
  seconds: number,
  when: string,
  raw: RawBooking | null,
): Promise<Row> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-pgbench-'));
  try {
    const machineBefore = machineCpuMs();
    const output = await run(pgbenchPath, [
      '-c',
      String(clients),
      '-j',
      String(Math.min(2, clients)),
      '-T',
      String(seconds),
      '-n',
      ...(raw ? ['-M', 'prepared', '-f', raw.file] : []),
      '-l',
      `--log-prefix=${path.join(logDir, 'tx')}`,
      dbUrl,
    ]);
    const machineAfter = machineCpuMs();
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1] ?? /tps = ([\d.]+)/.exec(output)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
    if (!Number.isFinite(tps)) throw new Error(`could not read the TPS of pgbench:\n${output}`);
    // Per-transaction log: client_id transaction_no time(µs) script_no time_epoch time_us
    const latencies: number[] = [];
    for (const file of fs.readdirSync(logDir)) {
      for (const line of fs.readFileSync(path.join(logDir, file), 'utf8').split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (line && Number.isFinite(us)) latencies.push(us / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! : Number.NaN;
    const transactions = latencies.length;
    return {
      scenario: raw ? `raw-c${clients}` : `tpcb-c${clients}`,
      label: raw ? `raw limit: booking script, ${clients} clients (${when})` : `pgbench TPC-B, ${clients} clients (${when})`,
      opsPerSecond: tps,
      bookedPerSecond: null,
      p50: round2(pct(0.5)),
      p99: round2(pct(0.99)),
      ratio: null,
      budgetMet: null,
      requests: transactions,
      created: null,
      slotFull: null,
      failures: failed,
      statementsPerOp: raw ? raw.statements : 7, // TPC-B: BEGIN, 3 UPDATEs, SELECT, INSERT, END
      nodeCpuMsPerOp: null,
      nodeKernelCpuMsPerOp: null,
      postgresCpuMsPerOp: null,
      machineCpuMsPerOp:
        machineBefore === null || machineAfter === null || transactions === 0 ? null : (machineAfter - machineBefore) / transactions,
      loadGeneratorCpuMsPerOp: null,
    };
  } finally {
    fs.rmSync(logDir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(
            new Error(
              `${path.basename(command)} ${args.filter((a) => !a.includes('://')).join(' ')} exited with ${code}:\n${output.slice(-2000)}`,
            ),
          ),
    );
  });
}

async function maintenance<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function recreateDatabase(url: string, name: string) {
  await maintenance(url, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
}

async function dropDatabase(url: string, name: string) {
  await maintenance(url, (client) => client.query(`drop database if exists ${name} with (force)`));
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// --- the server process ----------------------------------------------------------------------------

async function startServer(url: string, pool: number, profileDir: string | null): Promise<{ child: ChildProcess; base: string }> {
  const child = fork(path.join(here, 'booking-server.ts'), [url, String(pool)], {
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the booking server did not start within 60 s')), 60_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve((message as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the booking server exited with code ${code}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Sends a message to the server process and waits for the answer that carries `key`. */
function ask(child: ChildProcess, message: string, key: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', listener);
      reject(new Error(`no answer to ${message}`));
    }, 5_000);
    const listener = (answer: unknown) => {
      if (typeof answer === 'object' && answer !== null && key in answer) {
        clearTimeout(timer);
        child.off('message', listener);
        resolve(answer as Record<string, unknown>);
      }
    };
    child.on('message', listener);
    child.send(message);
  });
}

// --- where the time goes ----------------------------------------------------------------------------

/**
 * Samples pg_stat_activity every 100 ms for the app's backends during the measured window, on its own
 * connection: what they were doing (active on CPU, waiting on a lock / LWLock / I/O, idle in a
 * transaction waiting for Node, idle waiting for work).
 */
async function sampleWaits(url: string, seconds: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let backendSamples = 0;
  try {
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      const { rows } = await client.query<{ what: string; n: number }>(
        `select case when state = 'active' then coalesce(wait_event_type || ':' || wait_event, 'active (CPU)')
                     when state = 'idle in transaction' then 'idle in transaction (Node)'
                     else coalesce(state, '?') end as what, count(*)::int as n
         from pg_stat_activity where application_name = $1 group by 1`,
        [APPLICATION_NAME],
      );
      samples++;
      for (const r of rows) {
        counts.set(r.what, (counts.get(r.what) ?? 0) + r.n);
        backendSamples += r.n;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
  const shares = [...counts].sort((a, b) => b[1] - a[1]).map(([what, n]) => ({ what, share: backendSamples ? n / backendSamples : 0 }));
  return {
    samples,
    backends: samples ? backendSamples / samples : 0,
    shares,
    top: shares
      .slice(0, 6)
      .map((s) => `${s.what} ${(s.share * 100).toFixed(0)}%`)
      .join(', '),
  };
}

// --- CPU -------------------------------------------------------------------------------------------

/** CPU time so far of the server process, its PostgreSQL backends (by application_name), this process and the whole machine. */
async function cpuSnapshot(db: Database, child: ChildProcess): Promise<Cpu> {
  let nodeMs: number | null = null;
  let nodeSystemMs: number | null = null;
  let statements: number | null = null;
  try {
    const stats = (await ask(child, 'stats', 'cpuMicros')) as { cpuMicros: number; systemMicros: number; statements: number };
    nodeMs = stats.cpuMicros / 1000;
    nodeSystemMs = stats.systemMicros / 1000;
    statements = stats.statements;
  } catch {
    // leave null
  }
  let postgresMs: number | null = null;
  try {
    const pids = (await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${APPLICATION_NAME}`.execute(db))
      .rows;
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
  const own = process.cpuUsage();
  return { nodeMs, nodeSystemMs, postgresMs, machineMs: machineCpuMs(), loadGeneratorMs: (own.user + own.system) / 1000, statements };
}

/** Busy CPU time of the whole machine so far (all cores, all processes), from /proc/stat; null when unreadable. */
function machineCpuMs(): number | null {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, _idle = 0, _iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

// --- output ----------------------------------------------------------------------------------------

function printProgress(r: Row) {
  const outcomes =
    r.created === null
      ? ''
      : `   201 ${r.created.toLocaleString('en-US')}, 409 ${r.slotFull!.toLocaleString('en-US')}, failures ${r.failures}`;
  console.log(
    `  ${r.label.padEnd(60)} ${Math.round(r.opsPerSecond).toLocaleString('en-US').padStart(7)} ops/s   p50 ${r.p50} ms   p99 ${r.p99} ms${outcomes}`,
  );
}

function table(rows: Row[]): string {
  const header = [
    'scenario',
    'ops/s',
    'p50 ms',
    'p99 ms',
    'ratio to raw limit',
    'budget met?',
    '201 / 409 / failed',
    'statements/op',
    'CPU ms/op: Node + PG + loadgen | machine',
  ];
  const ms = (v: number | null) => (v === null ? '?' : v.toFixed(2));
  const body = rows.map((r) => [
    r.label,
    Math.round(r.opsPerSecond).toLocaleString('en-US'),
    String(r.p50),
    String(r.p99),
    r.ratio === null ? '' : `${(r.ratio * 100).toFixed(0)}%`,
    r.budgetMet === null ? '(baseline)' : r.budgetMet ? 'yes' : 'NO',
    r.created === null
      ? `${r.requests.toLocaleString('en-US')} tx, ${r.failures} failed`
      : `${r.created.toLocaleString('en-US')} / ${r.slotFull!.toLocaleString('en-US')} / ${r.failures}`,
    r.statementsPerOp === null ? '?' : r.statementsPerOp.toFixed(1),
    r.created === null
      ? `${ms(r.machineCpuMsPerOp)} (machine)`
      : `${ms(r.nodeCpuMsPerOp)} + ${ms(r.postgresCpuMsPerOp)} + ${ms(r.loadGeneratorCpuMsPerOp)} | ${ms(r.machineCpuMsPerOp)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':')).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

const round2 = (v: number) => Math.round(v * 100) / 100;

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
