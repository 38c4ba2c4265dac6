import { DEALER_ROLES, MESSAGE_READ_ROLES, OEM_ROLES } from '@servicebay/contracts';
import { registerPolicy } from '../../platform/rbac.js';

export const appointmentsPolicy = registerPolicy({
  'appointment.read': [...DEALER_ROLES, ...OEM_ROLES],
  'appointment.book': [
    'appointment_agent',
    'service_advisor',
    'front_desk_supervisor',
    'customer_relations',
    'service_manager',
    'dealer_admin',
  ],
  'appointment.assign': ['front_desk_supervisor', 'service_manager', 'dealer_admin'],
  'appointment.settings': ['service_manager', 'dealer_admin'],
  'appointment.checkin': ['service_advisor', 'front_desk_supervisor', 'service_manager'],
  'parts.prepick': ['parts_manager', 'service_manager'],
  'kpi.read': [
    'service_manager',
    'general_manager',
    'front_desk_supervisor',
    'customer_relations',
    'dealer_admin',
    'oem_analyst',
    'oem_admin',
  ],
  // One list with the message log page, which says who can see it.
  'message.read': MESSAGE_READ_ROLES,
});
