// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).

/** The roles a staff scorecard (人员考核) is kept for; a person holding several has a card per role. */
export const SCORECARD_ROLES = ['service_advisor', 'technician', 'appointment_agent', 'customer_relations'] as const;
export type ScorecardRole = (typeof SCORECARD_ROLES)[number];

/** The four parts of an evaluation (domain.md §10): workload, execution, results, satisfaction. */
export const SCORECARD_GROUPS = ['workload', 'execution', 'results', 'satisfaction'] as const;
export type ScorecardGroup = (typeof SCORECARD_GROUPS)[number];

/** Every measure a scorecard can hold. */
export const SCORECARD_METRICS = [
  'appointmentsBooked',
  'rosOpened',
  'callsMade',
  'hoursSold',
  'hoursClocked',
  'processExecutionRate',
  'timelyReceptionRate',
  'onTimeDeliveryRate',
  'firstTimeFixRate',
  'labourEfficiency',
  'reworkRate',
  'callCompletionRate',
  'keptAppointmentRate',
  'revenueFen',
  'additionalWorkApproved',
  'receivablesOpenFen',
  'csiScore',
  'csiInitiation',
  'csiAdvisor',
  'csiFacility',
  'csiPickup',
  'csiQuality',
  'complaintsPer100Ros',
] as const;
export type ScorecardMetric = (typeof SCORECARD_METRICS)[number];

/** How a measure reads: a count, a percent, money in fen, labour hours, a CSI score (0–100). */
export type ScorecardUnit = 'count' | 'percent' | 'fen' | 'hours' | 'score';

/** The largest period a scorecard covers, in months. */
export const SCORECARD_MAX_MONTHS = 12;

/** Who may look at whose scorecard: the roles of the team each manager role sees (a person always sees their own). */
export const SCORECARD_TEAM_OF: Partial<Record<string, readonly ScorecardRole[]>> = {
  service_manager: SCORECARD_ROLES,
  general_manager: SCORECARD_ROLES,
  dealer_admin: SCORECARD_ROLES,
  front_desk_supervisor: ['service_advisor'],
  workshop_controller: ['technician'],
};
