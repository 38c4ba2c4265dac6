import { registerPolicy } from '../../platform/rbac.js';

export const authPolicy = registerPolicy({
  'user.manage': ['dealer_admin', 'oem_admin'],
});
