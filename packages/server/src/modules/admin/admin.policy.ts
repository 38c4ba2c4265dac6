import { registerPolicy } from '../../platform/rbac.js';

// Staff and API tokens: the dealer admin for their dealer, the car maker's admin for the car
// maker's users and any dealer's ('user.manage' lives in auth.policy.ts). Dealers: the car maker.
export const adminPolicy = registerPolicy({
  'network.manage': ['oem_admin'],
});
