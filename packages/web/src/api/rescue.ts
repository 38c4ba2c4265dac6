// Roadside rescue: the desk's calls and their steps, the rescue units, the target and the response KPI.
import type {
  RescueArrivedInput,
  RescueCall,
  RescueCallInput,
  RescueCallList,
  RescueCancelInput,
  RescueCompleteInput,
  RescueDispatchInput,
  RescueKpi,
  RescueSettings,
  RescueUnit,
  RescueUnitInput,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

export type { RescueCall, RescueKpi, RescueSettings, RescueUnit };

export type RescueKpiRange = {
  from: string;
  to: string;
  dealerId?: string | undefined;
  region?: string | undefined;
  city?: string | undefined;
  grade?: string | undefined;
};

export const rescueKeys = {
  all: ['rescue'] as const,
  calls: (state: 'open' | 'closed') => ['rescue', 'calls', state] as const,
  units: ['rescue', 'units'] as const,
  settings: ['rescue', 'settings'] as const,
  kpi: (r: RescueKpiRange) => ['rescue', 'kpi', r.from, r.to, r.dealerId ?? '', r.region ?? '', r.city ?? '', r.grade ?? ''] as const,
};

export const rescueApi = {
  calls: (state: 'open' | 'closed') => api.get<RescueCallList>('/rescue-calls', { state, limit: state === 'closed' ? 100 : 200 }),
  record: (input: RescueCallInput) => api.post<RescueCall>('/rescue-calls', input),
  dispatch: (id: string, input: RescueDispatchInput) => api.post<RescueCall>(`/rescue-calls/${id}/dispatch`, input),
  arrived: (id: string, input: RescueArrivedInput) => api.post<RescueCall>(`/rescue-calls/${id}/arrived`, input),
  complete: (id: string, input: RescueCompleteInput) => api.post<RescueCall>(`/rescue-calls/${id}/complete`, input),
  openVisit: (id: string, plate?: string) => api.post<RescueCall>(`/rescue-calls/${id}/visit`, plate ? { plate } : {}),
  cancel: (id: string, input: RescueCancelInput) => api.post<RescueCall>(`/rescue-calls/${id}/cancel`, input),
  units: () => api.get<{ items: RescueUnit[] }>('/rescue-units'),
  addUnit: (input: RescueUnitInput) => api.post<RescueUnit>('/rescue-units', input),
  updateUnit: (id: string, input: RescueUnitInput) => api.put<RescueUnit>(`/rescue-units/${id}`, input),
  settings: () => api.get<RescueSettings>('/rescue-settings'),
  saveSettings: (input: RescueSettings) => api.put<RescueSettings>('/rescue-settings', input),
  kpi: (r: RescueKpiRange) =>
    api.get<RescueKpi>('/rescue-kpis', { from: r.from, to: r.to, dealerId: r.dealerId, region: r.region, city: r.city, grade: r.grade }),
};

export function useRescueCalls(state: 'open' | 'closed') {
  // The board keeps itself current: another desk may dispatch or close a call.
  return useQuery({
    queryKey: rescueKeys.calls(state),
    queryFn: () => rescueApi.calls(state),
    refetchInterval: state === 'open' ? 30_000 : false,
  });
}

export function useRescueUnits() {
  return useQuery({ queryKey: rescueKeys.units, queryFn: rescueApi.units });
}

export function useRescueSettings(enabled = true) {
  return useQuery({ queryKey: rescueKeys.settings, queryFn: rescueApi.settings, enabled });
}

export function useRescueKpi(range: RescueKpiRange, enabled = true) {
  return useQuery({ queryKey: rescueKeys.kpi(range), queryFn: () => rescueApi.kpi(range), placeholderData: keepPreviousData, enabled });
}
