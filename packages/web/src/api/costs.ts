// Service cost management: budgets per month and category beside the cost recorded.
import type { CostBudgetInput, CostOverview } from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

export type { CostOverview };
export type CostFigures = CostOverview['dealers'][number]['total'];

export type CostRange = { from: string; to: string; dealerId?: string };

export const costKeys = {
  all: ['cost-budgets'] as const,
  overview: (range: CostRange) => ['cost-budgets', range.from, range.to, range.dealerId ?? ''] as const,
};

export const costApi = {
  overview: (range: CostRange) => api.get<CostOverview>('/cost-budgets', { from: range.from, to: range.to, dealerId: range.dealerId }),
  setBudget: (input: CostBudgetInput) => api.put<CostOverview>('/cost-budgets', input),
};

export function useCostOverview(range: CostRange) {
  return useQuery({ queryKey: costKeys.overview(range), queryFn: () => costApi.overview(range), placeholderData: keepPreviousData });
}
