/**
 * The categories of the service cost budget (domain.md §10): service recovery after complaints,
 * win-back of lost customers, customer activities, value-added services and goodwill repairs.
 */
export const COST_CATEGORIES = ['service_recovery', 'win_back', 'activities', 'value_added', 'goodwill'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** Within the budget, near it (90% or more used), or over it. */
export const BUDGET_STANDINGS = ['within', 'near', 'over', 'unbudgeted'] as const;
export type BudgetStanding = (typeof BUDGET_STANDINGS)[number];

/** The most months one overview covers. */
export const MAX_BUDGET_MONTHS = 24;
