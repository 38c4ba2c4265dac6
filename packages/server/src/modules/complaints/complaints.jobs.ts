import { SLA_STEPS, type SlaStep } from '@servicebay/contracts';
import { z } from 'zod';
import type { Database } from '../../platform/db.js';
import { defineJob, type Jobs } from '../../platform/jobs.js';
import { TOP_LEVEL } from './complaints.rules.js';

// The dealer routes the timer to the case's shard; timers queued before migration 0043 have none.
const slaDue = z.object({ dealerId: z.uuid().optional(), complaintId: z.uuid(), step: z.enum(SLA_STEPS), dueAt: z.iso.datetime() });
export type SlaDue = z.infer<typeof slaDue>;

/**
 * The SLA timer of a complaint as a pg-boss job at the running step's deadline. A job is keyed by
 * dealer, case, step and deadline, so queueing it again is a no-op; when it runs it escalates only if that
 * step is still running with that deadline. A timer that came due while the server was down runs
 * once when it is back.
 */
export function createComplaintJobs(deps: { jobs: Jobs; escalateDue: () => (data: SlaDue) => Promise<void> }) {
  const slaCheck = defineJob({ id: 'complaint.sla_due', schema: slaDue, retryLimit: 5, run: (data) => deps.escalateDue()(data) });

  /** Queues the check of the case's running step, in the transaction that set its deadline. */
  async function schedule(tx: Database, c: { dealerId: string; id: string; dueStep: SlaStep | null; dueAt: Date | null; level: number }) {
    if (!c.dueStep || !c.dueAt || c.level >= TOP_LEVEL) return;
    const data = { dealerId: c.dealerId, complaintId: c.id, step: c.dueStep, dueAt: c.dueAt.toISOString() };
    // Keyed by dealer too: a case moved to another dealer gets its own timer there (the old one finds nothing).
    await deps.jobs.send(tx, slaCheck, data, {
      startAfter: c.dueAt,
      dedupeKey: `${data.dealerId}:${data.complaintId}:${data.step}:${data.dueAt}`,
    });
  }

  return { slaCheck, definitions: [slaCheck], schedule };
}

export type ComplaintJobs = ReturnType<typeof createComplaintJobs>;
