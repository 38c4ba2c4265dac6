// The live queue of this device: loaded from IndexedDB, changed by the reception pages, sent when
// the server answers again (on the browser's `online` event, and with a growing wait after a failed
// attempt). Components read it with `useReceptions`.
import type { InspectionInput } from '@servicebay/contracts';
import { useSyncExternalStore } from 'react';
import { fetchLiveSession } from '../api/auth';
import { newIdempotencyKey } from '../api/client';
import { roApi } from '../api/repairOrders';
import { idbAll, idbDelete, idbPut } from './idb';
import { type Reception, type Sender, type Step, type StepPayload, type SyncOutcome, sync } from './queue';

let receptions: Reception[] = [];
let loaded: Promise<void> | null = null;
let currentUser: string | null = null;
let syncing: Promise<SyncOutcome | null> | null = null;
let syncAgain = false;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let failures = 0;
const listeners = new Set<() => void>();
const syncedListeners = new Set<(outcome: SyncOutcome) => void>();

function emit() {
  receptions = [...receptions];
  for (const listener of listeners) listener();
}

function load(): Promise<void> {
  loaded ??= idbAll<Reception>('receptions')
    .then((stored) => {
      // A reception sent in full on an earlier day has nothing left to show.
      const dayStart = new Date(new Date().setHours(0, 0, 0, 0)).toISOString();
      const old = stored.filter((r) => r.createdAt < dayStart && r.steps.every((s) => s.state === 'done'));
      for (const r of old) void idbDelete('receptions', r.id).catch(() => undefined);
      receptions = stored.filter((r) => !old.includes(r)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      emit();
    })
    .catch(() => undefined);
  return loaded;
}

async function save(reception: Reception) {
  receptions = receptions.map((r) => (r.id === reception.id ? { ...reception, steps: reception.steps.map((s) => ({ ...s })) } : r));
  emit();
  await idbPut('receptions', reception.id, reception);
}

function dataUrlParts(dataUrl: string) {
  const match = /^data:(image\/(?:jpeg|png|webp));base64,(.+)$/.exec(dataUrl);
  if (!match) throw new Error('not a photo data URL');
  return { contentType: match[1] as 'image/jpeg' | 'image/png' | 'image/webp', dataBase64: match[2]! };
}

/** Saves what a sync run changed, keeping the steps the advisor added while it ran. */
async function saveFromSync(reception: Reception) {
  const current = receptions.find((r) => r.id === reception.id);
  const known = new Set(reception.steps.map((s) => s.id));
  const added = current ? current.steps.filter((s) => !known.has(s.id)) : [];
  if (added.length > 0) reception.steps.push(...added.map((s) => ({ ...s })));
  await save(reception);
}

const sender: Sender = {
  openVisit: (body, key) => roApi.openVisit(body, key),
  uploadPhoto: async (dataUrl) => (await roApi.uploadFile(dataUrlParts(dataUrl))).key,
  recordInspection: (visitId, input, key) => roApi.recordInspection(visitId, input, key),
  createRepairOrder: (visitId, body, key) => roApi.create({ visitId, ...body, lines: [], packageIds: [] }, key),
};

/** Upload a photo taken offline (a data URL) now; a stored key is returned as it is. */
export function uploadPhoto(photo: string): Promise<string> {
  return photo.startsWith('data:') ? sender.uploadPhoto(photo) : Promise.resolve(photo);
}

/** The logged-in user: only their receptions are sent (a shared tablet keeps the others for them). */
export function setQueueUser(userId: string | null) {
  currentUser = userId;
  if (userId) void load().then(() => syncNow());
}

function scheduleRetry() {
  if (retryTimer) clearTimeout(retryTimer);
  const wait = Math.min(60_000, 2_000 * 2 ** Math.min(failures, 5));
  failures++;
  retryTimer = setTimeout(() => void syncNow(), wait);
}

/** Sends what is waiting; one run at a time. */
export function syncNow(): Promise<SyncOutcome | null> {
  if (syncing) {
    syncAgain = true;
    return syncing;
  }
  syncing = (async () => {
    await load();
    const mine = receptions
      .filter((r) => r.userId === currentUser && r.steps.some((s) => s.state === 'waiting'))
      .map((r) => ({ ...r, steps: r.steps.map((s) => ({ ...s })) }));
    if (!currentUser || mine.length === 0) return null;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    let outcome: SyncOutcome;
    try {
      // Asks for the session first: it proves the server answers and renews the CSRF token the writes need.
      const session = await fetchLiveSession();
      outcome = session ? await sync(mine, sender, saveFromSync, () => new Date()) : { sent: 0, conflicts: 0, stopped: 'unauthorized' };
    } catch {
      outcome = { sent: 0, conflicts: 0, stopped: 'unreachable' };
    }
    if (outcome.stopped === 'unreachable' || outcome.stopped === 'server') scheduleRetry();
    else failures = 0;
    for (const listener of syncedListeners) listener(outcome);
    return outcome;
  })().finally(() => {
    syncing = null;
    if (syncAgain) {
      syncAgain = false;
      void syncNow();
    }
  });
  return syncing;
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    failures = 0;
    void syncNow();
  });
}

function newStep(payload: StepPayload, now: Date): Step {
  return {
    ...payload,
    id: newIdempotencyKey(),
    idempotencyKey: newIdempotencyKey(),
    queuedAt: now.toISOString(),
    state: 'waiting',
    problem: null,
    resultId: null,
  };
}

/** Starts a reception on this device with its first step (the check-in, or a write on a known visit). */
export async function queueReception(
  start: Pick<Reception, 'userId' | 'plate' | 'customerName' | 'appointmentId' | 'visitId' | 'customerWords'>,
  first: StepPayload,
  idempotencyKey?: string,
): Promise<Reception> {
  await load();
  const now = new Date();
  const step = newStep(first, now);
  // The key of an attempt that may have reached the server stays the key of the queued write.
  if (idempotencyKey) step.idempotencyKey = idempotencyKey;
  const reception: Reception = { ...start, id: newIdempotencyKey(), createdAt: now.toISOString(), steps: [step] };
  receptions = [...receptions, reception];
  await save(reception);
  void syncNow();
  return reception;
}

/** Adds a step to a reception kept on this device. */
export async function queueStep(receptionId: string, payload: StepPayload, idempotencyKey?: string): Promise<void> {
  await load();
  const reception = receptions.find((r) => r.id === receptionId);
  if (!reception) throw new Error('unknown reception');
  const step = newStep(payload, new Date());
  if (idempotencyKey) step.idempotencyKey = idempotencyKey;
  await save({ ...reception, steps: [...reception.steps, step] });
  void syncNow();
}

/** The reception kept for this visit, if any (a walk-around queued on a visit that was opened online). */
export function receptionOfVisit(visitId: string): Reception | undefined {
  return receptions.find((r) => r.visitId === visitId || r.steps.some((s) => s.kind === 'check_in' && s.resultId === visitId));
}

/** Replaces a reception after the advisor resolved a conflict (null: discarded). */
export async function replaceReception(id: string, next: Reception | null) {
  if (next) {
    await save(next);
    void syncNow();
  } else {
    receptions = receptions.filter((r) => r.id !== id);
    emit();
    await idbDelete('receptions', id);
  }
}

/** Forgets the receptions whose every step has been sent. */
export async function clearSent() {
  const sent = receptions.filter((r) => r.steps.every((s) => s.state === 'done'));
  receptions = receptions.filter((r) => !sent.includes(r));
  emit();
  await Promise.all(sent.map((r) => idbDelete('receptions', r.id)));
}

export function onSynced(listener: (outcome: SyncOutcome) => void) {
  syncedListeners.add(listener);
  return () => {
    syncedListeners.delete(listener);
  };
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  void load();
  return () => {
    listeners.delete(listener);
  };
}

export function useReceptions(): Reception[] {
  return useSyncExternalStore(
    subscribe,
    () => receptions,
    () => receptions,
  );
}

export type { InspectionInput, Reception, Step };
