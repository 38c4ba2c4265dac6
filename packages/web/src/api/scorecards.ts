import type {
  NetworkScorecard,
  Scorecard,
  ScorecardList,
  ScorecardPart,
  ScorecardRole,
  ScorecardSettings,
  ScorecardSettingsInput,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

export type { NetworkScorecard, Scorecard, ScorecardList, ScorecardPart, ScorecardSettings };

/** A month (YYYY-MM) or a range of months. */
export type ScorecardPeriod = { from: string; to: string };

const periodQuery = (p: ScorecardPeriod) => (p.from === p.to ? { period: p.from } : { from: p.from, to: p.to });

export const scorecardKeys = {
  all: ['scorecards'] as const,
  mine: (p: ScorecardPeriod) => ['scorecards', 'me', p.from, p.to] as const,
  team: (p: ScorecardPeriod, role?: ScorecardRole) => ['scorecards', 'team', p.from, p.to, role ?? ''] as const,
  person: (userId: string, p: ScorecardPeriod) => ['scorecards', 'person', userId, p.from, p.to] as const,
  network: (p: ScorecardPeriod, role: ScorecardRole) => ['scorecards', 'network', p.from, p.to, role] as const,
  settings: ['scorecards', 'settings'] as const,
};

export const scorecardsApi = {
  mine: (p: ScorecardPeriod) => api.get<ScorecardList>('/scorecards/me', periodQuery(p)),
  team: (p: ScorecardPeriod, role?: ScorecardRole) => api.get<ScorecardList>('/scorecards', { ...periodQuery(p), role }),
  person: (userId: string, p: ScorecardPeriod) => api.get<ScorecardList>(`/scorecards/${userId}`, periodQuery(p)),
  network: (p: ScorecardPeriod, role: ScorecardRole) => api.get<NetworkScorecard>('/network/scorecards', { ...periodQuery(p), role }),
  settings: () => api.get<ScorecardSettings>('/scorecards/settings'),
  saveSettings: (role: ScorecardRole, input: ScorecardSettingsInput) => api.put<ScorecardSettings>(`/scorecards/settings/${role}`, input),
};

export const useMyScorecards = (p: ScorecardPeriod) =>
  useQuery({ queryKey: scorecardKeys.mine(p), queryFn: () => scorecardsApi.mine(p), placeholderData: keepPreviousData });
export const useTeamScorecards = (p: ScorecardPeriod, role?: ScorecardRole) =>
  useQuery({ queryKey: scorecardKeys.team(p, role), queryFn: () => scorecardsApi.team(p, role), placeholderData: keepPreviousData });
export const usePersonScorecards = (userId: string, p: ScorecardPeriod) =>
  useQuery({
    queryKey: scorecardKeys.person(userId, p),
    queryFn: () => scorecardsApi.person(userId, p),
    placeholderData: keepPreviousData,
  });
export const useNetworkScorecards = (p: ScorecardPeriod, role: ScorecardRole) =>
  useQuery({ queryKey: scorecardKeys.network(p, role), queryFn: () => scorecardsApi.network(p, role), placeholderData: keepPreviousData });
export const useScorecardSettings = (enabled = true) =>
  useQuery({ queryKey: scorecardKeys.settings, queryFn: scorecardsApi.settings, enabled });
