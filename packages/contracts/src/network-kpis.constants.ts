// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
export const NETWORK_KPIS = [
  'throughput',
  'revenueFen',
  'appointmentRate',
  'noShowRate',
  'confirmationRate',
  'timelyReceptionRate',
  'onTimeDeliveryRate',
  'firstTimeFixRate',
  'repeatRepairRate',
  'maintenanceReturnRate',
  'followUpCompletionRate',
  'complaintsPer100Ros',
  'complaintResponse24hRate',
  'complaintCloseHours',
  'csiScore',
  'csiInitiation',
  'csiAdvisor',
  'csiFacility',
  'csiPickup',
  'csiQuality',
  'retentionRate',
  'processExecutionRate',
] as const;
export type NetworkKpi = (typeof NETWORK_KPIS)[number];
/**
 * CSI by factor (domain §11): one KPI per J.D. Power factor of the default questionnaire, keyed by
 * the questionnaire's factor key. A factor a network's own questionnaire names otherwise is not in
 * the cockpit (its CSI pages show it).
 */
export const CSI_FACTOR_KPIS = {
  initiation: 'csiInitiation',
  advisor: 'csiAdvisor',
  facility: 'csiFacility',
  pickup: 'csiPickup',
  quality: 'csiQuality',
} as const satisfies Record<string, NetworkKpi>;
/** Lower is better for these; the top quartile of them is the lowest quarter. */
export const LOWER_IS_BETTER: readonly NetworkKpi[] = ['noShowRate', 'repeatRepairRate', 'complaintsPer100Ros', 'complaintCloseHours'];
