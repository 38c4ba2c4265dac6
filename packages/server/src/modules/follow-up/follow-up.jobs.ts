import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { addDays, localDate, zonedInstant } from '../../platform/dealer-time.js';
import { defineJob, type Jobs } from '../../platform/jobs.js';
import type { FollowUpService } from './follow-up.service.js';

/**
 * The nightly run of the care timers as a chain of pg-boss jobs, one per night: each run queues the
 * next. A night's job is keyed by its date, so queueing it again (every start does) is a no-op, a run
 * missed while the server was down runs when it is back, and a run cut off halfway is retried — the
 * run itself is idempotent.
 */
export function createFollowUpJobs(deps: {
  db: Database;
  clock: Clock;
  jobs: Jobs;
  followUp: () => FollowUpService;
  nightlyAt: string;
  timeZone: string;
}) {
  const nightly = defineJob({
    id: 'follow_up.nightly',
    schema: z.object({ runOn: z.iso.date() }),
    retryLimit: 3,
    run: async ({ runOn }) => {
      await deps.followUp().runNightly({ today: runOn });
      await scheduleNext(addDays(runOn, 1));
    },
  });

  /** Queues the run of `runOn` (default: today's) at the nightly time, or at once when that time has passed. */
  async function scheduleNext(runOn?: string) {
    const now = deps.clock.now();
    const day = runOn ?? localDate(now, deps.timeZone);
    const at = zonedInstant(day, deps.nightlyAt, deps.timeZone);
    return deps.jobs.send(deps.db, nightly, { runOn: day }, { ...(at > now ? { startAfter: at } : {}), dedupeKey: day });
  }

  return { nightly, definitions: [nightly], scheduleNext };
}

export type FollowUpJobs = ReturnType<typeof createFollowUpJobs>;
