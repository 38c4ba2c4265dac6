import { registerPolicy } from '../../platform/rbac.js';

// The dashboard is for whoever reads KPIs and for the care centre; questionnaires are the managers'
// (the car maker's admin for the network's); agents record a survey on a follow-up call.
export const csiPolicy = registerPolicy({
  'csi.read': [
    'customer_relations',
    'front_desk_supervisor',
    'service_manager',
    'general_manager',
    'dealer_admin',
    'oem_analyst',
    'oem_admin',
    'oem_complaint_desk',
  ],
  'csi.manage': ['service_manager', 'general_manager', 'dealer_admin', 'oem_admin'],
  'survey.record': [
    'customer_relations',
    'appointment_agent',
    'front_desk_supervisor',
    'service_manager',
    'general_manager',
    'dealer_admin',
  ],
});
