// The car maker's network cockpit (domain.md §11): the headline KPIs by dealer, a KPI's trend by
// month, a dealer's figures by service advisor and the records behind one figure.
import type {
  AdvisorKpis,
  DealerKpiRow,
  KpiRecord,
  KpiRecords,
  KpiRefresh,
  KpiTrend,
  KpiValues,
  NetworkCockpit,
  NetworkKpi,
  NetworkKpiQuery,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { API_PREFIX, api } from './client';

export type { AdvisorKpis, DealerKpiRow, KpiRecord, KpiTrend, KpiValues, NetworkCockpit, NetworkKpi, NetworkKpiQuery };
export type KpiRecordsQuery = {
  dealerId: string;
  kpi: NetworkKpi;
  advisorId?: string | null;
  from: string;
  to: string;
  limit: number;
  offset: number;
};

/** The query string of a cockpit read, without the empty filters. */
const cockpitParams = (q: NetworkKpiQuery) => ({ from: q.from, to: q.to, region: q.region, city: q.city, grade: q.grade });

export const networkKpiKeys = {
  cockpit: (q: NetworkKpiQuery) => ['network-kpis', q.from, q.to, q.region ?? null, q.city ?? null, q.grade ?? null] as const,
  trend: (kpi: NetworkKpi, dealerId: string | null, q: NetworkKpiQuery) =>
    ['network-kpis', 'trend', kpi, dealerId, q.from, q.to, q.region ?? null, q.city ?? null, q.grade ?? null] as const,
  advisors: (dealerId: string, from: string, to: string) => ['network-kpis', 'advisors', dealerId, from, to] as const,
  records: (q: KpiRecordsQuery) =>
    ['network-kpis', 'records', q.dealerId, q.kpi, q.advisorId ?? null, q.from, q.to, q.limit, q.offset] as const,
};

export const networkKpisApi = {
  cockpit: (q: NetworkKpiQuery) => api.get<NetworkCockpit>('/network/kpis', cockpitParams(q)),
  /** The network line is the network as narrowed (region, city, grade), as in the cockpit. */
  trend: (kpi: NetworkKpi, dealerId: string | null, q: NetworkKpiQuery) =>
    api.get<KpiTrend>('/network/kpis/trend', { kpi, dealerId, ...cockpitParams(q) }),
  advisors: (dealerId: string, from: string, to: string) =>
    api.get<AdvisorKpis>(`/network/kpis/dealers/${encodeURIComponent(dealerId)}/advisors`, { from, to }),
  records: (q: KpiRecordsQuery) =>
    api.get<KpiRecords>(`/network/kpis/dealers/${encodeURIComponent(q.dealerId)}/records`, {
      kpi: q.kpi,
      advisorId: q.advisorId,
      from: q.from,
      to: q.to,
      limit: q.limit,
      offset: q.offset,
    }),
  /** Recompute the running month and the two before it now (the car maker's admin). */
  refresh: () => api.post<KpiRefresh>('/network/kpis/refresh', {}),
};

/** The Excel download of the same cockpit query (a plain GET: the session cookie authorises it). */
export function cockpitExportUrl(q: NetworkKpiQuery, locale: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(cockpitParams(q))) if (value) params.set(key, value);
  params.set('locale', locale === 'en' ? 'en' : 'zh-CN');
  return `${API_PREFIX}/network/kpis.xlsx?${params.toString()}`;
}

/** The Excel download of one dealer's advisor drill-down for the period. */
export function advisorsExportUrl(dealerId: string, from: string, to: string, locale: string): string {
  const params = new URLSearchParams({ from, to, locale: locale === 'en' ? 'en' : 'zh-CN' });
  return `${API_PREFIX}/network/kpis/dealers/${dealerId}/advisors.xlsx?${params.toString()}`;
}

export function useNetworkCockpit(q: NetworkKpiQuery) {
  return useQuery({ queryKey: networkKpiKeys.cockpit(q), queryFn: () => networkKpisApi.cockpit(q), placeholderData: keepPreviousData });
}

export function useKpiTrend(kpi: NetworkKpi, dealerId: string | null, q: NetworkKpiQuery) {
  return useQuery({
    queryKey: networkKpiKeys.trend(kpi, dealerId, q),
    queryFn: () => networkKpisApi.trend(kpi, dealerId, q),
    placeholderData: keepPreviousData,
  });
}

export function useAdvisorKpis(dealerId: string | null, from: string, to: string) {
  return useQuery({
    queryKey: networkKpiKeys.advisors(dealerId ?? '', from, to),
    queryFn: () => networkKpisApi.advisors(dealerId!, from, to),
    enabled: !!dealerId,
  });
}

export function useKpiRecords(q: KpiRecordsQuery | null) {
  return useQuery({
    queryKey: q ? networkKpiKeys.records(q) : ['network-kpis', 'records', null],
    queryFn: () => networkKpisApi.records(q!),
    enabled: !!q,
    placeholderData: keepPreviousData,
  });
}
