import type {
  CustomerSegment,
  CustomerTier,
  CustomerValue,
  RetentionPriority,
  ValueCallList,
  ValueCallListInput,
  ValueList,
  ValueListOrder,
  ValueMix,
  ValueSettings,
  ValueTrend,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

export type { CustomerValue, ValueCallList, ValueList, ValueMix, ValueSettings };

export type ValueFilter = {
  segments: CustomerSegment[];
  tiers: CustomerTier[];
  priority?: RetentionPriority;
  sort: ValueListOrder;
  trend?: ValueTrend;
  minValueFen?: number;
  dealerId?: string;
};

/** The filter as a call list takes it. */
export const callListFilter = (filter: ValueFilter) => ({
  ...(filter.segments.length ? { segments: filter.segments } : {}),
  ...(filter.tiers.length ? { tiers: filter.tiers } : {}),
  ...(filter.priority ? { priority: filter.priority } : {}),
  sort: filter.sort,
  ...(filter.trend ? { trend: filter.trend } : {}),
  ...(filter.minValueFen ? { minValueFen: filter.minValueFen } : {}),
});

/** A call list needs a filter narrower than "everybody". */
export const isNarrowed = (filter: ValueFilter) => filter.segments.length > 0 || filter.tiers.length > 0 || !!filter.priority;

export const valueKeys = {
  all: ['customer-value'] as const,
  customer: (id: string) => ['customer-value', 'customer', id] as const,
  mix: (dealerId?: string) => ['customer-value', 'mix', dealerId ?? ''] as const,
  settings: ['customer-value', 'settings'] as const,
  list: (filter: ValueFilter, offset: number) => ['customer-value', 'list', JSON.stringify(filter), offset] as const,
};

export const VALUE_PAGE_SIZE = 50;

export const customerValueApi = {
  ofCustomer: (id: string) => api.get<{ items: CustomerValue[] }>(`/customers/${id}/value`),
  mix: (dealerId?: string) => api.get<ValueMix>('/customer-value/mix', { dealerId }),
  list: (filter: ValueFilter, offset: number) =>
    api.get<ValueList>('/customer-value/customers', {
      segment: filter.segments.length ? filter.segments.join(',') : undefined,
      tier: filter.tiers.length ? filter.tiers.join(',') : undefined,
      priority: filter.priority,
      sort: filter.sort,
      trend: filter.trend,
      minValueFen: filter.minValueFen,
      dealerId: filter.dealerId,
      offset,
      limit: VALUE_PAGE_SIZE,
    }),
  settings: () => api.get<ValueSettings>('/customer-value/settings'),
  saveSettings: (input: ValueSettings) => api.put<ValueSettings>('/customer-value/settings', input),
  runNow: () => api.post<{ customers: number }>('/customer-value/run', {}),
  callList: (input: ValueCallListInput, idempotencyKey: string) =>
    api.post<ValueCallList>('/customer-value/call-list', input, idempotencyKey),
};

export function useCustomerValue(customerId: string, enabled = true) {
  return useQuery({ queryKey: valueKeys.customer(customerId), queryFn: () => customerValueApi.ofCustomer(customerId), enabled });
}

export function useValueMix(dealerId?: string) {
  return useQuery({ queryKey: valueKeys.mix(dealerId), queryFn: () => customerValueApi.mix(dealerId) });
}

export function useValueList(filter: ValueFilter, offset: number) {
  return useQuery({
    queryKey: valueKeys.list(filter, offset),
    queryFn: () => customerValueApi.list(filter, offset),
    placeholderData: keepPreviousData,
  });
}

export function useValueSettings(enabled = true) {
  return useQuery({ queryKey: valueKeys.settings, queryFn: customerValueApi.settings, enabled });
}
