import type { Permission, Role } from '@servicebay/contracts';

/**
 * Where a role's work starts, in order of precedence: a person holding several roles lands on the
 * first one's workspace. Nobody lands on the customer list unless that is their work.
 */
const LANDINGS: readonly { roles: readonly Role[]; path: string; permission: Permission }[] = [
  { roles: ['technician'], path: '/my-jobs', permission: 'repair_order.read' },
  { roles: ['driver'], path: '/my-pickups', permission: 'pickup.drive' },
  { roles: ['service_advisor'], path: '/my-day', permission: 'repair_order.read' },
  { roles: ['cashier'], path: '/repair-orders?status=to_settle', permission: 'repair_order.read' },
  { roles: ['appointment_agent', 'customer_relations'], path: '/follow-up', permission: 'follow_up.work' },
  { roles: ['quality_inspector', 'workshop_controller'], path: '/workshop/board', permission: 'repair_order.read' },
  { roles: ['front_desk_supervisor'], path: '/appointments', permission: 'appointment.read' },
  { roles: ['parts_manager'], path: '/prepick', permission: 'parts.prepick' },
  { roles: ['service_manager', 'general_manager'], path: '/today', permission: 'kpi.read' },
  { roles: ['technical_director'], path: '/complaints', permission: 'complaint.read' },
  { roles: ['warranty_clerk'], path: '/warranty/claims', permission: 'warranty.read' },
  { roles: ['dealer_admin'], path: '/admin/staff', permission: 'user.manage' },
  { roles: ['oem_admin'], path: '/admin/dealers', permission: 'network.manage' },
  { roles: ['oem_complaint_desk'], path: '/complaints', permission: 'complaint.read' },
  { roles: ['oem_warranty_reviewer'], path: '/warranty/claims', permission: 'warranty.read' },
  { roles: ['oem_analyst'], path: '/network/cockpit', permission: 'kpi.read' },
];

export function landingPath(user: { roles: readonly Role[]; permissions: readonly Permission[] }): string {
  const landing = LANDINGS.find((l) => l.roles.some((r) => user.roles.includes(r)) && user.permissions.includes(l.permission));
  return landing?.path ?? '/customers';
}
