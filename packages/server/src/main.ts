#!/usr/bin/env node
// `servicebay` — serve | worker | migrate | seed | user add | import | export | backup | restore
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '@servicebay/contracts';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createAdminRepository } from './modules/admin/admin.repository.js';
import { addUser } from './modules/auth/auth.service.js';
import { systemClock } from './platform/clock.js';
import { type DatabaseHandle, DataDirLockedError } from './platform/db.js';
import { createDealersRepository } from './platform/dealers.repository.js';
import { migrateToLatest } from './platform/migrate.js';
import { openDatabase } from './platform/open-database.js';
import { caughtUpReads } from './platform/read-routing.js';
import { DEMO_PASSWORD, type DemoLogin, isSeeded, seedDemo } from './seed/demo.js';
import { seedDemoActivities } from './seed/demo-activities.js';
import { seedDemoClub } from './seed/demo-club.js';
import { seedDemoComplaints } from './seed/demo-complaints.js';
import { seedDemoCosts } from './seed/demo-costs.js';
import { seedDemoHistory } from './seed/demo-history.js';
import { seedDemoLoaners } from './seed/demo-loaners.js';
import { seedDemoPickup } from './seed/demo-pickup.js';
import { seedDemoRescue } from './seed/demo-rescue.js';

const USAGE = `usage: servicebay <command>

  serve [--no-jobs]              serve the web app and the API (default); with --no-jobs, leave jobs to workers
  worker                         run the background jobs (reminders, messages) without serving HTTP
  migrate                        run database migrations
  seed [--vehicles N]            seed the demo network; with --vehicles, a network of N vehicles for scale tests
  user add --login L --name N --roles r1,r2 [--dealer CODE] [--password P]
                                 add a staff user (password also from SERVICEBAY_PASSWORD)
  import FILE --as LOGIN         import customers and vehicles from .csv or .xlsx, acting as that user
                                 (their dealer gets the relationships; bad rows are reported, good ones imported)
  export FILE --as LOGIN         export the customers and vehicles that user can see to .csv or .xlsx
  export --dealer CODE --out FILE.zip
                                 the dealer's own data as an archive (docs/EXPORT.md); --network CODE: all dealers
  import FILE.zip                import a dealer or network archive into an installation without that dealer
  backup --out FILE              write a consistent archive of the database (PGlite: stop the server first;
                                 PostgreSQL: pg_dump's custom format)
  restore --from FILE [--force]  replace the database with a backup (the server stopped; --force when it holds data)

Settings come from the environment; see README.md.`;

async function main(argv: string[]) {
  const [command = 'serve', ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config, { work: !rest.includes('--no-jobs') });
    case 'worker':
      return worker(config);
    case 'migrate':
      return withDatabase(config, async (h) => {
        const ran = await migrateToLatest(h.db);
        console.log(ran.length ? `applied: ${ran.join(', ')}` : 'database is up to date');
      });
    case 'seed':
      return seedCommand(config, rest);
    case 'user':
      return userCommand(config, rest);
    case 'import':
    case 'export': {
      const { isArchiveCommand, runArchiveCommand } = await import('./modules/transfer/archive.cli.js');
      // An export reads on the replica once it has caught up with the primary (DATABASE_READ_URL).
      const replica = command === 'export';
      if (isArchiveCommand(command, rest)) {
        return withDatabase(
          config,
          async (h) => runArchiveCommand(h.db, command, rest, { filesDir: config.filesDir, readDb: await caughtUpReads(h) }),
          { replica },
        );
      }
      const { runTransferCommand } = await import('./modules/transfer/transfer.cli.js');
      return withDatabase(config, async (h) => runTransferCommand(h.db, command, rest, systemClock, await caughtUpReads(h)), { replica });
    }
    case 'backup':
    case 'restore': {
      const { runBackupCommand } = await import('./platform/backup.js');
      return runBackupCommand(config, command, rest);
    }
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

async function withDatabase(config: Config, run: (handle: DatabaseHandle) => Promise<void>, options: { replica?: boolean } = {}) {
  const handle = await openDatabase(config, { replica: options.replica ?? false, log: (line) => console.error(line) });
  try {
    await run(handle);
  } finally {
    await handle.close();
  }
}

async function serve(config: Config, options: { work: boolean }) {
  const started = performance.now();
  const handle = await openDatabase(config, { replica: true });
  let firstStart: DemoLogin[] | null = null;
  let historyJobs: Awaited<ReturnType<typeof seedDemoHistory>> = [];
  if (config.seedDemo && !(await isSeeded(handle.db))) {
    console.log('First start: seeding the demo network and a year of its service history…');
    firstStart = await seedDemo(handle.db, systemClock.now());
    historyJobs = await seedDemoHistory(handle.db, { now: systemClock.now(), publicUrl: config.publicUrl, filesDir: config.filesDir });
  }
  const app = await buildApp({ handle, clock: systemClock, config, work: options.work });
  // The demo's care centre has its calls from the first minute (tonight's run would create them anyway).
  if (firstStart) {
    for (const job of historyJobs) await app.jobs.queue.send(handle.db, job.definition, job.data, job.options);
    const seededAt = systemClock.now();
    await app.services.followUp.runNightly();
    await seedDemoComplaints(handle.db, (at) => app.servicesFor(handle.db, at), seededAt);
    await seedDemoLoaners(handle.db, (at) => app.servicesFor(handle.db, at), seededAt);
    // Before the budgets: they are set against what the quarter spent, the activities' cost included.
    await seedDemoActivities(handle.db, (at) => app.servicesFor(handle.db, at), seededAt);
    await seedDemoCosts(handle.db, (at) => app.servicesFor(handle.db, at), seededAt);
    await seedDemoPickup(handle.db, (at) => app.servicesFor(handle.db, at), seededAt);
    await seedDemoRescue(handle.db, (at) => app.servicesFor(handle.db, at), seededAt);
    await seedDemoClub(handle.db, (at) => app.servicesFor(handle.db, at), seededAt);
    await app.services.networkKpis.refreshAll({ months: 13 }); // the cockpit's figures for the year of history
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await app.close();
    await handle.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
  if (firstStart) printLogins(firstStart);
  else if (config.seedDemo) console.log(`Demo logins: e.g. sa.bj / ${DEMO_PASSWORD} (all of them are listed in README.md)`);
  console.log(
    `\nServiceBay is ready at http://localhost:${config.port} (${where}, started in ${Math.round(performance.now() - started)} ms)`,
  );
  console.log(`API docs: http://localhost:${config.port}/api/docs`);
}

/** Jobs only: reminders and messages for API processes started with --no-jobs (PostgreSQL). */
async function worker(config: Config) {
  const handle = await openDatabase(config);
  const app = await buildApp({ handle, clock: systemClock, config, work: true });
  await app.ready();
  const shutdown = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  console.log('ServiceBay worker is running the background jobs');
}

function printLogins(logins: DemoLogin[]) {
  console.log(`\nDemo logins (password for all: ${DEMO_PASSWORD}):`);
  for (const l of logins) console.log(`  ${l.login.padEnd(18)} ${l.roles.join(', ').padEnd(24)} ${l.dealer ?? '主机厂 car maker'}`);
}

async function seedCommand(config: Config, args: string[]) {
  const { values } = parseArgs({ args, options: { vehicles: { type: 'string' }, dealers: { type: 'string' } } });
  if (values.vehicles) {
    const { seedScale } = await import('../../../bench/seed-scale.js');
    return withDatabase(config, (h) =>
      seedScale(h.db, { vehicles: Number(values.vehicles), dealers: values.dealers ? Number(values.dealers) : undefined }),
    );
  }
  return withDatabase(config, async (h) => {
    if (await isSeeded(h.db)) {
      console.log('The database already holds a network; the demo seed only runs on an empty database.');
      return;
    }
    printLogins(await seedDemo(h.db, systemClock.now()));
  });
}

async function userCommand(config: Config, args: string[]) {
  const [sub, ...rest] = args;
  if (sub !== 'add') throw new ConfigError('usage: servicebay user add --login L --name N --roles r1,r2 [--dealer CODE] [--password P]');
  const { values } = parseArgs({
    args: rest,
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string' },
      dealer: { type: 'string' },
      password: { type: 'string' },
      network: { type: 'string' },
    },
  });
  const password = values.password ?? process.env.SERVICEBAY_PASSWORD;
  if (!values.login || !values.name || !values.roles || !password) {
    throw new ConfigError('user add needs --login, --name, --roles and --password (or SERVICEBAY_PASSWORD)');
  }
  const roles = values.roles.split(',').map((r) => r.trim());
  const unknown = roles.find((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown) throw new ConfigError(`unknown role ${unknown}; roles are: ${ROLES.join(', ')}`);
  await withDatabase(config, async ({ db }) => {
    const network = await createDealersRepository(db).network(values.network);
    if (!network) throw new ConfigError('no network in the database; run `servicebay seed` first');
    let dealerId: string | null = null;
    if (values.dealer) {
      const dealer = await createAdminRepository(db).findDealerByCode(network.id, values.dealer);
      if (!dealer) throw new ConfigError(`no dealer with code ${values.dealer}`);
      dealerId = dealer.id;
    }
    const id = await addUser(
      db,
      { networkId: network.id, dealerId, login: values.login!, displayName: values.name!, password, roles: roles as Role[] },
      systemClock.now(),
    );
    console.log(`added user ${values.login} (${id})`);
  });
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error?.name === 'BackupError') {
    console.error(error.message);
  } else if (error?.code && error?.status) {
    console.error(`${error.code}: ${error.message}${error.details?.errors ? ` ${JSON.stringify(error.details.errors)}` : ''}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
