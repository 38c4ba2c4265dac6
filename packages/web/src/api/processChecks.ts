import type {
  Drill,
  DrillInput,
  ProcessChecklist,
  ProcessFigures,
  ProcessSample,
  ProcessTargets,
  SpotCheck,
  SpotCheckSubmit,
} from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export type { Drill, ProcessChecklist, ProcessFigures, ProcessSample, ProcessTargets, SpotCheck };

export type ProcessPeriod = { from?: string; to?: string; dealerId?: string };

export const processCheckKeys = {
  all: ['process-checks'] as const,
  figures: (p: ProcessPeriod) => ['process-checks', 'figures', p.from ?? '', p.to ?? '', p.dealerId ?? ''] as const,
  sample: (p: ProcessPeriod) => ['process-checks', 'sample', p.from ?? '', p.to ?? ''] as const,
  drills: (p: ProcessPeriod) => ['process-checks', 'drills', p.from ?? '', p.to ?? '', p.dealerId ?? ''] as const,
  spotCheck: (id: string) => ['process-checks', 'spot-check', id] as const,
};

export const processChecksApi = {
  figures: (p: ProcessPeriod) => api.get<ProcessFigures>('/process-checks/figures', p),
  sample: (p: ProcessPeriod) => api.get<ProcessSample>('/process-checks/sample', { from: p.from, to: p.to }),
  drills: (p: ProcessPeriod) => api.get<{ items: Drill[] }>('/drills', p),
  start: (visitId: string) => api.post<SpotCheck>('/spot-checks', { visitId }),
  spotCheck: (id: string) => api.get<SpotCheck>(`/spot-checks/${id}`),
  submit: (id: string, input: SpotCheckSubmit) => api.post<SpotCheck>(`/spot-checks/${id}/submit`, input),
  checklist: () => api.get<ProcessChecklist>('/process-checks/checklist'),
  saveChecklist: (input: ProcessChecklist) => api.put<ProcessChecklist>('/process-checks/checklist', input),
  targets: () => api.get<ProcessTargets>('/process-checks/targets'),
  saveTargets: (input: ProcessTargets) => api.put<ProcessTargets>('/process-checks/targets', input),
  recordDrill: (input: DrillInput) => api.post<Drill>('/drills', input),
};

export function useProcessFigures(p: ProcessPeriod) {
  return useQuery({ queryKey: processCheckKeys.figures(p), queryFn: () => processChecksApi.figures(p) });
}

export function useProcessSample(p: ProcessPeriod, enabled: boolean) {
  return useQuery({ queryKey: processCheckKeys.sample(p), queryFn: () => processChecksApi.sample(p), enabled });
}

export function useDrills(p: ProcessPeriod) {
  return useQuery({ queryKey: processCheckKeys.drills(p), queryFn: () => processChecksApi.drills(p) });
}

export function useSpotCheck(id: string) {
  return useQuery({ queryKey: processCheckKeys.spotCheck(id), queryFn: () => processChecksApi.spotCheck(id) });
}
