import { DEALER_ROLES, OEM_ROLES } from '@servicebay/contracts';
import { registerPolicy } from '../../platform/rbac.js';

export const vehiclesPolicy = registerPolicy({
  'vehicle.read': [...DEALER_ROLES, ...OEM_ROLES],
  'vehicle.write': [
    'service_advisor',
    'appointment_agent',
    'customer_relations',
    'front_desk_supervisor',
    'warranty_clerk',
    'service_manager',
    'general_manager',
    'dealer_admin',
    'oem_admin',
  ],
});
