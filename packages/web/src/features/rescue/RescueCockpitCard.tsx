import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useRescueKpi } from '../../api/rescue';
import { useCan } from '../../app/session';
import { dealerDate } from '../../components/dealerTime';
import { RescueKpiCard } from './RescueKpi';

/** The cockpit's months as the rescue KPI's days: to the end of the last month (today at most), a year at most. */
export function cockpitDays(fromMonth: string, toMonth: string, today: string): { from: string; to: string } {
  const end = dayjs(`${toMonth}-01`).endOf('month').format('YYYY-MM-DD');
  const to = end > today ? today : end;
  const earliest = dayjs(to).subtract(365, 'day').format('YYYY-MM-DD');
  const from = `${fromMonth}-01` < earliest ? earliest : `${fromMonth}-01`;
  return { from: from > to ? to : from, to };
}

/** What a cockpit card reads: the cockpit's months and its network filter. */
export type CockpitCardProps = {
  from: string;
  to: string;
  region?: string | undefined;
  city?: string | undefined;
  grade?: string | undefined;
};

/** 救援响应 in the cockpit: each dealer's response time over the cockpit's months (the car maker: every dealer). */
export function RescueCockpitCard({ from, to, region, city, grade }: CockpitCardProps) {
  const { t } = useTranslation();
  const canRead = useCan('rescue.read');
  const kpi = useRescueKpi({ ...cockpitDays(from, to, dealerDate(0)), region, city, grade }, canRead);
  if (!canRead || !kpi.data) return null;
  return <RescueKpiCard kpi={kpi.data} loading={kpi.isPlaceholderData} title={t('rescue.kpi.cockpitTitle')} />;
}
