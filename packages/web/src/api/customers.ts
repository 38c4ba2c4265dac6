import type {
  Customer,
  CustomerHistoryPage,
  CustomerInput,
  CustomerPage,
  CustomerSearchResult,
  HistoryKind,
  OpenCallTaskList,
  TimelinePage,
  VehicleList,
} from '@servicebay/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './client';

export const customerKeys = {
  all: ['customers'] as const,
  list: () => ['customers', 'list'] as const,
  search: (q: string) => ['customers', 'search', q] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  vehicles: (id: string) => ['customers', 'detail', id, 'vehicles'] as const,
  timeline: (id: string) => ['customers', 'detail', id, 'timeline'] as const,
  history: (id: string, kinds: readonly HistoryKind[]) => ['customers', 'detail', id, 'history', kinds.join(',')] as const,
  openCalls: (id: string) => ['customers', 'detail', id, 'open-calls'] as const,
};

/** The search answers at most this many customers; more means the user should type more. */
export const CUSTOMER_SEARCH_LIMIT = 50;

export type CustomerPatch = Partial<CustomerInput> & { version: number };

export const customersApi = {
  list: (cursor?: string, limit = 30) => api.get<CustomerPage>('/customers', { cursor, limit }),
  search: (q: string, signal?: AbortSignal) =>
    api.get<CustomerSearchResult>('/customers/search', { q, limit: CUSTOMER_SEARCH_LIMIT }, signal),
  get: (id: string) => api.get<Customer>(`/customers/${id}`),
  create: (input: CustomerInput, idempotencyKey: string) => api.post<Customer>('/customers', input, idempotencyKey),
  update: (id: string, patch: CustomerPatch) => api.patch<Customer>(`/customers/${id}`, patch),
  vehicles: (id: string) => api.get<VehicleList>(`/customers/${id}/vehicles`),
  timeline: (id: string, cursor?: string) => api.get<TimelinePage>(`/customers/${id}/timeline`, { cursor, limit: 20 }),
  history: (id: string, kinds: readonly HistoryKind[], cursor?: string) =>
    api.get<CustomerHistoryPage>(`/customers/${id}/history`, {
      kinds: kinds.length > 0 ? kinds.join(',') : undefined,
      cursor,
      limit: 20,
    }),
  openCalls: (id: string) => api.get<OpenCallTaskList>(`/customers/${id}/open-calls`),
};

export function useCustomerList(enabled = true) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(),
    queryFn: ({ pageParam }) => customersApi.list(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: customerKeys.search(q),
    queryFn: ({ signal }) => customersApi.search(q, signal).then((r) => r.items),
    enabled: q.length > 0,
    staleTime: 15_000,
    placeholderData: (previous) => previous,
  });
}

export function useCustomer(id: string) {
  return useQuery({ queryKey: customerKeys.detail(id), queryFn: () => customersApi.get(id) });
}

export function useCustomerVehicles(id: string) {
  return useQuery({ queryKey: customerKeys.vehicles(id), queryFn: () => customersApi.vehicles(id).then((r) => r.items) });
}

export function useCustomerTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: customerKeys.timeline(id),
    queryFn: ({ pageParam }) => customersApi.timeline(id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The customer log, newest first, of the chosen kinds (all when none is chosen). */
export function useCustomerHistory(id: string, kinds: readonly HistoryKind[]) {
  return useInfiniteQuery({
    queryKey: customerKeys.history(id, kinds),
    queryFn: ({ pageParam }) => customersApi.history(id, kinds, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The dealer's care calls still to make to the customer (only for those who make calls). */
export function useCustomerOpenCalls(id: string, enabled: boolean) {
  return useQuery({ queryKey: customerKeys.openCalls(id), queryFn: () => customersApi.openCalls(id).then((r) => r.items), enabled });
}
