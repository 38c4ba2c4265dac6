import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { addDays, localDate, zonedInstant } from '../../platform/dealer-time.js';
import { defineJob, type Jobs } from '../../platform/jobs.js';
import type { NetworkKpisService } from './network-kpis.service.js';

/** When the cockpit's rollup is recomputed each night (network time), after the follow-up run. */
export const KPI_REFRESH_AT = '03:30';

/**
 * The nightly refresh of the cockpit's rollup as a chain of pg-boss jobs, one per night keyed by its
 * date (as the follow-up nightly run): queueing it again is a no-op, a night missed while the server
 * was down runs when it is back, and the refresh itself (delete and insert of whole months) may run twice.
 */
export function createNetworkKpisJobs(deps: {
  db: Database;
  clock: Clock;
  jobs: Jobs;
  networkKpis: () => NetworkKpisService;
  timeZone: string;
}) {
  const nightly = defineJob({
    id: 'network_kpis.nightly',
    schema: z.object({ runOn: z.iso.date() }),
    retryLimit: 3,
    run: async ({ runOn }) => {
      await deps.networkKpis().refreshAll();
      await scheduleNext(addDays(runOn, 1));
    },
  });

  async function scheduleNext(runOn?: string) {
    const now = deps.clock.now();
    const day = runOn ?? localDate(now, deps.timeZone);
    const at = zonedInstant(day, KPI_REFRESH_AT, deps.timeZone);
    return deps.jobs.send(deps.db, nightly, { runOn: day }, { ...(at > now ? { startAfter: at } : {}), dedupeKey: day });
  }

  return { nightly, definitions: [nightly], scheduleNext };
}

export type NetworkKpisJobs = ReturnType<typeof createNetworkKpisJobs>;
