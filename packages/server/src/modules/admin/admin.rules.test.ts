import { describe, expect, it } from 'vitest';
import { isTimeZone, openingHoursProblem, removesOwnAdminRole, roleNotAllowed } from './admin.rules.js';

describe('admin rules', () => {
  it('keeps dealer and car-maker roles apart', () => {
    expect(roleNotAllowed(['service_advisor', 'dealer_admin'], 'd1')).toBeNull();
    expect(roleNotAllowed(['service_advisor', 'oem_admin'], 'd1')).toBe('oem_admin');
    expect(roleNotAllowed(['dealer_admin'], null)).toBe('dealer_admin');
    expect(roleNotAllowed(['oem_analyst'], null)).toBeNull();
  });

  it('refuses an admin removing their own admin role, not someone else’s', () => {
    expect(removesOwnAdminRole({ userId: 'me', dealerId: 'd1' }, 'me', ['service_manager'])).toBe(true);
    expect(removesOwnAdminRole({ userId: 'me', dealerId: 'd1' }, 'me', ['service_manager', 'dealer_admin'])).toBe(false);
    expect(removesOwnAdminRole({ userId: 'me', dealerId: 'd1' }, 'other', ['service_manager'])).toBe(false);
    expect(removesOwnAdminRole({ userId: 'me', dealerId: null }, 'me', ['oem_analyst'])).toBe(true);
  });

  it('checks opening hours and time zones', () => {
    expect(openingHoursProblem({ opensAt: '08:30', closesAt: '18:00' })).toBeNull();
    expect(openingHoursProblem({ opensAt: '18:00', closesAt: '08:30' })).toBe('closes_before_opening');
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
