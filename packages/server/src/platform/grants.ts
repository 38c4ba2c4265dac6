import { DEALER_ROLES, MESSAGE_READ_ROLES, OEM_ROLES, type Permission, type Role } from '@servicebay/contracts';

// Which roles hold each permission, declared once for the whole server. The table is exhaustive
// (a new permission does not compile until it names its roles). What may be done to one record
// (close this complaint, edit this RO) is decided by the module's `*.policy.ts` on top of these.

const EVERYONE = [...DEALER_ROLES, ...OEM_ROLES] as const;

// First-responder responsibility (首问负责制): whoever receives a complaint registers it, so every
// member of staff who meets customers may.
const FRONT_LINE = DEALER_ROLES.filter((role) => role !== 'technician' && role !== 'quality_inspector');

// Who books a pick-up and assigns its driver: the advisors and agents who take the booking, and the desk.
const PICKUP_DESK = ['service_advisor', 'appointment_agent', 'front_desk_supervisor', 'service_manager'] as const satisfies readonly Role[];

// Who runs customer activities: the service manager, customer relations (the care centre) and the dealer's admin.
const ACTIVITY_MANAGERS = ['service_manager', 'customer_relations', 'dealer_admin'] as const satisfies readonly Role[];

const CAR_MAKER_READERS = ['oem_analyst', 'oem_admin', 'oem_complaint_desk'] as const satisfies readonly Role[];

export const GRANTS: Record<Permission, readonly Role[]> = {
  'customer.read': EVERYONE,
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
  'vehicle.read': EVERYONE,
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
  'network.read': EVERYONE,
  'network.manage': ['oem_admin'],
  'user.manage': ['dealer_admin', 'oem_admin'],
  'data.import': ['dealer_admin', 'service_manager', 'oem_admin'],
  'data.export': ['dealer_admin', 'service_manager', 'general_manager', 'oem_admin', 'oem_analyst'],
  'appointment.read': EVERYONE,
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
  'repair_order.read': EVERYONE,
  'repair_order.write': ['service_advisor', 'front_desk_supervisor', 'service_manager', 'workshop_controller', 'dealer_admin'],
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
  'complaint.read': [...DEALER_ROLES, ...CAR_MAKER_READERS],
  'complaint.register': FRONT_LINE,
  'complaint.manage': ['service_manager', 'general_manager', 'dealer_admin'],
  'complaint.network': ['oem_complaint_desk', 'oem_admin'],
  'csi.read': ['customer_relations', 'front_desk_supervisor', 'service_manager', 'general_manager', 'dealer_admin', ...CAR_MAKER_READERS],
  'csi.manage': ['service_manager', 'general_manager', 'dealer_admin', 'oem_admin'],
  'survey.record': [
    'customer_relations',
    'appointment_agent',
    'front_desk_supervisor',
    'service_manager',
    'general_manager',
    'dealer_admin',
  ],
  'drive.read': ['service_advisor', 'front_desk_supervisor', 'service_manager', 'workshop_controller'],
  'warranty.read': [
    'warranty_clerk',
    'service_advisor',
    'front_desk_supervisor',
    'service_manager',
    'general_manager',
    'dealer_admin',
    'oem_warranty_reviewer',
    'oem_analyst',
    'oem_admin',
  ],
  'warranty.claim': ['warranty_clerk', 'service_manager'],
  'warranty.review': ['oem_warranty_reviewer', 'oem_admin'],
  'warranty.policy': ['oem_warranty_reviewer', 'oem_admin'],
  'warranty.sanbao': ['service_manager', 'general_manager', 'oem_warranty_reviewer', 'oem_admin'],
  'customer_value.read': [
    'customer_relations',
    'front_desk_supervisor',
    'service_manager',
    'general_manager',
    'dealer_admin',
    'oem_analyst',
    'oem_admin',
  ],
  'customer_value.manage': ['service_manager', 'general_manager'],
  'cost.read': ['service_manager', 'general_manager', 'dealer_admin', 'oem_analyst', 'oem_admin'],
  'cost.manage': ['service_manager', 'general_manager'],
  'loaner.read': ['service_advisor', 'front_desk_supervisor', 'service_manager', 'general_manager', 'dealer_admin'],
  'loaner.reserve': ['service_advisor', 'front_desk_supervisor', 'service_manager'],
  'loaner.manage': ['front_desk_supervisor', 'service_manager'],
  'loaner.utilisation': [
    'service_advisor',
    'front_desk_supervisor',
    'service_manager',
    'general_manager',
    'dealer_admin',
    'oem_analyst',
    'oem_admin',
  ],
  'process_check.read': [
    'customer_relations',
    'front_desk_supervisor',
    'service_manager',
    'general_manager',
    'dealer_admin',
    'oem_analyst',
    'oem_admin',
  ],
  'process_check.manage': ['service_manager', 'general_manager'],
  'process_check.spot_check': ['customer_relations', 'front_desk_supervisor', 'service_manager'],
  'process_check.drill': ['front_desk_supervisor', 'service_manager'],
  'scorecard.read_own': DEALER_ROLES,
  // The managers of a team (contracts SCORECARD_TEAM_OF says whose cards each sees).
  'scorecard.read_team': ['front_desk_supervisor', 'workshop_controller', 'service_manager', 'general_manager', 'dealer_admin'],
  'scorecard.settings': ['service_manager', 'general_manager'],
  'scorecard.network': ['oem_analyst', 'oem_admin'],
  'pickup.read': [...PICKUP_DESK, 'general_manager', 'dealer_admin', 'oem_analyst', 'oem_admin'],
  'pickup.manage': PICKUP_DESK,
  'pickup.settings': ['service_manager', 'dealer_admin'],
  'pickup.drive': ['driver'],
  // The rescue desk is worked where calls come in: customer relations takes the call, the front desk
  // supervisor and the service manager dispatch and cover; managers and the car maker read the KPI.
  'rescue.read': [
    'customer_relations',
    'front_desk_supervisor',
    'service_manager',
    'general_manager',
    'dealer_admin',
    'oem_analyst',
    'oem_admin',
  ],
  'rescue.work': ['customer_relations', 'front_desk_supervisor', 'service_manager'],
  'rescue.manage': ['front_desk_supervisor', 'service_manager'],
  'club.read': EVERYONE,
  'club.enrol': ['service_advisor', 'cashier', 'customer_relations', 'front_desk_supervisor', 'service_manager', 'dealer_admin'],
  'club.settings': ['oem_admin'],
  'club.overview': ['service_manager', 'general_manager', 'dealer_admin', 'oem_analyst', 'oem_admin'],
  // Customer activities are run by the care centre and the service manager; the advisors and agents
  // who talk to the invited customers read them; the car maker reads its dealers' and their reports.
  'activity.read': [
    ...ACTIVITY_MANAGERS,
    'service_advisor',
    'appointment_agent',
    'front_desk_supervisor',
    'general_manager',
    ...CAR_MAKER_READERS,
  ],
  'activity.manage': ACTIVITY_MANAGERS,
  // Connecting other systems is the dealer's admin's, and the service manager's who runs the after-sales systems.
  'webhook.manage': ['dealer_admin', 'service_manager', 'oem_admin'],
  'archive.download': ['dealer_admin', 'oem_admin'],
};
