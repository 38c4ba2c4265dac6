import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useCan } from '../../app/session';

const PAGES = ['appointments', 'service', 'follow-up'] as const;
type KpiPage = (typeof PAGES)[number];
const LABELS = { appointments: 'kpiNav.appointments', service: 'kpiNav.service', 'follow-up': 'kpiNav.followUp' } as const;

/** The KPI area's pages, switched at the top of each: appointments, the service drive and workshop, follow-up. */
export function KpiNav() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // Follow-up KPIs are a dealer's (the car maker's analysts have no call centre of their own).
  const canSeeFollowUp = useCan('follow_up.work');
  const current: KpiPage = pathname.startsWith('/kpis/service') ? 'service' : pathname.startsWith('/kpis/follow-up') ? 'follow-up' : 'appointments';
  return (
    <Segmented<KpiPage>
      size="large"
      value={current}
      onChange={(page) => void navigate(`/kpis/${page}`)}
      options={PAGES.filter((page) => page !== 'follow-up' || canSeeFollowUp).map((page) => ({ value: page, label: t(LABELS[page]) }))}
      data-testid="kpi-nav"
    />
  );
}
