import type { RescueKpi } from '@servicebay/contracts';
import { Card, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRescueKpi } from '../../api/rescue';
import { dealerDate } from '../../components/dealerTime';
import { EChart, type EChartOption } from '../../components/EChart';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { RescueKpiCard } from '../rescue/RescueKpi';
import { KpiHeader, standardPresets } from './KpiHeader';

/** The median response by month, one line per dealer. */
function trendOption(kpi: RescueKpi, unit: string): EChartOption {
  const months = [...new Set(kpi.dealers.flatMap((d) => d.months.map((m) => m.month)))].sort();
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${v} ${unit}`) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: `{value}` } },
    series: kpi.dealers.map((d) => ({
      name: d.dealer.name,
      type: 'line',
      connectNulls: true,
      data: months.map((month) => d.months.find((m) => m.month === month)?.medianResponseMinutes ?? null),
    })),
  };
}

/** 救援KPI: the response time (call → unit on site) per dealer and month, against each dealer's target. */
export function RescueKpiPage() {
  const { t } = useTranslation();
  const carMaker = useIsCarMaker();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(dealerDate(-89)), dayjs(dealerDate(0))]);
  const [dealerId, setDealerId] = useState<string | undefined>(undefined);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const kpi = useRescueKpi({ from, to, dealerId });
  const option = useMemo(() => (kpi.data ? trendOption(kpi.data, t('rescue.minutes')) : null), [kpi.data, t]);

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="rescue-kpi-page">
      <KpiHeader
        title={t('rescue.kpi.pageTitle')}
        range={range}
        onRange={setRange}
        presets={standardPresets(t)}
        extra={carMaker ? <NetworkDealerFilter value={dealerId} onChange={setDealerId} /> : null}
      />
      {kpi.isPending ? (
        <PageSkeleton cards={2} />
      ) : kpi.isError ? (
        <ErrorState error={kpi.error} onRetry={() => void kpi.refetch()} />
      ) : (
        <>
          <RescueKpiCard kpi={kpi.data} loading={kpi.isPlaceholderData} />
          {option && (
            <Card title={t('rescue.kpi.median')}>
              <EChart option={option} height={280} data-testid="rescue-kpi-trend" />
              <Typography.Text type="secondary">{t('rescue.units.targetHint')}</Typography.Text>
            </Card>
          )}
        </>
      )}
    </div>
  );
}
