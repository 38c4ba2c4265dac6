import { Card, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FollowUpKpiGroupBy, type FollowUpKpiRow, useFollowUpKpis } from '../../api/followUp';
import { dealerDate } from '../../components/dealerTime';
import { EChart, type EChartOption } from '../../components/EChart';
import { useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { summariseFollowUp } from '../follow-up/followUp';
import { KpiHeader } from './KpiHeader';
import { KpiNetworkFilter } from './KpiNetworkFilter';
import { filterParams, type NetworkFilter } from './networkFilter';

const RATES = ['completion', 'contact', 'conversion', 'periodicReturn'] as const;
type Rate = (typeof RATES)[number];
const COLORS: Record<Rate, string> = { completion: '#1565c0', contact: '#389e0d', conversion: '#d48806', periodicReturn: '#722ed1' };
const RED = '#cf1322';
const COUNTS = [
  'tasksDue',
  'tasksClosed',
  'tasksReached',
  'appointmentsBooked',
  'tasksOverdue',
  'reminderTargets',
  'reminderReturned',
] as const;

const pctText = (value: number | null, none: string) => (value === null ? none : `${value.toFixed(1)}%`);

/**
 * 回访KPI: completion, contact, conversion to appointment, overdue calls and the 定保成功回站率, by month
 * or agent; for the car maker also by dealer, narrowed to a region or a dealer.
 */
export function FollowUpKpiPage() {
  const { t } = useTranslation();
  const carMaker = useIsCarMaker();
  const [network, setNetwork] = useState<NetworkFilter>({ dealerId: null, region: null });
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    dayjs(dealerDate(0)).subtract(5, 'month').startOf('month'),
    dayjs(dealerDate(0)),
  ]);
  const [groupBy, setGroupBy] = useState<FollowUpKpiGroupBy>('month');
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const kpis = useFollowUpKpis(from, to, groupBy, carMaker ? filterParams(network) : {});
  const rows = useMemo(() => kpis.data ?? [], [kpis.data]);
  const summary = useMemo(() => summariseFollowUp(rows), [rows]);
  const none = t('common.none');

  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { hideOverlap: true } },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: t('followUpKpi.counts.tasksDue'),
          type: 'bar',
          barMaxWidth: 40,
          yAxisIndex: 1,
          itemStyle: { color: '#bfd4ee' },
          data: rows.map((r) => r.counts.tasksDue),
        },
        {
          name: t('followUpKpi.counts.tasksOverdue'),
          type: 'bar',
          barMaxWidth: 40,
          yAxisIndex: 1,
          itemStyle: { color: '#ffa39e' },
          data: rows.map((r) => r.counts.tasksOverdue),
        },
        ...RATES.map((rate) => ({
          name: t(`followUpKpi.rates.${rate}`),
          type: groupBy === 'month' ? ('line' as const) : ('bar' as const),
          barMaxWidth: 24,
          connectNulls: true,
          itemStyle: { color: COLORS[rate] },
          data: rows.map((r) => r.rates[rate]),
          tooltip: { valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(1)}%`) },
        })),
      ],
    }),
    [rows, groupBy, t],
  );

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="follow-up-kpi-page">
      <KpiHeader<FollowUpKpiGroupBy>
        title={t('followUpKpi.title')}
        range={range}
        onRange={setRange}
        presets={[
          { label: t('kpi.thisMonth'), value: [dayjs(dealerDate(0)).startOf('month'), dayjs(dealerDate(0))] },
          { label: t('kpi.last30'), value: [dayjs(dealerDate(-29)), dayjs(dealerDate(0))] },
          { label: t('kpi.lastQuarter'), value: [dayjs(dealerDate(-90)), dayjs(dealerDate(0))] },
          {
            label: t('followUpKpi.last6Months'),
            value: [dayjs(dealerDate(0)).subtract(5, 'month').startOf('month'), dayjs(dealerDate(0))],
          },
        ]}
        groupBy={groupBy}
        onGroupBy={setGroupBy}
        groupOptions={(carMaker ? (['month', 'agent', 'dealer'] as const) : (['month', 'agent'] as const)).map((g) => ({
          value: g,
          label: t(`followUpKpi.groupBy.${g}`),
        }))}
        extra={<KpiNetworkFilter value={network} onChange={setNetwork} testId="follow-up-kpi" />}
      />
      {kpis.isPending ? (
        <PageSkeleton cards={2} />
      ) : kpis.isError ? (
        <ErrorState error={kpis.error} onRetry={() => void kpis.refetch()} />
      ) : rows.length === 0 ? (
        <Card>
          <EmptyState description={t('followUpKpi.empty')} />
        </Card>
      ) : (
        <>
          <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))' }}>
            {RATES.map((rate) => (
              <Card key={rate} size="small">
                <Statistic
                  title={<span>{t(`followUpKpi.rates.${rate}`)}</span>}
                  value={summary[rate] === null ? none : summary[rate]!}
                  precision={summary[rate] === null ? undefined : 1}
                  suffix={summary[rate] === null ? undefined : '%'}
                  styles={{ content: { color: COLORS[rate] } }}
                  data-testid={`kpi-${rate}`}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`followUpKpi.formulas.${rate}`)}
                </Typography.Text>
              </Card>
            ))}
            <Card size="small">
              <Statistic
                title={t('followUpKpi.counts.tasksOverdue')}
                value={summary.tasksOverdue}
                styles={{ content: { color: summary.tasksOverdue > 0 ? RED : undefined } }}
                data-testid="kpi-tasksOverdue"
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('followUpKpi.formulas.tasksOverdue')}
              </Typography.Text>
            </Card>
          </div>
          <Card title={t('followUpKpi.chartTitle')}>
            <EChart option={option} height={340} data-testid="follow-up-kpi-chart" />
          </Card>
          <Card title={t('followUpKpi.tableTitle')} styles={{ body: { padding: 0 } }}>
            <Table<FollowUpKpiRow>
              rowKey="key"
              size="small"
              dataSource={rows}
              pagination={rows.length > 31 ? { pageSize: 31 } : false}
              scroll={{ x: 'max-content' }}
              data-testid="follow-up-kpi-table"
              columns={[
                { title: t(`followUpKpi.groupBy.${groupBy}`), dataIndex: 'label', fixed: 'left' },
                ...RATES.map((rate) => ({
                  title: t(`followUpKpi.rates.${rate}`),
                  key: rate,
                  align: 'right' as const,
                  render: (_: unknown, r: FollowUpKpiRow) => pctText(r.rates[rate], none),
                  sorter: (a: FollowUpKpiRow, b: FollowUpKpiRow) => (a.rates[rate] ?? -1) - (b.rates[rate] ?? -1),
                })),
                ...COUNTS.map((count) => ({
                  title: t(`followUpKpi.counts.${count}`),
                  key: count,
                  align: 'right' as const,
                  render: (_: unknown, r: FollowUpKpiRow) =>
                    count === 'tasksOverdue' && r.counts.tasksOverdue > 0 ? (
                      <Typography.Text type="danger">{r.counts.tasksOverdue}</Typography.Text>
                    ) : (
                      r.counts[count]
                    ),
                })),
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
