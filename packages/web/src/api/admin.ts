import type {
  ApiToken,
  ApiTokenCreated,
  ApiTokenList,
  Dealer,
  DealerCreate,
  DealerPatch,
  StaffCreate,
  StaffPatch,
  StaffUser,
  StaffUserList,
} from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export const adminKeys = {
  staff: (dealerId: string | null, includeDisabled: boolean) => ['admin', 'staff', dealerId, includeDisabled] as const,
  tokens: ['admin', 'tokens'] as const,
};

export const adminApi = {
  staff: (query: { dealerId?: string | null; includeDisabled: boolean }) =>
    api
      .get<StaffUserList>('/admin/users', {
        dealerId: query.dealerId ?? undefined,
        includeDisabled: query.includeDisabled ? 'true' : undefined,
      })
      .then((r) => r.items),
  addStaff: (input: StaffCreate, idempotencyKey?: string) => api.post<StaffUser>('/admin/users', input, idempotencyKey),
  editStaff: (id: string, patch: StaffPatch) => api.patch<StaffUser>(`/admin/users/${id}`, patch),
  disable: (id: string) => api.post<StaffUser>(`/admin/users/${id}/disable`, {}),
  enable: (id: string) => api.post<StaffUser>(`/admin/users/${id}/enable`, {}),
  unlock: (id: string) => api.post<StaffUser>(`/admin/users/${id}/unlock`, {}),
  resetPassword: (id: string, password: string) => api.post<StaffUser>(`/admin/users/${id}/password`, { password }),
  tokens: () => api.get<ApiTokenList>('/admin/tokens').then((r) => r.items),
  createToken: (name: string, idempotencyKey?: string) => api.post<ApiTokenCreated>('/auth/tokens', { name }, idempotencyKey),
  revokeToken: (id: string) => api.post<ApiToken>(`/admin/tokens/${id}/revoke`, {}),
  addDealer: (input: Partial<DealerCreate>, idempotencyKey?: string) => api.post<Dealer>('/admin/dealers', input, idempotencyKey),
  editDealer: (id: string, patch: DealerPatch) => api.patch<Dealer>(`/admin/dealers/${id}`, patch),
};

export function useStaff(dealerId: string | null, includeDisabled: boolean) {
  return useQuery({ queryKey: adminKeys.staff(dealerId, includeDisabled), queryFn: () => adminApi.staff({ dealerId, includeDisabled }) });
}

export function useApiTokens() {
  return useQuery({ queryKey: adminKeys.tokens, queryFn: adminApi.tokens });
}
