// Pick-up and delivery (上门取送车) and designated driving (代驾): the desk's day plan and the driver's page.
import type {
  DriverJob,
  DriverStep,
  PickupAssigned,
  PickupAssignInput,
  PickupDay,
  PickupDriverLink,
  PickupHandOverInput,
  PickupJob,
  PickupJobInput,
  PickupSettings,
  PickupSettingsInput,
  PickupTakeInput,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, apiRequest } from './client';
import type { LinkPath } from './publicLink';

export type { DriverJob, PickupDay, PickupJob, PickupSettings };

export const pickupKeys = {
  all: ['pickup'] as const,
  day: (date: string, dealerId?: string) => ['pickup', 'day', date, dealerId ?? ''] as const,
  mine: ['pickup', 'mine'] as const,
  driverJob: (link: LinkPath) => ['pickup', 'driver', link] as const,
};

export const pickupApi = {
  day: (date: string, dealerId?: string) => api.get<PickupDay>('/pickup/jobs', { date, dealerId }),
  book: (input: PickupJobInput, idempotencyKey: string) => api.post<PickupJob>('/pickup/jobs', input, idempotencyKey),
  assign: (id: string, input: PickupAssignInput) => api.post<PickupAssigned>(`/pickup/jobs/${id}/assign`, input),
  driverLink: (id: string) => api.post<PickupDriverLink>(`/pickup/jobs/${id}/driver-link`, undefined),
  cancel: (id: string, input: { reason: string; version: number }) => api.post<PickupJob>(`/pickup/jobs/${id}/cancel`, input),
  mine: () => api.get<PickupJob[]>('/pickup/my-jobs'),
  saveSettings: (input: PickupSettingsInput) => api.put<PickupSettings>('/pickup/settings', input),
};

const driverPath = (link: LinkPath) => `/public/driver-jobs/${link}`;

/** The driver's page works by its link alone: no session, no CSRF token. */
export const driverApi = {
  get: (link: LinkPath) => apiRequest<DriverJob>(driverPath(link)),
  setOut: (link: LinkPath) => apiRequest<DriverStep>(`${driverPath(link)}/set-out`, { method: 'POST' }),
  take: (link: LinkPath, input: PickupTakeInput) => apiRequest<DriverStep>(`${driverPath(link)}/take`, { method: 'POST', body: input }),
  handOver: (link: LinkPath, input: PickupHandOverInput) =>
    apiRequest<DriverStep>(`${driverPath(link)}/hand-over`, { method: 'POST', body: input }),
  upload: (link: LinkPath, file: { contentType: string; dataBase64: string }) =>
    apiRequest<{ key: string }>(`${driverPath(link)}/files`, { method: 'POST', body: file }),
};

export function usePickupDay(date: string, dealerId?: string, enabled = true) {
  return useQuery({
    queryKey: pickupKeys.day(date, dealerId),
    queryFn: () => pickupApi.day(date, dealerId),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMyPickups() {
  return useQuery({ queryKey: pickupKeys.mine, queryFn: pickupApi.mine });
}

export function useDriverJob(link: LinkPath) {
  return useQuery({ queryKey: pickupKeys.driverJob(link), queryFn: () => driverApi.get(link), retry: false });
}
