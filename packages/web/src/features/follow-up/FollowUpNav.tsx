import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useCan } from '../../app/session';

type Page = 'workbench' | 'winBack' | 'plans' | 'settings' | 'kpis';
const PATHS: Record<Page, string> = {
  workbench: '/follow-up',
  winBack: '/follow-up/win-back',
  plans: '/follow-up/plans',
  settings: '/follow-up/settings',
  kpis: '/kpis/follow-up',
};

/** The care centre's pages, switched at the top of each: calls, win-back, plans, timers, KPIs. */
export function FollowUpNav() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const canManage = useCan('follow_up.manage');
  const canSeeKpis = useCan('kpi.read');
  const pages: Page[] = [
    'workbench',
    'winBack',
    'plans',
    ...(canManage ? (['settings'] as const) : []),
    ...(canSeeKpis ? (['kpis'] as const) : []),
  ];
  const current =
    (Object.entries(PATHS) as [Page, string][]).filter(([, path]) => pathname === path).map(([page]) => page)[0] ?? 'workbench';
  return (
    <Segmented<Page>
      size="large"
      value={current}
      onChange={(page) => void navigate(PATHS[page])}
      options={pages.map((page) => ({ value: page, label: t(`followUp.nav.${page}`) }))}
      data-testid="follow-up-nav"
    />
  );
}
