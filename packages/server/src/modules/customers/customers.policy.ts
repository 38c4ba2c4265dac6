import { DEALER_ROLES, OEM_ROLES } from '@servicebay/contracts';
import { registerPolicy } from '../../platform/rbac.js';

// Everyone on staff can look a customer up; those who talk to customers may change the record.
export const customersPolicy = registerPolicy({
  'customer.read': [...DEALER_ROLES, ...OEM_ROLES],
  'customer.write': [
    'service_advisor',
    'appointment_agent',
    'customer_relations',
    'front_desk_supervisor',
    'service_manager',
    'general_manager',
    'dealer_admin',
    'oem_admin',
    'oem_complaint_desk',
  ],
  'data.import': ['dealer_admin', 'service_manager', 'oem_admin'],
  'data.export': ['dealer_admin', 'service_manager', 'general_manager', 'oem_admin', 'oem_analyst'],
});
