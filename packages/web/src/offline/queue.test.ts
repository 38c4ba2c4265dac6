import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../api/client';
import { continueWithOpenVisit, discardStep, type Reception, retryStep, type Sender, type Step, sync } from './queue';

const AT = '2026-03-02T01:00:00.000Z';
const now = () => new Date('2026-03-02T01:01:00.000Z');

function step(id: string, payload: Partial<Step> & Pick<Step, 'kind'>): Step {
  return { id, idempotencyKey: `key-${id}`, queuedAt: AT, state: 'waiting', problem: null, resultId: null, ...payload } as Step;
}

const inspectionInput = {
  checklist: [{ item: '灯光', ok: true, note: null }],
  damage: [],
  tyres: {},
  fuelLevel: 50,
  odometerKm: 12_000,
  valuables: null,
  coversApplied: true,
  photos: ['data:image/png;base64,iVBORw0KGgo=', 'dealer/already-stored.png'],
  signaturePng: 'data:image/png;base64,AAAA',
};

function reception(id: string, steps: Step[], createdAt = AT): Reception {
  return {
    id,
    userId: 'u1',
    createdAt,
    plate: '京A12345',
    customerName: '张三',
    appointmentId: 'a1',
    visitId: null,
    customerWords: null,
    steps,
  };
}

function fullReception() {
  return reception('r1', [
    step('s1', { kind: 'check_in', appointmentId: 'a1' }),
    step('s2', { kind: 'inspection', input: inspectionInput }),
    step('s3', { kind: 'customer_words', concerns: '刹车异响', promisedAt: '2026-03-02T09:00:00.000Z' }),
  ]);
}

/** A server that records what it was sent; `fail` decides a call's fate by its name. */
function fakeServer(fail: (call: string) => Error | null = () => null) {
  const calls: { call: string; key?: string; args: unknown[] }[] = [];
  const run = <T>(call: string, value: T, key?: string, ...args: unknown[]) => {
    calls.push({ call, key, args });
    const error = fail(call);
    return error ? Promise.reject(error) : Promise.resolve(value);
  };
  const sender: Sender = {
    openVisit: (body, key) => run('openVisit', { id: 'visit-1' }, key, body),
    uploadPhoto: (dataUrl) => run('uploadPhoto', 'dealer/uploaded.png', undefined, dataUrl),
    recordInspection: (visitId, input, key) => run('recordInspection', {}, key, visitId, input),
    createRepairOrder: (visitId, body, key) => run('createRepairOrder', { id: 'ro-1' }, key, visitId, body),
  };
  return { calls, sender };
}

const saved: Reception[] = [];
const save = async (r: Reception) => {
  saved.push(structuredClone(r));
};

describe('the reception queue', () => {
  it('sends the steps in order, each with its own key, on the visit the check-in returned', async () => {
    const r = fullReception();
    const { calls, sender } = fakeServer();
    const outcome = await sync([r], sender, save, now);
    expect(outcome).toEqual({ sent: 3, conflicts: 0, stopped: null });
    expect(calls.map((c) => c.call)).toEqual(['openVisit', 'uploadPhoto', 'recordInspection', 'createRepairOrder']);
    expect(calls.filter((c) => c.key).map((c) => c.key)).toEqual(['key-s1', 'key-s2', 'key-s3']);
    expect(calls[2]!.args[0]).toBe('visit-1');
    // The photo taken offline is uploaded and replaced by its key; a stored one is kept.
    expect((calls[2]!.args[1] as { photos: string[] }).photos).toEqual(['dealer/uploaded.png', 'dealer/already-stored.png']);
    expect(calls[3]!.args[0]).toBe('visit-1');
    expect(r.visitId).toBe('visit-1');
    expect(r.steps.map((s) => s.state)).toEqual(['done', 'done', 'done']);
  });

  it('keeps everything when the server cannot be reached, and sends it later with the same keys', async () => {
    const r = fullReception();
    const down = fakeServer(() => new NetworkError(new TypeError('Failed to fetch')));
    expect(await sync([r], down.sender, save, now)).toEqual({ sent: 0, conflicts: 0, stopped: 'unreachable' });
    expect(r.steps.map((s) => s.state)).toEqual(['waiting', 'waiting', 'waiting']);

    const up = fakeServer();
    await sync([r], up.sender, save, now);
    expect(up.calls[0]!.key).toBe(down.calls[0]!.key);
    expect(r.steps.every((s) => s.state === 'done')).toBe(true);
  });

  it('shows a check-in of an appointment cancelled meanwhile as a conflict, and the later steps wait', async () => {
    const r = fullReception();
    const other = reception('r2', [step('t1', { kind: 'check_in', appointmentId: 'a2' })], '2026-03-02T01:00:30.000Z');
    const cancelled = new ApiError({ status: 409, code: 'invalid_transition', detail: 'the appointment is cancelled' });
    const { calls, sender } = fakeServer((call) => (call === 'openVisit' && calls.length === 1 ? cancelled : null));
    const outcome = await sync([other, r], sender, save, now);
    expect(outcome).toEqual({ sent: 1, conflicts: 1, stopped: null });
    expect(r.steps.map((s) => s.state)).toEqual(['conflict', 'waiting', 'waiting']);
    expect(r.steps[0]!.problem).toMatchObject({ status: 409, code: 'invalid_transition', detail: 'the appointment is cancelled' });
    // Nothing of r1 beyond its check-in was sent; the next reception still went.
    expect(calls.map((c) => c.call)).toEqual(['openVisit', 'openVisit']);
    expect(other.steps[0]!.state).toBe('done');

    // Kept until the advisor decides: sending again leaves it as it is.
    await sync([r], sender, save, now);
    expect(r.steps[0]!.state).toBe('conflict');
    // Retry puts it back in line; discarding the check-in drops the whole reception.
    expect(retryStep(r, 's1').steps[0]!.state).toBe('waiting');
    expect(discardStep(r, 's1')).toBeNull();
  });

  it('keeps the car checked in at another desk as a conflict naming that visit', async () => {
    const r = fullReception();
    const elsewhere = new ApiError({ status: 409, code: 'open_visit_exists', detail: 'open visit', openVisitId: 'visit-9' });
    const { sender } = fakeServer((call) => (call === 'openVisit' ? elsewhere : null));
    await sync([r], sender, save, now);
    expect(r.steps[0]!.problem).toMatchObject({ code: 'open_visit_exists', openVisitId: 'visit-9' });

    // The advisor goes on with that visit: the walk-around and the words are written on it.
    const resolved = continueWithOpenVisit(r, 's1');
    const up = fakeServer();
    await sync([resolved], up.sender, save, now);
    expect(up.calls.map((c) => c.call)).toEqual(['uploadPhoto', 'recordInspection', 'createRepairOrder']);
    expect(up.calls[1]!.args[0]).toBe('visit-9');
    expect(resolved.steps.every((s) => s.state === 'done')).toBe(true);
  });

  it('keeps the later steps when a step after the check-in is discarded', () => {
    const r = fullReception();
    r.steps[0]!.state = 'done';
    r.visitId = 'visit-1';
    const kept = discardStep(r, 's2');
    expect(kept?.steps.map((s) => s.id)).toEqual(['s1', 's3']);
  });

  it('stops without marking anything when the session has ended', async () => {
    const r = fullReception();
    const { sender } = fakeServer(() => new ApiError({ status: 401, code: 'unauthenticated' }));
    expect((await sync([r], sender, save, now)).stopped).toBe('unauthorized');
    expect(r.steps.every((s) => s.state === 'waiting')).toBe(true);
  });
});
