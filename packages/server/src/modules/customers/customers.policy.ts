import { DEALER_ROLES, OEM_ROLES } from '@servicebay/contracts';
import { registerPolicy } from '../../platform/rbac.js';

// Everyone on staff can look a customer up; those who talk to customers may change the record.
export const customersPolicy = registerPolicy({
  'customer.read': [...DEALER_ROLES, ...OEM_ROLES],
  // Everyone who may talk to a customer receives the full mobile and birthday; the workshop floor
  // (technicians, quality inspectors, the workshop controller) works on the car, the advisor talks
  // to its owner, so the API gives them the mobile masked and no birthday (domain.md §1).
  'customer.contact.read': [
    ...DEALER_ROLES.filter((r) => r !== 'technician' && r !== 'quality_inspector' && r !== 'workshop_controller'),
    ...OEM_ROLES,
  ],
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
