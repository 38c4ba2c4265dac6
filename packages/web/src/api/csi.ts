// Satisfaction surveys and CSI (domain.md §7): questionnaires, survey settings, recording a survey on
// a follow-up call, the responses, the CSI dashboard and its factor drill-down.
import type {
  CsiDashboard,
  callSurveySchema,
  csiQuerySchema,
  FactorDrill,
  Questionnaire,
  QuestionnaireDefinition,
  QuestionnaireList,
  questionnaireInputSchema,
  questionnaireUpdateSchema,
  SurveyResponse,
  SurveyResponseList,
  SurveySettings,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client';

export type { CsiDashboard, FactorDrill, Questionnaire, QuestionnaireDefinition, SurveyResponse, SurveySettings };
export type QuestionnaireInput = z.input<typeof questionnaireInputSchema>;
export type QuestionnaireUpdate = z.input<typeof questionnaireUpdateSchema>;
export type CallSurveyInput = z.input<typeof callSurveySchema>;
export type CsiGroupBy = z.output<typeof csiQuerySchema>['groupBy'];
/** `dealerId` and `region`: the car maker's narrowing of the network (a dealer's staff read their own dealer). */
export type CsiQuery = { from: string; to: string; groupBy: CsiGroupBy; dealerId?: string | null; region?: string | null };
export type ResponseQuery = {
  from: string;
  to: string;
  low?: boolean;
  flagged?: boolean;
  dealerId?: string | null;
  region?: string | null;
};

export const csiKeys = {
  questionnaires: ['questionnaires'] as const,
  questionnaire: (id: string) => ['questionnaires', id] as const,
  settings: ['survey-settings'] as const,
  responses: (q: ResponseQuery) =>
    ['survey-responses', q.from, q.to, q.low ?? null, q.flagged ?? null, q.dealerId ?? null, q.region ?? null] as const,
  dashboard: (q: CsiQuery) => ['kpis', 'csi', q.from, q.to, q.groupBy, q.dealerId ?? null, q.region ?? null] as const,
  factor: (factor: string, from: string, to: string, dealerId: string | null, region: string | null = null) =>
    ['kpis', 'csi', 'factor', factor, from, to, dealerId, region] as const,
};

const flag = (value: boolean | undefined) => (value === undefined ? undefined : String(value));

export const csiApi = {
  questionnaires: () => api.get<QuestionnaireList>('/questionnaires'),
  questionnaire: (id: string) => api.get<Questionnaire>(`/questionnaires/${id}`),
  createQuestionnaire: (input: QuestionnaireInput, idempotencyKey?: string) =>
    api.post<Questionnaire>('/questionnaires', input, idempotencyKey),
  /** A changed definition becomes a new version; 409 version_conflict on a stale rowVersion. */
  updateQuestionnaire: (id: string, patch: QuestionnaireUpdate) => api.put<Questionnaire>(`/questionnaires/${id}`, patch),
  settings: () => api.get<SurveySettings>('/survey-settings'),
  updateSettings: (patch: Partial<SurveySettings>) => api.put<SurveySettings>('/survey-settings', patch),
  recordCall: (input: CallSurveyInput, idempotencyKey?: string) => api.post<SurveyResponse>('/surveys/call', input, idempotencyKey),
  responses: (q: ResponseQuery) =>
    api.get<SurveyResponseList>('/survey-responses', {
      from: q.from,
      to: q.to,
      low: flag(q.low),
      flagged: flag(q.flagged),
      dealerId: q.dealerId,
      region: q.region,
    }),
  dashboard: (q: CsiQuery) =>
    api.get<CsiDashboard>('/kpis/csi', { from: q.from, to: q.to, groupBy: q.groupBy, dealerId: q.dealerId, region: q.region }),
  factor: (factor: string, from: string, to: string, dealerId: string | null, region: string | null = null) =>
    api.get<FactorDrill>(`/kpis/csi/factors/${encodeURIComponent(factor)}`, { from, to, dealerId, region }),
};

export function useQuestionnaires(enabled = true) {
  return useQuery({ queryKey: csiKeys.questionnaires, queryFn: () => csiApi.questionnaires().then((r) => r.items), enabled });
}

export function useQuestionnaire(id: string, enabled = true) {
  return useQuery({ queryKey: csiKeys.questionnaire(id), queryFn: () => csiApi.questionnaire(id), enabled: enabled && !!id });
}

export function useSurveySettings(enabled = true) {
  return useQuery({ queryKey: csiKeys.settings, queryFn: csiApi.settings, enabled, staleTime: 5 * 60_000, retry: false });
}

export function useSurveyResponses(q: ResponseQuery, enabled = true) {
  return useQuery({
    queryKey: csiKeys.responses(q),
    queryFn: () => csiApi.responses(q).then((r) => r.items),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useCsiDashboard(q: CsiQuery) {
  return useQuery({ queryKey: csiKeys.dashboard(q), queryFn: () => csiApi.dashboard(q), placeholderData: keepPreviousData });
}

export function useCsiFactor(factor: string | null, from: string, to: string, dealerId: string | null, region: string | null = null) {
  return useQuery({
    queryKey: csiKeys.factor(factor ?? '', from, to, dealerId, region),
    queryFn: () => csiApi.factor(factor!, from, to, dealerId, region),
    enabled: !!factor,
  });
}
