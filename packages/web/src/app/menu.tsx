import {
  AlertOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FundOutlined,
  MessageOutlined,
  MobileOutlined,
  PhoneOutlined,
  SettingOutlined,
  SmileOutlined,
  TeamOutlined,
  ToolOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { DEALER_ROLES, type Permission, type Role } from '@servicebay/contracts';
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
  /** And, when given, only to users holding one of these roles (the technician's phone page). */
  roles?: readonly Role[];
};

// The side menu. A new module adds one line here (and its routes in router.tsx).
export const MENU: MenuEntry[] = [
  { key: 'customers', path: '/customers', icon: <TeamOutlined />, labelKey: 'menu.customers', permission: 'customer.read' },
  { key: 'appointments', path: '/appointments', icon: <CalendarOutlined />, labelKey: 'menu.appointments', permission: 'appointment.read' },
  { key: 'call-list', path: '/appointments/call-list', icon: <PhoneOutlined />, labelKey: 'menu.callList', permission: 'appointment.book' },
  { key: 'follow-up', path: '/follow-up', icon: <CustomerServiceOutlined />, labelKey: 'menu.followUp', permission: 'follow_up.work' },
  { key: 'complaints', path: '/complaints', icon: <AlertOutlined />, labelKey: 'menu.complaints', permission: 'complaint.read' },
  { key: 'repair-orders', path: '/repair-orders', icon: <FileTextOutlined />, labelKey: 'menu.repairOrders', permission: 'repair_order.read' },
  // The board needs a dealer: the car maker's staff have no workshop.
  { key: 'workshop-board', path: '/workshop/board', icon: <DashboardOutlined />, labelKey: 'menu.workshopBoard', permission: 'repair_order.read', roles: DEALER_ROLES },
  { key: 'my-jobs', path: '/my-jobs', icon: <MobileOutlined />, labelKey: 'menu.myJobs', permission: 'repair_order.read', roles: ['technician'] },
  { key: 'tasks', path: '/tasks', icon: <CheckSquareOutlined />, labelKey: 'menu.tasks', permission: 'appointment.read' },
  { key: 'prepick', path: '/prepick', icon: <UnorderedListOutlined />, labelKey: 'menu.prepick', permission: 'parts.prepick' },
  { key: 'workshop', path: '/workshop/reservations', icon: <ToolOutlined />, labelKey: 'menu.workshop', permission: 'appointment.read' },
  { key: 'kpis', path: '/kpis/appointments', icon: <BarChartOutlined />, labelKey: 'menu.kpis', permission: 'kpi.read' },
  { key: 'service-kpis', path: '/kpis/service', icon: <FundOutlined />, labelKey: 'menu.serviceKpis', permission: 'kpi.read' },
  { key: 'csi', path: '/kpis/csi', icon: <SmileOutlined />, labelKey: 'menu.csi', permission: 'csi.read' },
  { key: 'messages', path: '/messages', icon: <MessageOutlined />, labelKey: 'menu.messages', permission: 'message.read' },
  { key: 'settings', path: '/settings/appointments', icon: <SettingOutlined />, labelKey: 'menu.appointmentSettings', permission: 'appointment.settings' },
];

export function menuFor(permissions: readonly Permission[], roles: readonly Role[] = []): MenuEntry[] {
  return MENU.filter((entry) => permissions.includes(entry.permission) && (!entry.roles || entry.roles.some((r) => roles.includes(r))));
}

/** The menu entry a path belongs to: the longest matching path (the vehicle pages sit under customers). */
export function activeMenuKey(pathname: string): string | undefined {
  if (pathname.startsWith('/vehicles')) return 'customers';
  if (pathname.startsWith('/visits') || pathname.startsWith('/reception')) return 'repair-orders';
  if (pathname.startsWith('/kpis/follow-up') || pathname.startsWith('/kpis/complaints')) return 'kpis';
  if (pathname.startsWith('/settings/questionnaires')) return 'csi';
  return MENU.filter((entry) => pathname === entry.path || pathname.startsWith(entry.path + '/')).sort((a, b) => b.path.length - a.path.length)[0]?.key;
}
