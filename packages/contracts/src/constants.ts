// `@servicebay/contracts/constants`: the contracts' values that need no zod (the enumerations, the
// Chinese data rules, roles and permissions, the repair-order pricing). A web page that reads only
// these at runtime does not load zod and every schema; types still come from the package's root.
// Everything here is also exported from the root (index.ts), for the server.
export * from './activities.constants.js';
export * from './additional-work.constants.js';
export * from './appointments.constants.js';
export * from './chinese-data.js';
export * from './club.constants.js';
export * from './common.constants.js';
export * from './complaints.constants.js';
export * from './costs.constants.js';
export * from './csi.constants.js';
export * from './customer-history.constants.js';
export * from './customers.constants.js';
export * from './drive.constants.js';
export * from './follow-up.constants.js';
export * from './loaners.constants.js';
export * from './messages.constants.js';
export * from './network.constants.js';
export * from './network-kpis.constants.js';
export * from './pickup.constants.js';
export * from './process-checks.constants.js';
export * from './repair-order-pricing.js';
export * from './repair-orders.constants.js';
export * from './rescue.constants.js';
export * from './roles.js';
export * from './scorecards.constants.js';
export * from './settlement.constants.js';
export * from './vehicles.constants.js';
export * from './warranty.constants.js';
