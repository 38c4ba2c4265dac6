import type { Permission, Role } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import { landingPath } from './landing';

const ALL: Permission[] = [
  'kpi.read',
  'repair_order.read',
  'follow_up.work',
  'appointment.read',
  'parts.prepick',
  'complaint.read',
  'user.manage',
  'network.manage',
  'csi.read',
  'warranty.read',
];
const as = (...roles: Role[]) => landingPath({ roles, permissions: ALL });

describe('landing page by role', () => {
  it('sends each role to its workspace, not the customer list', () => {
    expect(as('technician')).toBe('/my-jobs');
    expect(as('service_advisor')).toBe('/my-day');
    expect(as('cashier')).toBe('/repair-orders?status=to_settle');
    expect(as('appointment_agent')).toBe('/follow-up');
    expect(as('customer_relations')).toBe('/follow-up');
    expect(as('service_manager')).toBe('/today');
    expect(as('general_manager')).toBe('/today');
    expect(as('dealer_admin')).toBe('/admin/staff');
    expect(as('oem_admin')).toBe('/admin/dealers');
    expect(as('oem_analyst')).toBe('/network/cockpit');
    expect(as('warranty_clerk')).toBe('/warranty/claims');
    expect(as('oem_warranty_reviewer')).toBe('/warranty/claims');
  });

  it('takes the first workspace of several roles, and needs the permission behind it', () => {
    expect(as('dealer_admin', 'service_advisor')).toBe('/my-day');
    expect(landingPath({ roles: ['dealer_admin'], permissions: ['customer.read'] })).toBe('/customers');
    expect(landingPath({ roles: ['warranty_clerk'], permissions: ['customer.read', 'vehicle.read'] })).toBe('/customers');
    // The service manager who also works the claims starts on the day's overview.
    expect(as('service_manager', 'warranty_clerk')).toBe('/today');
    expect(as('oem_admin', 'oem_warranty_reviewer')).toBe('/admin/dealers');
  });
});
