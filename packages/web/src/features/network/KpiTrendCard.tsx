import type { NetworkKpi, NetworkKpiQuery } from '@servicebay/contracts';
import { NETWORK_KPIS } from '@servicebay/contracts/constants';
import { Card, Select, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useKpiTrend } from '../../api/networkKpis';
import { EChart, type EChartOption } from '../../components/EChart';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { KPI_UNITS, lowerIsBetter, trendSeries } from './cockpit';
import { useFigureText } from './Figure';

const BLUE = '#1565c0';
const GREY = '#8c8c8c';

/** One KPI by month: a dealer (when one is picked) beside the network average. */
export function KpiTrendCard({
  kpi,
  dealerId,
  dealers,
  fixedDealer,
  query,
  onChange,
}: {
  kpi: NetworkKpi;
  dealerId: string | null;
  /** The dealers to pick from (the car maker's); none for a dealer's own managers. */
  dealers: { dealerId: string; code: string; name: string }[];
  /** A dealer's managers always see their own dealer. */
  fixedDealer: { id: string; name: string } | null;
  /** The cockpit's period and network narrowing. */
  query: NetworkKpiQuery;
  onChange: (next: { kpi: NetworkKpi; dealerId: string | null }) => void;
}) {
  const { t } = useTranslation();
  const format = useFigureText();
  const shownDealer = fixedDealer?.id ?? dealerId;
  const trend = useKpiTrend(kpi, shownDealer, query);
  const dealerName = fixedDealer?.name ?? dealers.find((d) => d.dealerId === dealerId)?.name ?? null;

  const option = useMemo<EChartOption | null>(() => {
    if (!trend.data) return null;
    const s = trendSeries(trend.data);
    const unit = KPI_UNITS[trend.data.kpi];
    // The series are as shown (money in yuan); the tooltip reads them back in the KPI's unit.
    const read = (v: unknown) => (typeof v === 'number' ? format(trend.data.kpi, unit === 'fen' ? v * 100 : v) : t('common.none'));
    return {
      tooltip: { trigger: 'axis', valueFormatter: read },
      legend: { top: 0 },
      grid: { left: 16, right: 24, top: 40, bottom: 24, containLabel: true },
      xAxis: { type: 'category', data: s.months },
      yAxis: {
        type: 'value',
        scale: true,
        ...(unit === 'percent' ? { max: (v: { max: number }) => Math.min(100, Math.ceil(v.max / 10) * 10) } : {}),
        axisLabel: { formatter: unit === 'percent' ? '{value}%' : unit === 'fen' ? '¥{value}' : '{value}' },
        name: t(`cockpit.units.${unit}`),
      },
      series: [
        ...(dealerName
          ? [
              {
                name: dealerName,
                type: 'line' as const,
                connectNulls: false,
                itemStyle: { color: BLUE },
                label: { show: s.months.length <= 12, formatter: (p: { value: unknown }) => (p.value === null ? '' : String(p.value)) },
                data: s.dealer,
              },
            ]
          : []),
        {
          name: t('cockpit.trend.network'),
          type: 'line' as const,
          connectNulls: false,
          itemStyle: { color: GREY },
          lineStyle: { type: 'dashed' as const },
          data: s.network,
        },
      ],
    };
  }, [trend.data, dealerName, format, t]);

  const empty = trend.data?.months.every((m) => m.dealer === null && m.network === null) ?? false;

  return (
    <Card
      title={t('cockpit.trend.title')}
      data-testid="cockpit-trend"
      extra={
        <Space wrap>
          <Select<NetworkKpi>
            value={kpi}
            onChange={(next) => onChange({ kpi: next, dealerId })}
            options={NETWORK_KPIS.map((k) => ({ value: k, label: t(`cockpit.kpis.${k}`) }))}
            style={{ minWidth: 200 }}
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('cockpit.trend.kpi')}
            data-testid="cockpit-trend-kpi"
          />
          {!fixedDealer && (
            <Select<string>
              allowClear
              value={dealerId ?? undefined}
              placeholder={t('cockpit.trend.networkOnly')}
              onChange={(next) => onChange({ kpi, dealerId: next ?? null })}
              options={dealers.map((d) => ({ value: d.dealerId, label: `${d.code} ${d.name}` }))}
              style={{ minWidth: 220 }}
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('cockpit.trend.dealer')}
              data-testid="cockpit-trend-dealer"
            />
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t(`cockpit.formulas.${kpi}`)}
        {lowerIsBetter(kpi) && ` · ${t('cockpit.legend.lowerIsBetter')}`}
      </Typography.Paragraph>
      {trend.isPending ? (
        <PageSkeleton cards={1} />
      ) : trend.isError ? (
        <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />
      ) : empty || !option ? (
        <EmptyState description={t('cockpit.trend.empty')} />
      ) : (
        <div style={{ opacity: trend.isPlaceholderData ? 0.6 : 1 }}>
          <EChart option={option} height={320} data-testid="cockpit-trend-chart" />
        </div>
      )}
    </Card>
  );
}
