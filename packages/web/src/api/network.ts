import type { DealerList } from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export function useDealers(enabled = true) {
  return useQuery({
    queryKey: ['dealers'],
    queryFn: () => api.get<DealerList>('/dealers').then((r) => r.items),
    staleTime: 10 * 60_000,
    enabled,
  });
}
