import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useCan, useUser } from '../../app/session';

const PAGES = ['appointments', 'service', 'follow-up', 'complaints', 'csi', 'rescue', 'value-added'] as const;
type KpiPage = (typeof PAGES)[number];
const LABELS = {
  appointments: 'kpiNav.appointments',
  service: 'kpiNav.service',
  'follow-up': 'kpiNav.followUp',
  complaints: 'kpiNav.complaints',
  csi: 'kpiNav.csi',
  rescue: 'kpiNav.rescue',
  'value-added': 'kpiNav.valueAdded',
} as const;

/** The KPI area's pages, switched at the top of each: appointments, the service drive and workshop, follow-up, complaints, CSI, rescue, the value-added services. */
export function KpiNav() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // Follow-up KPIs: a dealer's care centre reads its own; the car maker reads its network's.
  const carMaker = !useUser().dealer;
  const canSeeFollowUp = useCan('follow_up.work') || carMaker;
  // The complaint analysis is open to whoever reads complaints (the car maker's complaint desk too).
  const canSeeComplaints = useCan('complaint.read');
  const canSeeKpis = useCan('kpi.read');
  const canSeeCsi = useCan('csi.read');
  const canSeeRescue = useCan('rescue.read');
  const current: KpiPage = pathname.startsWith('/kpis/service')
    ? 'service'
    : pathname.startsWith('/kpis/follow-up')
      ? 'follow-up'
      : pathname.startsWith('/kpis/complaints')
        ? 'complaints'
        : pathname.startsWith('/kpis/csi')
          ? 'csi'
          : pathname.startsWith('/kpis/rescue')
            ? 'rescue'
            : pathname.startsWith('/kpis/value-added')
              ? 'value-added'
              : 'appointments';
  const shown = (page: KpiPage) =>
    page === 'complaints'
      ? canSeeComplaints
      : page === 'csi'
        ? canSeeCsi
        : page === 'rescue'
          ? canSeeRescue && canSeeKpis
          : canSeeKpis && (page !== 'follow-up' || canSeeFollowUp);
  return (
    <Segmented<KpiPage>
      size="large"
      value={current}
      onChange={(page) => void navigate(`/kpis/${page}`)}
      options={PAGES.filter(shown).map((page) => ({ value: page, label: t(LABELS[page]) }))}
      data-testid="kpi-nav"
    />
  );
}
