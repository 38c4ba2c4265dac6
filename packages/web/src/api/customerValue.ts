import type {
  CustomerSegment,
  CustomerValue,
  ValueCallList,
  ValueCallListInput,
  ValueList,
  ValueMix,
  ValueSettings,
  ValueTrend,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

export type { CustomerValue, ValueCallList, ValueList, ValueMix, ValueSettings };

export type ValueFilter = { segments: CustomerSegment[]; trend?: ValueTrend; minValueFen?: number; dealerId?: string };

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
