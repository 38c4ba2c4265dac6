import { TeamOutlined } from '@ant-design/icons';
import type { Permission } from '@servicebay/contracts';
import type { ParseKeys } from 'i18next';
import type { ReactNode } from 'react';

export type MenuEntry = {
  key: string;
  /** Where the item leads; the item is highlighted on this path and below it. */
  path: string;
  icon: ReactNode;
  labelKey: ParseKeys;
  /** Shown only to users holding this permission. */
  permission: Permission;
};

// The side menu. A new module adds one line here (and its routes in router.tsx).
export const MENU: MenuEntry[] = [
  { key: 'customers', path: '/customers', icon: <TeamOutlined />, labelKey: 'menu.customers', permission: 'customer.read' },
];

export function menuFor(permissions: readonly Permission[]): MenuEntry[] {
  return MENU.filter((entry) => permissions.includes(entry.permission));
}

/** The menu entry a path belongs to (the vehicle pages sit under customers). */
export function activeMenuKey(pathname: string): string | undefined {
  if (pathname.startsWith('/vehicles')) return 'customers';
  return MENU.find((entry) => pathname === entry.path || pathname.startsWith(entry.path + '/'))?.key;
}
