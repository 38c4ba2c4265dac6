import { registerPolicy } from '../../platform/rbac.js';

export const drivePolicy = registerPolicy({
  'drive.read': ['service_advisor', 'front_desk_supervisor', 'service_manager', 'workshop_controller'],
});
