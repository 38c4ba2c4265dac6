import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

const PAGES = ['appointments', 'service'] as const;
type KpiPage = (typeof PAGES)[number];

/** The KPI area's pages, switched at the top of each: appointments, and the service drive and workshop. */
export function KpiNav() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current: KpiPage = pathname.startsWith('/kpis/service') ? 'service' : 'appointments';
  return (
    <Segmented<KpiPage>
      size="large"
      value={current}
      onChange={(page) => void navigate(`/kpis/${page}`)}
      options={PAGES.map((page) => ({ value: page, label: t(`kpiNav.${page}`) }))}
      data-testid="kpi-nav"
    />
  );
}
