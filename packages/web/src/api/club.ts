// The brand's owners' club: the network's settings, a member's card and ledger, what points may pay, the network view.
import type {
  ClubFeeInput,
  ClubJoinInput,
  ClubMembership,
  ClubOverview,
  ClubSettings,
  ClubSettingsInput,
  InvoicePoints,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

export type { ClubMembership, ClubOverview, ClubSettings, InvoicePoints };
export type ClubCard = NonNullable<ClubMembership['membership']>;
export type ClubRange = { from: string; to: string; dealerId?: string };

export const clubKeys = {
  all: ['club'] as const,
  settings: ['club', 'settings'] as const,
  card: (customerId: string) => ['club', 'card', customerId] as const,
  points: (invoiceId: string) => ['club', 'points', invoiceId] as const,
  overview: (range: ClubRange) => ['club', 'overview', range.from, range.to, range.dealerId ?? ''] as const,
};

export const clubApi = {
  settings: () => api.get<ClubSettings>('/club/settings'),
  saveSettings: (input: ClubSettingsInput) => api.put<ClubSettings>('/club/settings', input),
  card: (customerId: string) => api.get<ClubMembership>(`/customers/${customerId}/club`),
  enrol: (customerId: string, input: ClubJoinInput, idempotencyKey?: string) =>
    api.post<ClubMembership>(`/customers/${customerId}/club`, input, idempotencyKey),
  takeFee: (customerId: string, input: ClubFeeInput, idempotencyKey: string) =>
    api.post<ClubMembership>(`/customers/${customerId}/club/fees`, input, idempotencyKey),
  points: (invoiceId: string) => api.get<InvoicePoints>(`/invoices/${invoiceId}/points`),
  overview: (range: ClubRange) => api.get<ClubOverview>('/club/overview', { from: range.from, to: range.to, dealerId: range.dealerId }),
};

export const useClubSettings = () => useQuery({ queryKey: clubKeys.settings, queryFn: clubApi.settings });
export const useClubCard = (customerId: string) =>
  useQuery({ queryKey: clubKeys.card(customerId), queryFn: () => clubApi.card(customerId) });
export const useInvoicePoints = (invoiceId: string, enabled: boolean) =>
  useQuery({ queryKey: clubKeys.points(invoiceId), queryFn: () => clubApi.points(invoiceId), enabled });
export const useClubOverview = (range: ClubRange) =>
  useQuery({ queryKey: clubKeys.overview(range), queryFn: () => clubApi.overview(range), placeholderData: keepPreviousData });
