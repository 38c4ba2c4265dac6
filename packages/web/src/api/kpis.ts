// The service drive's KPIs: reception, delivery, cashier and revenue (by day, month or advisor),
// and the workshop's labour hours and rework over a period.
import type { ServiceKpiList, ServiceKpiRow, WorkshopKpis } from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import type { KpiGroupBy } from './appointments';
import { api } from './client';

export type { ServiceKpiRow, WorkshopKpis };

export const kpiKeys = {
  service: (from: string, to: string, groupBy: KpiGroupBy) => ['kpis', 'service', from, to, groupBy] as const,
  workshop: (from: string, to: string) => ['kpis', 'workshop', from, to] as const,
};

export const kpisApi = {
  service: (from: string, to: string, groupBy: KpiGroupBy) => api.get<ServiceKpiList>('/kpis/service', { from, to, groupBy }),
  workshop: (from: string, to: string) => api.get<WorkshopKpis>('/kpis/workshop', { from, to }),
};

export function useServiceKpis(from: string, to: string, groupBy: KpiGroupBy, enabled = true) {
  return useQuery({
    queryKey: kpiKeys.service(from, to, groupBy),
    queryFn: () => kpisApi.service(from, to, groupBy).then((r) => r.items),
    enabled,
  });
}

export function useWorkshopKpis(from: string, to: string) {
  return useQuery({ queryKey: kpiKeys.workshop(from, to), queryFn: () => kpisApi.workshop(from, to) });
}
