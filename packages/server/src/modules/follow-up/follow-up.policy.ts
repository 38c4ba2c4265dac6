import { registerPolicy } from '../../platform/rbac.js';

export const followUpPolicy = registerPolicy({
  'follow_up.work': [
    'customer_relations',
    'appointment_agent',
    'service_advisor',
    'front_desk_supervisor',
    'service_manager',
    'general_manager',
    'dealer_admin',
  ],
  'follow_up.manage': ['front_desk_supervisor', 'service_manager', 'general_manager', 'dealer_admin'],
});
