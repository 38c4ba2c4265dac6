// The reception writes kept on the device while the server cannot be reached. One reception is a
// list of steps sent in order: the check-in opens the visit, and the walk-around and the customer's
// words are written on the visit it returned. Each step has its Idempotency-Key from the moment it
// is queued, so a write that reached the server before the connection dropped is not applied twice.
// A step the server refuses (the appointment was cancelled meanwhile, the car was checked in at
// another desk) is kept as a conflict for the advisor to resolve; the steps after it wait.
import type { InspectionInput } from '@servicebay/contracts';
import { ApiError, NetworkError } from '../api/client';

export type StepPayload =
  | { kind: 'check_in'; appointmentId: string }
  /** `photos` may still hold data URLs of photos taken offline; they are uploaded before the walk-around. */
  | { kind: 'inspection'; input: InspectionInput }
  | { kind: 'customer_words'; concerns: string; promisedAt: string };

export type StepProblem = { status: number; code: string; detail: string | null; openVisitId: string | null };

export type Step = StepPayload & {
  id: string;
  idempotencyKey: string;
  queuedAt: string;
  state: 'waiting' | 'done' | 'conflict';
  problem: StepProblem | null;
  /** The record the server made (the visit, the repair order). */
  resultId: string | null;
};

export type Reception = {
  id: string;
  /** Whose writes these are: only that user's session sends them. */
  userId: string;
  createdAt: string;
  plate: string;
  customerName: string;
  appointmentId: string | null;
  /** Known once the check-in has been sent (or when the reception started online). */
  visitId: string | null;
  /** What the customer said when booking: the start of their words at reception. */
  customerWords: string | null;
  steps: Step[];
};

export type Sender = {
  openVisit(body: { appointmentId: string; arrivedAt?: string }, idempotencyKey: string): Promise<{ id: string }>;
  uploadPhoto(dataUrl: string): Promise<string>;
  recordInspection(visitId: string, input: InspectionInput, idempotencyKey: string): Promise<unknown>;
  createRepairOrder(visitId: string, body: { concerns: string; promisedAt: string }, idempotencyKey: string): Promise<{ id: string }>;
};

/** Stopped: nothing more can be sent now (unreachable, session ended, server trouble); try again later. */
export type SyncOutcome = { sent: number; conflicts: number; stopped: 'unreachable' | 'unauthorized' | 'server' | null };

/** The network or the server is down (a proxy answering for it counts): keep the write and retry. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ApiError && [502, 503, 504].includes(error.status));
}

export const waitingSteps = (r: Reception) => r.steps.filter((s) => s.state !== 'done');
export const conflictSteps = (r: Reception) => r.steps.filter((s) => s.state === 'conflict');
export const isLocalPhoto = (photo: string) => photo.startsWith('data:');

/** A clock this far behind the server's is still "not in the future" there; closer arrivals are left to the server's now. */
const ARRIVAL_SKEW_MS = 5 * 60_000;

function problemOf(error: ApiError): StepProblem {
  const openVisitId = typeof error.body.openVisitId === 'string' ? error.body.openVisitId : null;
  return { status: error.status, code: error.code, detail: error.detail ?? error.errors[0]?.message ?? null, openVisitId };
}

async function sendStep(reception: Reception, step: Step, sender: Sender, now: Date, save: () => Promise<void>): Promise<string | null> {
  switch (step.kind) {
    case 'check_in': {
      const queuedAt = new Date(step.queuedAt);
      const body =
        now.getTime() - queuedAt.getTime() > ARRIVAL_SKEW_MS
          ? { appointmentId: step.appointmentId, arrivedAt: step.queuedAt }
          : { appointmentId: step.appointmentId };
      const visit = await sender.openVisit(body, step.idempotencyKey);
      reception.visitId = visit.id;
      return visit.id;
    }
    case 'inspection': {
      const photos = [...(step.input.photos ?? [])];
      for (let i = 0; i < photos.length; i++) {
        if (!isLocalPhoto(photos[i]!)) continue;
        // Stored by content: sending the same photo again gives the same key.
        photos[i] = await sender.uploadPhoto(photos[i]!);
        step.input = { ...step.input, photos: [...photos] };
        await save();
      }
      await sender.recordInspection(reception.visitId!, step.input, step.idempotencyKey);
      return reception.visitId;
    }
    case 'customer_words': {
      const order = await sender.createRepairOrder(
        reception.visitId!,
        { concerns: step.concerns, promisedAt: step.promisedAt },
        step.idempotencyKey,
      );
      return order.id;
    }
  }
}

/**
 * Sends the waiting steps, oldest reception first, each reception's steps in order. `save` is called
 * after every change so that a closed tab loses nothing. The receptions are changed in place.
 */
export async function sync(
  receptions: Reception[],
  sender: Sender,
  save: (reception: Reception) => Promise<void>,
  now: () => Date,
): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { sent: 0, conflicts: 0, stopped: null };
  const ordered = [...receptions].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const reception of ordered) {
    for (const step of reception.steps) {
      if (step.state === 'done') continue;
      if (step.state === 'conflict') {
        outcome.conflicts++;
        break;
      }
      // The walk-around and the customer's words are written on the visit: without it they wait.
      if (step.kind !== 'check_in' && !reception.visitId) break;
      try {
        step.resultId = await sendStep(reception, step, sender, now(), () => save(reception));
        step.state = 'done';
        step.problem = null;
        outcome.sent++;
        await save(reception);
      } catch (error) {
        if (isUnreachable(error)) return { ...outcome, stopped: 'unreachable' };
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 401) return { ...outcome, stopped: 'unauthorized' };
        if (error.status >= 500 || error.status === 429) return { ...outcome, stopped: 'server' };
        step.state = 'conflict';
        step.problem = problemOf(error);
        outcome.conflicts++;
        await save(reception);
        break;
      }
    }
  }
  return outcome;
}

/** Sends a step in conflict again, as it is (the advisor has settled the cause, e.g. on the board). */
export function retryStep(reception: Reception, stepId: string): Reception {
  return {
    ...reception,
    steps: reception.steps.map((s) => (s.id === stepId && s.state === 'conflict' ? { ...s, state: 'waiting', problem: null } : s)),
  };
}

/**
 * The car is already on the drive (checked in at another desk): go on with that visit instead of
 * opening a second one. The walk-around and the customer's words are then written on it.
 */
export function continueWithOpenVisit(reception: Reception, stepId: string): Reception {
  const step = reception.steps.find((s) => s.id === stepId);
  const visitId = step?.problem?.openVisitId;
  if (!step || step.kind !== 'check_in' || !visitId) return reception;
  return {
    ...reception,
    visitId,
    steps: reception.steps.map((s) => (s.id === stepId ? { ...s, state: 'done', problem: null, resultId: visitId } : s)),
  };
}

/**
 * Drops a step the advisor chose to discard. Discarding the check-in drops the whole reception:
 * the other steps have no visit to be written on. Returns null when nothing is left to keep.
 */
export function discardStep(reception: Reception, stepId: string): Reception | null {
  const step = reception.steps.find((s) => s.id === stepId);
  if (!step) return reception;
  if (step.kind === 'check_in' && step.state !== 'done') return null;
  const steps = reception.steps.filter((s) => s.id !== stepId);
  return steps.some((s) => s.state !== 'done') ? { ...reception, steps } : null;
}
