import type { ValueAddedKpi } from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

export type { ValueAddedKpi };

export type ValueAddedRange = {
  from: string;
  to: string;
  dealerId?: string | undefined;
  region?: string | undefined;
  city?: string | undefined;
  grade?: string | undefined;
};

export const valueAddedKeys = {
  kpi: (r: ValueAddedRange) => ['value-added', 'kpi', r.from, r.to, r.dealerId ?? '', r.region ?? '', r.city ?? '', r.grade ?? ''] as const,
};

export const valueAddedApi = {
  kpi: (r: ValueAddedRange) =>
    api.get<ValueAddedKpi>('/kpis/value-added', {
      from: r.from,
      to: r.to,
      dealerId: r.dealerId,
      region: r.region,
      city: r.city,
      grade: r.grade,
    }),
};

/** The value-added services' KPIs of the reader's scope (the car maker: per dealer of its network, narrowed). */
export function useValueAddedKpi(range: ValueAddedRange, enabled = true) {
  return useQuery({
    queryKey: valueAddedKeys.kpi(range),
    queryFn: () => valueAddedApi.kpi(range),
    placeholderData: keepPreviousData,
    enabled,
  });
}
