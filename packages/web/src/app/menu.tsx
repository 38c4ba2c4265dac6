import {
  AccountBookOutlined,
  AlertOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CarOutlined,
  CheckSquareOutlined,
  CrownOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FlagOutlined,
  FundOutlined,
  GiftOutlined,
  HomeOutlined,
  KeyOutlined,
  MessageOutlined,
  MobileOutlined,
  PhoneOutlined,
  RadarChartOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  ShopOutlined,
  SmileOutlined,
  TeamOutlined,
  ToolOutlined,
  TrophyOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Permission, Role } from '@servicebay/contracts';
import { SCORECARD_ROLES } from '@servicebay/contracts/constants';
import type { ParseKeys } from 'i18next';
import type { ReactNode } from 'react';

export type MenuEntry = {
  key: string;
  /** Where the item leads; the item is highlighted on this path and below it. */
  path: string;
  /** Other pages that belong to the item (highlighted on them and below them too). */
  also?: readonly string[];
  icon: ReactNode;
  labelKey: ParseKeys;
  /** Shown only to users holding this permission. */
  permission: Permission;
  /** And, when given, only to users holding one of these roles (the technician's phone page). */
  roles?: readonly Role[];
};

// The side menu. A new module adds one line here (and its routes in router.tsx).
export const MENU: MenuEntry[] = [
  {
    key: 'today',
    path: '/today',
    icon: <HomeOutlined />,
    labelKey: 'menu.today',
    permission: 'kpi.read',
    roles: ['service_manager', 'general_manager'],
  },
  {
    key: 'my-day',
    path: '/my-day',
    icon: <HomeOutlined />,
    labelKey: 'menu.myDay',
    permission: 'repair_order.read',
    roles: ['service_advisor'],
  },
  {
    key: 'customers',
    path: '/customers',
    also: ['/vehicles'],
    icon: <TeamOutlined />,
    labelKey: 'menu.customers',
    permission: 'customer.read',
  },
  {
    key: 'customer-value',
    path: '/customer-value',
    icon: <CrownOutlined />,
    labelKey: 'menu.customerValue',
    permission: 'customer_value.read',
  },
  // The dealer's staff who lend loaners work the fleet there; the car maker reads its utilisation by dealer.
  { key: 'loaners', path: '/loaners', icon: <CarOutlined />, labelKey: 'menu.loaners', permission: 'loaner.utilisation' },
  { key: 'costs', path: '/costs', icon: <AccountBookOutlined />, labelKey: 'menu.costs', permission: 'cost.read' },
  { key: 'club', path: '/club', icon: <GiftOutlined />, labelKey: 'menu.club', permission: 'club.overview' },
  // Customer activities: run by the care centre and the service manager, read by advisors and agents and by the car maker.
  { key: 'activities', path: '/activities', icon: <FlagOutlined />, labelKey: 'menu.activities', permission: 'activity.read' },
  {
    key: 'process-checks',
    path: '/process-checks',
    icon: <AuditOutlined />,
    labelKey: 'menu.processChecks',
    permission: 'process_check.read',
  },
  { key: 'appointments', path: '/appointments', icon: <CalendarOutlined />, labelKey: 'menu.appointments', permission: 'appointment.read' },
  { key: 'call-list', path: '/appointments/call-list', icon: <PhoneOutlined />, labelKey: 'menu.callList', permission: 'appointment.book' },
  {
    key: 'follow-up',
    path: '/follow-up',
    also: ['/kpis/follow-up'],
    icon: <CustomerServiceOutlined />,
    labelKey: 'menu.followUp',
    permission: 'follow_up.work',
  },
  {
    key: 'complaints',
    path: '/complaints',
    also: ['/kpis/complaints'],
    icon: <AlertOutlined />,
    labelKey: 'menu.complaints',
    permission: 'complaint.read',
  },
  // The rescue desk for those who take and dispatch the calls (customer relations, the front desk
  // supervisor, the service manager: 'rescue.work'); managers and the car maker read its KPI in the KPI pages.
  {
    key: 'rescue',
    path: '/rescue',
    also: ['/kpis/rescue'],
    icon: <AlertOutlined />,
    labelKey: 'menu.rescue',
    permission: 'rescue.work',
  },
  {
    key: 'warranty',
    path: '/warranty/claims',
    // One entry for the whole area; its pages are switched at the top of each (WarrantyNav).
    also: ['/warranty/policies', '/warranty/campaigns', '/warranty/sanbao', '/warranty/analysis', '/warranty/settlements'],
    icon: <SafetyCertificateOutlined />,
    labelKey: 'menu.warranty',
    permission: 'warranty.read',
  },
  {
    key: 'repair-orders',
    path: '/repair-orders',
    also: ['/visits', '/reception'],
    icon: <FileTextOutlined />,
    labelKey: 'menu.repairOrders',
    permission: 'repair_order.read',
  },
  // The drive needs a dealer: the car maker's staff have no workshop (they read the progress board across dealers).
  { key: 'drive', path: '/drive', icon: <CarOutlined />, labelKey: 'menu.drive', permission: 'drive.read' },
  {
    key: 'workshop-board',
    path: '/workshop/board',
    icon: <DashboardOutlined />,
    labelKey: 'menu.workshopBoard',
    permission: 'repair_order.read',
  },
  {
    key: 'my-jobs',
    path: '/my-jobs',
    icon: <MobileOutlined />,
    labelKey: 'menu.myJobs',
    permission: 'repair_order.read',
    roles: ['technician'],
  },
  {
    key: 'my-pickups',
    path: '/my-pickups',
    icon: <CarOutlined />,
    labelKey: 'menu.myPickups',
    permission: 'pickup.drive',
    roles: ['driver'],
  },
  { key: 'pickup', path: '/pickup', icon: <CarOutlined />, labelKey: 'menu.pickup', permission: 'pickup.read' },
  { key: 'tasks', path: '/tasks', icon: <CheckSquareOutlined />, labelKey: 'menu.tasks', permission: 'appointment.read' },
  { key: 'prepick', path: '/prepick', icon: <UnorderedListOutlined />, labelKey: 'menu.prepick', permission: 'parts.prepick' },
  { key: 'workshop', path: '/workshop/reservations', icon: <ToolOutlined />, labelKey: 'menu.workshop', permission: 'appointment.read' },
  {
    key: 'network-cockpit',
    path: '/network/cockpit',
    icon: <RadarChartOutlined />,
    labelKey: 'cockpit.menu',
    permission: 'kpi.read',
  },
  { key: 'kpis', path: '/kpis/appointments', icon: <BarChartOutlined />, labelKey: 'menu.kpis', permission: 'kpi.read' },
  { key: 'service-kpis', path: '/kpis/service', icon: <FundOutlined />, labelKey: 'menu.serviceKpis', permission: 'kpi.read' },
  {
    key: 'csi',
    path: '/kpis/csi',
    also: ['/settings/questionnaires'],
    icon: <SmileOutlined />,
    labelKey: 'menu.csi',
    permission: 'csi.read',
  },
  // 我的考核 for the staff a scorecard is kept for; the team's for those who manage them.
  {
    key: 'my-scorecard',
    path: '/scorecards/me',
    icon: <TrophyOutlined />,
    labelKey: 'menu.myScorecard',
    permission: 'scorecard.read_own',
    roles: SCORECARD_ROLES,
  },
  {
    key: 'team-scorecards',
    path: '/scorecards/team',
    icon: <TrophyOutlined />,
    labelKey: 'menu.teamScorecards',
    permission: 'scorecard.read_team',
  },
  {
    key: 'network-scorecards',
    path: '/network/scorecards',
    icon: <TrophyOutlined />,
    labelKey: 'menu.networkScorecards',
    permission: 'scorecard.network',
  },
  { key: 'messages', path: '/messages', icon: <MessageOutlined />, labelKey: 'menu.messages', permission: 'message.read' },
  {
    key: 'settings',
    path: '/settings/appointments',
    icon: <SettingOutlined />,
    labelKey: 'menu.appointmentSettings',
    permission: 'appointment.settings',
  },
  { key: 'admin-staff', path: '/admin/staff', icon: <UserOutlined />, labelKey: 'menu.staff', permission: 'user.manage' },
  { key: 'admin-tokens', path: '/admin/tokens', icon: <KeyOutlined />, labelKey: 'menu.apiTokens', permission: 'user.manage' },
  { key: 'admin-webhooks', path: '/admin/webhooks', icon: <ApiOutlined />, labelKey: 'menu.webhooks', permission: 'webhook.manage' },
  { key: 'admin-dealers', path: '/admin/dealers', icon: <ShopOutlined />, labelKey: 'menu.dealers', permission: 'network.manage' },
];

export function menuFor(permissions: readonly Permission[], roles: readonly Role[] = []): MenuEntry[] {
  return MENU.filter((entry) => permissions.includes(entry.permission) && (!entry.roles || entry.roles.some((r) => roles.includes(r))));
}

/**
 * The menu entry a path belongs to: the entry with the longest path (its own or one it also covers)
 * that the path is on or below. /appointments/call-list is the call list's, not the appointments';
 * the follow-up KPIs are the follow-up's, never the appointment KPIs'.
 */
export function activeMenuKey(pathname: string, entries: readonly Pick<MenuEntry, 'key' | 'path' | 'also'>[] = MENU): string | undefined {
  let best: { key: string; length: number } | undefined;
  for (const entry of entries) {
    for (const path of [entry.path, ...(entry.also ?? [])]) {
      const matches = pathname === path || pathname.startsWith(`${path}/`);
      if (matches && (!best || path.length > best.length)) best = { key: entry.key, length: path.length };
    }
  }
  return best?.key;
}
