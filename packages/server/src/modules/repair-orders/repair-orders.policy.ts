import { DEALER_ROLES, OEM_ROLES } from '@servicebay/contracts';
import { registerPolicy } from '../../platform/rbac.js';

export const repairOrdersPolicy = registerPolicy({
  'repair_order.read': [...DEALER_ROLES, ...OEM_ROLES],
  'repair_order.write': ['service_advisor', 'front_desk_supervisor', 'service_manager', 'workshop_controller', 'dealer_admin'],
});
