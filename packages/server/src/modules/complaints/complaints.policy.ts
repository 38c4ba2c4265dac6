import { DEALER_ROLES } from '@servicebay/contracts';
import { registerPolicy } from '../../platform/rbac.js';

// First-responder responsibility (首问负责制): whoever receives a complaint registers it, so every
// member of staff who meets customers may. The car maker's staff read the escalated cases; its
// complaint desk registers, assigns and sets deadlines.
const FRONT_LINE = DEALER_ROLES.filter((role) => role !== 'technician' && role !== 'quality_inspector');

export const complaintsPolicy = registerPolicy({
  'complaint.read': [...DEALER_ROLES, 'oem_complaint_desk', 'oem_admin', 'oem_analyst'],
  'complaint.register': FRONT_LINE,
  'complaint.manage': ['service_manager', 'general_manager', 'dealer_admin'],
  'complaint.network': ['oem_complaint_desk', 'oem_admin'],
});
