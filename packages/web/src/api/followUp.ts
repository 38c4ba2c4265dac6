// Follow-up and proactive care (domain.md §5, §10): the call workbench, the call screen, booking from
// a call, win-back, work plans, the care timers and the follow-up KPIs.
import type {
  CallAttempt,
  CallAttemptInput,
  CallAttemptRecorded,
  CallBooked,
  CallBookingInput,
  CallScreen,
  CareRule,
  CustomerSegment,
  FollowUpKpiList,
  FollowUpKpiRow,
  FollowUpQueue,
  FollowUpSettings,
  FollowUpTask,
  followUpQueueQuerySchema,
  followUpSettingsPatchSchema,
  MaintenancePrediction,
  NightlyRun,
  reassignSchema,
  WIN_BACK_RESULTS,
  WinBackCase,
  WinBackList,
  WorkPlan,
  WorkPlanInput,
  WorkPlanList,
  winBackUpdateSchema,
  workPlanActualSchema,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client';

export type {
  CallAttempt,
  CallAttemptInput,
  CallBookingInput,
  CallScreen,
  CareRule,
  FollowUpKpiRow,
  FollowUpSettings,
  FollowUpTask,
  MaintenancePrediction,
  NightlyRun,
  WinBackCase,
  WorkPlan,
  WorkPlanInput,
};

export type QueueView = z.output<typeof followUpQueueQuerySchema>['view'];
export type QueueScope = z.output<typeof followUpQueueQuerySchema>['scope'];
export type QueueQuery = { view: QueueView; scope: QueueScope; rule?: CareRule | undefined; segment?: CustomerSegment | undefined };
export type ScriptLocale = 'zh-CN' | 'en';
export type WinBackResult = (typeof WIN_BACK_RESULTS)[number];
export type WinBackPatch = z.input<typeof winBackUpdateSchema>;
export type FollowUpSettingsPatch = z.input<typeof followUpSettingsPatchSchema>;
export type ReassignInput = z.input<typeof reassignSchema>;
export type WorkPlanActualInput = z.input<typeof workPlanActualSchema>;
export type FollowUpKpiGroupBy = 'month' | 'agent' | 'dealer';
/** The car maker's narrowing of the network (a dealer's staff read their own dealer). */
export type FollowUpKpiFilter = { dealerId?: string | null; region?: string | null };

export const followUpKeys = {
  all: ['follow-up'] as const,
  queues: ['follow-up', 'queue'] as const,
  queue: (q: QueueQuery) => ['follow-up', 'queue', q.view, q.scope, q.rule ?? null, q.segment ?? null] as const,
  screen: (id: string, locale: ScriptLocale) => ['follow-up', 'task', id, locale] as const,
  task: (id: string) => ['follow-up', 'task', id] as const,
  settings: ['follow-up-settings'] as const,
  winBack: (result: WinBackResult | null) => ['win-back', result ?? 'all'] as const,
  winBackAll: ['win-back'] as const,
  plans: ['work-plans'] as const,
  kpis: (from: string, to: string, groupBy: FollowUpKpiGroupBy, filter: FollowUpKpiFilter = {}) =>
    ['kpis', 'follow-up', from, to, groupBy, filter.dealerId ?? null, filter.region ?? null] as const,
  // Under the vehicle's own key: a new mileage reading refreshes it with the rest of the vehicle.
  prediction: (vehicleId: string) => ['vehicles', 'detail', vehicleId, 'maintenance-prediction'] as const,
};

export const followUpApi = {
  queue: (q: QueueQuery, limit = 100) =>
    api.get<FollowUpQueue>('/follow-up/tasks', { view: q.view, scope: q.scope, rule: q.rule, segment: q.segment, limit }),
  screen: (id: string, locale: ScriptLocale) => api.get<CallScreen>(`/follow-up/tasks/${id}`, { locale }),
  recordAttempt: (id: string, input: CallAttemptInput, idempotencyKey: string) =>
    api.post<CallAttemptRecorded>(`/follow-up/tasks/${id}/attempts`, input, idempotencyKey),
  book: (id: string, input: CallBookingInput, idempotencyKey: string) =>
    api.post<CallBooked>(`/follow-up/tasks/${id}/appointment`, input, idempotencyKey),
  reassign: (id: string, body: ReassignInput) => api.post<FollowUpTask>(`/follow-up/tasks/${id}/reassign`, body),
  runNow: () => api.post<NightlyRun>('/follow-up/run', {}),
  settings: () => api.get<FollowUpSettings>('/follow-up/settings'),
  updateSettings: (patch: FollowUpSettingsPatch) => api.patch<FollowUpSettings>('/follow-up/settings', patch),
  prediction: (vehicleId: string) => api.get<MaintenancePrediction | null>(`/vehicles/${vehicleId}/maintenance-prediction`),
  winBack: (result: WinBackResult | null) => api.get<WinBackList>('/win-back', { result }),
  updateWinBack: (id: string, patch: WinBackPatch) => api.patch<WinBackCase>(`/win-back/${id}`, patch),
  plans: () => api.get<WorkPlanList>('/work-plans'),
  createPlan: (input: WorkPlanInput, idempotencyKey: string) => api.post<WorkPlan>('/work-plans', input, idempotencyKey),
  setPlanActual: (id: string, body: WorkPlanActualInput) => api.post<WorkPlan>(`/work-plans/${id}/actual`, body),
  kpis: (from: string, to: string, groupBy: FollowUpKpiGroupBy, filter: FollowUpKpiFilter = {}) =>
    api.get<FollowUpKpiList>('/kpis/follow-up', { from, to, groupBy, dealerId: filter.dealerId, region: filter.region }),
};

export function useFollowUpQueue(q: QueueQuery, enabled = true) {
  return useQuery({
    queryKey: followUpKeys.queue(q),
    queryFn: () => followUpApi.queue(q),
    placeholderData: keepPreviousData,
    enabled,
    refetchInterval: 60_000,
  });
}

export function useCallScreen(id: string, locale: ScriptLocale) {
  // No placeholder from the previous call: the next call must never show the last customer.
  return useQuery({ queryKey: followUpKeys.screen(id, locale), queryFn: () => followUpApi.screen(id, locale) });
}

export function useFollowUpSettings(enabled = true) {
  return useQuery({ queryKey: followUpKeys.settings, queryFn: followUpApi.settings, enabled, staleTime: 5 * 60_000 });
}

export function useMaintenancePrediction(vehicleId: string, enabled = true) {
  return useQuery({ queryKey: followUpKeys.prediction(vehicleId), queryFn: () => followUpApi.prediction(vehicleId), enabled });
}

export function useWinBack(result: WinBackResult | null) {
  return useQuery({
    queryKey: followUpKeys.winBack(result),
    queryFn: () => followUpApi.winBack(result).then((r) => r.items),
    placeholderData: keepPreviousData,
  });
}

export function useWorkPlans() {
  return useQuery({ queryKey: followUpKeys.plans, queryFn: () => followUpApi.plans().then((r) => r.items) });
}

export function useFollowUpKpis(from: string, to: string, groupBy: FollowUpKpiGroupBy, filter: FollowUpKpiFilter = {}) {
  return useQuery({
    queryKey: followUpKeys.kpis(from, to, groupBy, filter),
    queryFn: () => followUpApi.kpis(from, to, groupBy, filter).then((r) => r.items),
  });
}
