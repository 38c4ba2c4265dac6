// What the reception pages read from the device when the server cannot be reached: the session (so
// the app opens), the advisor's appointments of the day and the dealer's walk-around checklist, each
// kept with the time it was read.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Appointment, appointmentKeys, appointmentsApi } from '../api/appointments';
import { roApi, roKeys } from '../api/repairOrders';
import { idbGet, idbPut } from './idb';
import { isUnreachable } from './queue';

type Kept<T> = { savedAt: string; value: T };

/** Data read from the server, or from the device with the time it was read (`savedAt`). */
export type MaybeCached<T> = { value: T; savedAt: string | null };

async function keep<T>(key: string, value: T) {
  await idbPut('cache', key, { savedAt: new Date().toISOString(), value } satisfies Kept<T>).catch(() => undefined);
}

/** Reads from the server and keeps the answer; when the server cannot be reached, the kept answer. */
export async function readThrough<T>(key: string, read: () => Promise<T>): Promise<MaybeCached<T>> {
  try {
    const value = await read();
    void keep(key, value);
    return { value, savedAt: null };
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    const kept = await idbGet<Kept<T>>('cache', key).catch(() => undefined);
    if (!kept) throw error;
    return { value: kept.value, savedAt: kept.savedAt };
  }
}

/** The advisor's appointments of the day, from the device when offline. */
export function useTodayAppointments(saId: string, today: string) {
  const q = { from: today, to: today, saId };
  return useQuery({
    queryKey: [...appointmentKeys.list(q), 'offline'],
    queryFn: () => readThrough<Appointment[]>(`appointments:${saId}:${today}`, () => appointmentsApi.list(q).then((r) => r.items)),
    placeholderData: keepPreviousData,
  });
}

/** The dealer's walk-around checklist, from the device when offline. */
export function useWalkaroundTemplateKept(enabled = true) {
  return useQuery({
    queryKey: [...roKeys.walkaroundTemplate, 'offline'],
    queryFn: () => readThrough('walkaround-template', roApi.walkaroundTemplate).then((r) => r.value),
    staleTime: 5 * 60_000,
    enabled,
  });
}
