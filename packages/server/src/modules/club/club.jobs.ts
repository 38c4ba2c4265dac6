import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { addDays, localDate, zonedInstant } from '../../platform/dealer-time.js';
import { defineJob, type Jobs } from '../../platform/jobs.js';
import type { ClubService } from './club.service.js';

/** When points past their expiry day are expired each night (network time). */
export const CLUB_EXPIRY_AT = '02:30';

/**
 * The nightly expiry of club points as a chain of pg-boss jobs, one per night keyed by its date (as the
 * cockpit's refresh): queueing it again is a no-op, a night missed while the server was down runs when
 * it is back, and the expiry itself (one entry per earning, keyed) may run twice.
 */
export function createClubJobs(deps: { db: Database; clock: Clock; jobs: Jobs; club: () => ClubService; timeZone: string }) {
  const nightly = defineJob({
    id: 'club.expire_nightly',
    schema: z.object({ runOn: z.iso.date() }),
    retryLimit: 3,
    expireInSeconds: 3600,
    run: async ({ runOn }) => {
      await deps.club().expireDue();
      await scheduleNext(addDays(runOn, 1));
    },
  });

  async function scheduleNext(runOn?: string) {
    const now = deps.clock.now();
    const day = runOn ?? localDate(now, deps.timeZone);
    const at = zonedInstant(day, CLUB_EXPIRY_AT, deps.timeZone);
    return deps.jobs.send(deps.db, nightly, { runOn: day }, { ...(at > now ? { startAfter: at } : {}), dedupeKey: day });
  }

  return { nightly, definitions: [nightly], scheduleNext };
}
