import { useQuery } from '@tanstack/react-query';
import { Card, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AppointmentKpiRow, appointmentKeys, appointmentsApi, type KpiGroupBy } from '../../api/appointments';
import { dealerDate } from '../../components/dealerTime';
import { EChart, type EChartOption } from '../../components/EChart';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { ArrivalFlowCard } from './ArrivalFlowCard';
import { KpiHeader, standardPresets } from './KpiHeader';

const RATES = ['appointmentRate', 'noShowRate', 'confirmationRate', 'successRate', 'onTimeRate'] as const;
type Rate = (typeof RATES)[number];
const COLORS: Record<Rate, string> = {
  appointmentRate: '#1565c0',
  noShowRate: '#cf1322',
  confirmationRate: '#389e0d',
  successRate: '#d48806',
  onTimeRate: '#722ed1',
};

const pct = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value * 10) / 10);
const ratio = (a: number, b: number) => (b > 0 ? (a / b) * 100 : null);

/** The whole range's rates, from the summed counts (not an average of the rows' rates). */
function totals(rows: AppointmentKpiRow[]): Record<Rate, number | null> {
  const sum = (k: keyof AppointmentKpiRow['counts']) => rows.reduce((s, r) => s + r.counts[k], 0);
  return {
    appointmentRate: ratio(sum('arrivalsWithAppointment'), sum('arrivalsAll')),
    noShowRate: ratio(sum('noShows'), sum('due')),
    confirmationRate: ratio(sum('confirmed'), sum('confirmationTargets')),
    successRate: ratio(sum('arrivalsWithAppointment'), sum('confirmationTargets')),
    onTimeRate: ratio(sum('arrivedOnTime'), sum('arrivalsWithAppointment')),
  };
}

/** 预约KPI: appointment, no-show, confirmation, success and on-time rates by day, month or SA. */
export function AppointmentKpiPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(dealerDate(-29)), dayjs(dealerDate(0))]);
  const [groupBy, setGroupBy] = useState<KpiGroupBy>('day');
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const kpis = useQuery({
    queryKey: appointmentKeys.kpis(from, to, groupBy),
    queryFn: () => appointmentsApi.kpis(from, to, groupBy).then((r) => r.items),
  });
  const rows = useMemo(() => kpis.data ?? [], [kpis.data]);
  const overall = totals(rows);

  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(1)}%`) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: RATES.map((rate) => ({
        name: t(`kpi.rates.${rate}`),
        type: groupBy === 'sa' ? 'bar' : 'line',
        connectNulls: true,
        itemStyle: { color: COLORS[rate] },
        data: rows.map((r) => pct(r[rate])),
      })),
    }),
    [rows, groupBy, t],
  );

  const rateColumn = (rate: Rate) => ({
    title: t(`kpi.rates.${rate}`),
    key: rate,
    align: 'right' as const,
    render: (_: unknown, r: AppointmentKpiRow) => (r[rate] === null ? t('common.none') : `${pct(r[rate])}%`),
    sorter: (a: AppointmentKpiRow, b: AppointmentKpiRow) => (a[rate] ?? -1) - (b[rate] ?? -1),
  });

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <KpiHeader<KpiGroupBy>
        title={t('kpi.title')}
        range={range}
        onRange={setRange}
        presets={standardPresets(t)}
        groupBy={groupBy}
        onGroupBy={setGroupBy}
        groupOptions={(['day', 'month', 'sa'] as const).map((g) => ({ value: g, label: t(`kpi.groupBy.${g}`) }))}
      />
      {kpis.isPending ? (
        <PageSkeleton cards={2} />
      ) : kpis.isError ? (
        <ErrorState error={kpis.error} onRetry={() => void kpis.refetch()} />
      ) : rows.length === 0 ? (
        <Card>
          <EmptyState description={t('kpi.empty')} />
        </Card>
      ) : (
        <>
          <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))' }}>
            {RATES.map((rate) => (
              <Card key={rate} size="small">
                <Statistic
                  title={t(`kpi.rates.${rate}`)}
                  value={overall[rate] === null ? t('common.none') : (pct(overall[rate]) ?? 0)}
                  suffix={overall[rate] === null ? undefined : '%'}
                  styles={{ content: { color: COLORS[rate] } }}
                  data-testid={`kpi-${rate}`}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`kpi.formulas.${rate}`)}
                </Typography.Text>
              </Card>
            ))}
          </div>
          <Card title={t('kpi.chartTitle')}>
            <EChart option={option} height={340} data-testid="kpi-chart" />
          </Card>
          <Card title={t('kpi.tableTitle')} styles={{ body: { padding: 0 } }}>
            <Table<AppointmentKpiRow>
              rowKey="key"
              size="small"
              dataSource={rows}
              pagination={rows.length > 31 ? { pageSize: 31 } : false}
              scroll={{ x: 'max-content' }}
              data-testid="kpi-table"
              columns={[
                { title: t(`kpi.groupBy.${groupBy}`), dataIndex: 'label', fixed: 'left' },
                ...RATES.map(rateColumn),
                { title: t('kpi.counts.arrivalsAll'), key: 'arrivalsAll', align: 'right', render: (_, r) => r.counts.arrivalsAll },
                {
                  title: t('kpi.counts.arrivalsWithAppointment'),
                  key: 'awa',
                  align: 'right',
                  render: (_, r) => r.counts.arrivalsWithAppointment,
                },
                { title: t('kpi.counts.due'), key: 'due', align: 'right', render: (_, r) => r.counts.due },
                { title: t('kpi.counts.noShows'), key: 'noShows', align: 'right', render: (_, r) => r.counts.noShows },
                {
                  title: t('kpi.counts.confirmationTargets'),
                  key: 'targets',
                  align: 'right',
                  render: (_, r) => r.counts.confirmationTargets,
                },
                { title: t('kpi.counts.confirmed'), key: 'confirmed', align: 'right', render: (_, r) => r.counts.confirmed },
                { title: t('kpi.counts.arrivedOnTime'), key: 'onTime', align: 'right', render: (_, r) => r.counts.arrivedOnTime },
              ]}
            />
          </Card>
        </>
      )}
      <ArrivalFlowCard />
    </div>
  );
}
