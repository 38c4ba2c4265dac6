import { z } from 'zod';
import type { Database } from '../../platform/db.js';
import { defineJob, type Jobs } from '../../platform/jobs.js';

const claimDue = z.object({ dealerId: z.uuid(), claimId: z.uuid(), dueAt: z.iso.datetime() });
export type ClaimDue = z.infer<typeof claimDue>;

/**
 * The claim's two timers as pg-boss jobs: the warning to the clerk before the submission window
 * closes, and the charge-back when the parts the car maker asked for have not arrived by their
 * day. Each is keyed by claim and deadline, so queueing it again is a no-op; when it runs it acts
 * only if the claim is still where it was (not submitted; parts not received).
 */
export function createWarrantyJobs(deps: {
  jobs: Jobs;
  windowClosing: () => (data: ClaimDue) => Promise<void>;
  partsOverdue: () => (data: ClaimDue) => Promise<void>;
}) {
  const windowWarning = defineJob({
    id: 'warranty.window_closing',
    schema: claimDue,
    retryLimit: 5,
    run: (data) => deps.windowClosing()(data),
  });
  const returnDue = defineJob({
    id: 'warranty.parts_return_due',
    schema: claimDue,
    retryLimit: 5,
    run: (data) => deps.partsOverdue()(data),
  });

  /** Queues the clerk's warning at `warnAt`, in the transaction that prepared the claim. */
  async function warnBefore(tx: Database, claim: { dealerId: string; claimId: string; submitBy: Date }, warnAt: Date) {
    const data = { dealerId: claim.dealerId, claimId: claim.claimId, dueAt: claim.submitBy.toISOString() };
    await deps.jobs.send(tx, windowWarning, data, { startAfter: warnAt, dedupeKey: `${data.claimId}:${data.dueAt}` });
  }

  /** Queues the charge-back check at the parts' due time, in the transaction that approved the claim. */
  async function chargeBackAt(tx: Database, claim: { dealerId: string; claimId: string; dueAt: Date }) {
    const data = { dealerId: claim.dealerId, claimId: claim.claimId, dueAt: claim.dueAt.toISOString() };
    await deps.jobs.send(tx, returnDue, data, { startAfter: claim.dueAt, dedupeKey: `${data.claimId}:${data.dueAt}` });
  }

  return { windowWarning, returnDue, definitions: [windowWarning, returnDue], warnBefore, chargeBackAt };
}

export type WarrantyJobs = ReturnType<typeof createWarrantyJobs>;
