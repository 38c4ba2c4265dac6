// `npm run bench -- <name> [options]`: runs one benchmark and prints its figures as a table.
// See bench/README.md for what each measures and the figures measured on the 2-core machines.
import { pathToFileURL } from 'node:url';

type Benchmark = { summary: string; run(args: string[]): Promise<void> };

const benchmarks: Record<string, Benchmark> = {
  lookup: {
    summary:
      'customer search by plate / mobile last 4 / VIN last 6 at 1M vehicles vs a bare Fastify + 1 SELECT route and a bare route sending the search SQL (64 connections)',
    run: async (args) => (await import('./lookup.js')).runLookup(args),
  },
  booking: {
    summary:
      'POST /api/v1/appointments (capacity check + insert + audit + outbox) at 64 connections vs pgbench TPC-B in the same run; checks zero overbooking',
    run: async (args) => (await import('./booking.js')).runBooking(args),
  },
  'follow-up': {
    summary:
      'the nightly maintenance due prediction + care-timer task generation over 1M vehicles vs one statement computing the same due dates',
    run: async (args) => (await import('./follow-up.js')).runFollowUp(args),
  },
  'customer-value': {
    summary:
      'the nightly customer value computation (RFM, segment, lifetime value, trend, tier, priority) over 1M customers vs one statement computing the same RFM figures',
    run: async (args) => (await import('./customer-value.js')).runCustomerValue(args),
  },
  csi: {
    summary:
      "the car maker's CSI dashboard (by dealer, by month, a factor drill-down) over 1M survey responses vs one bare aggregate over the same rows",
    run: async (args) => (await import('./csi.js')).runCsi(args),
  },
  complaints: {
    summary:
      "the car maker's complaint analysis over 1M complaints (seeded once into the largest SCALE-<n> network) vs one bare aggregate over the same rows",
    run: async (args) => (await import('./complaints.js')).runComplaints(args),
  },
  warranty: {
    summary:
      "the car maker's warranty reviewer's queue and claims analysis over 2M claims (seeded once into the largest SCALE-<n> network) vs one bare statement over the same rows",
    run: async (args) => (await import('./warranty.js')).runWarranty(args),
  },
  cockpit: {
    summary:
      "the car maker's network cockpit over 10M repair orders (12 and 24 months) and one dealer's dashboard for a year, each vs a bare aggregate over the same rows",
    run: async (args) => (await import('./cockpit.js')).runCockpit(args),
  },
  web: {
    summary:
      "the web app's first load in Chromium at 10 Mbit/s and 40 ms: the login page and the service advisor's home, compressed JS + CSS bytes, FCP, LCP, load; vs the same pages uncompressed",
    run: async (args) => (await import('./web.js')).runWeb(args),
  },
  'seed-ros': {
    summary: 'seed a network with its service history into BENCH_ROS_DATABASE_URL: --ros N (10M) --dealers D (300) [--days 730]',
    run: async (args) => (await import('./cockpit.js')).runSeedRos(args),
  },
  seed: {
    summary: 'seed a SCALE-<n> network into BENCH_DATABASE_URL: --vehicles N [--dealers D] (what lookup does when the database is short)',
    run: async (args) => (await import('./seed-command.js')).runSeed(args),
  },
};

export async function main(argv: string[]) {
  const [name, ...args] = argv;
  const benchmark = name ? benchmarks[name] : undefined;
  if (!benchmark) {
    console.error('usage: npm run bench -- <benchmark> [options]\n');
    for (const [key, b] of Object.entries(benchmarks)) console.error(`  ${key.padEnd(8)} ${b.summary}`);
    process.exitCode = 2;
    return;
  }
  await benchmark.run(args);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
