// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
export const FUEL_TYPES = ['petrol', 'diesel', 'hybrid', 'plug_in_hybrid', 'electric'] as const;
export const USE_TYPES = ['private', 'company', 'taxi', 'ride_hailing'] as const;
export type UseType = (typeof USE_TYPES)[number];
export const MILEAGE_SOURCES = ['service_visit', 'call', 'customer', 'delivery', 'import'] as const;
