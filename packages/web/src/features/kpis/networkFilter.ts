import type { Dealer } from '@servicebay/contracts';
import { filterOptions } from '../network/cockpit';

/** The car maker's narrowing of a KPI page: one dealer, one region, or the whole network (both null). */
export type NetworkFilter = { dealerId: string | null; region: string | null };

type FilterDealer = Pick<Dealer, 'id' | 'code' | 'name' | 'region' | 'city' | 'grade'>;

/** The regions to choose from, and the dealers to choose from once a region is chosen. */
export function networkFilterOptions(dealers: readonly FilterDealer[], region: string | null) {
  return {
    regions: filterOptions(dealers).regions,
    dealers: dealers.filter((d) => !region || d.region === region),
  };
}

/** A change of region keeps the chosen dealer only when it is in that region (else the two would read nothing). */
export function withRegion(filter: NetworkFilter, region: string | null, dealers: readonly FilterDealer[]): NetworkFilter {
  const dealer = dealers.find((d) => d.id === filter.dealerId);
  return { region, dealerId: region && dealer && dealer.region !== region ? null : filter.dealerId };
}

/** The query parameters of a narrowing: only what is chosen. */
export const filterParams = (filter: NetworkFilter) => ({
  dealerId: filter.dealerId ?? undefined,
  region: filter.region ?? undefined,
});
