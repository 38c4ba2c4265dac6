import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appointmentKeys, appointmentsApi, type KpiGroupBy } from '../../api/appointments';
import { type ServiceKpiRow, useServiceKpis, useWorkshopKpis, type WorkshopKpis } from '../../api/kpis';
import { hasTranslation } from '../../api/problems';
import { dealerDate } from '../../components/dealerTime';
import { EChart, type EChartOption } from '../../components/EChart';
import { formatFen } from '../../components/money';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import i18n from '../../i18n';
import { KpiHeader, standardPresets } from './KpiHeader';
import { CASHIER_TARGET_SECONDS, minutesAndSeconds, payTypesIn, summarise, withinCashierTarget } from './serviceKpis';

const PAY_TYPE_COLORS: Record<string, string> = {
  customer: '#1565c0',
  warranty: '#389e0d',
  free_first_maintenance: '#13c2c2',
  goodwill: '#d48806',
  internal: '#8c8c8c',
};
const BLUE = '#1565c0';
const GREEN = '#389e0d';
const PURPLE = '#722ed1';
const RED = '#cf1322';

type Translate = (key: string, options?: Record<string, unknown>) => string;
const tr: Translate = (key, options) => (i18n.t as unknown as Translate)(key, options);
const payTypeLabel = (payType: string) => (hasTranslation(`payType.${payType}`) ? tr(`payType.${payType}`) : payType);
const pct = (value: number | null) => (value === null ? null : `${value.toFixed(1)}%`);

function useDuration() {
  const { t } = useTranslation();
  return useCallback(
    (seconds: number | null) => {
      if (seconds === null) return t('common.none');
      const { minutes, seconds: s } = minutesAndSeconds(seconds);
      return minutes > 0 ? t('serviceKpi.minutesSeconds', { minutes, seconds: s }) : t('serviceKpi.secondsOnly', { seconds: s });
    },
    [t],
  );
}

function CashierTag({ seconds }: { seconds: number | null }) {
  const { t } = useTranslation();
  if (seconds === null) return null;
  return withinCashierTarget(seconds) ? (
    <Tag color="success">{t('settlement.onTarget')}</Tag>
  ) : (
    <Tag color="error">{t('settlement.overTarget')}</Tag>
  );
}

/** 车间: labour hours sold against clocked, the rework rate and each technician's clocked hours. */
function WorkshopKpiCard({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const kpis = useWorkshopKpis(from, to);
  const data = kpis.data;
  const option = useMemo<EChartOption | null>(() => {
    if (!data) return null;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => t('serviceKpi.hoursValue', { hours: Number(v ?? 0).toFixed(1) }) },
      grid: { left: 88, right: 24, top: 12, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: [t('serviceKpi.soldHours'), t('serviceKpi.clockedHours')] },
      series: [
        {
          type: 'bar',
          barWidth: 28,
          data: [
            { value: data.soldHours, itemStyle: { color: BLUE } },
            { value: data.clockedHours, itemStyle: { color: GREEN } },
          ],
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [data, t]);
  return (
    <Card title={t('serviceKpi.workshopTitle')} data-testid="workshop-kpis">
      {kpis.isPending ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : kpis.isError ? (
        <ErrorState error={kpis.error} onRetry={() => void kpis.refetch()} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))' }}>
              <Statistic
                title={t('serviceKpi.soldHours')}
                value={kpis.data.soldHours}
                precision={1}
                suffix="h"
                styles={{ content: { color: BLUE } }}
                data-testid="kpi-soldHours"
              />
              <Statistic
                title={t('serviceKpi.clockedHours')}
                value={kpis.data.clockedHours}
                precision={1}
                suffix="h"
                styles={{ content: { color: GREEN } }}
                data-testid="kpi-clockedHours"
              />
              <Statistic
                title={t('serviceKpi.labourEfficiency')}
                value={kpis.data.labourEfficiency ?? t('common.none')}
                suffix={kpis.data.labourEfficiency === null ? undefined : '%'}
                data-testid="kpi-labourEfficiency"
              />
              <Statistic
                title={t('serviceKpi.reworkRate')}
                value={kpis.data.reworkRate ?? t('common.none')}
                suffix={kpis.data.reworkRate === null ? undefined : '%'}
                styles={{ content: { color: (kpis.data.reworkRate ?? 0) > 0 ? RED : undefined } }}
                data-testid="kpi-reworkRate"
              />
            </div>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
              {t('serviceKpi.workshopFormula', {
                completed: kpis.data.counts.completedOrders,
                reworked: kpis.data.counts.reworkedOrders,
                passed: kpis.data.counts.qualityChecksPassed,
                failed: kpis.data.counts.qualityChecksFailed,
              })}
            </Typography.Paragraph>
            {option && (kpis.data.soldHours > 0 || kpis.data.clockedHours > 0) && (
              <EChart option={option} height={140} data-testid="workshop-hours-chart" />
            )}
          </Col>
          <Col xs={24} xl={10}>
            <Table<WorkshopKpis['technicians'][number]>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={[...kpis.data.technicians].sort((a, b) => b.clockedHours - a.clockedHours)}
              locale={{ emptyText: t('serviceKpi.noTechnicians') }}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('serviceKpi.technician'), dataIndex: 'name' },
                { title: t('serviceKpi.clockedHours'), dataIndex: 'clockedHours', align: 'right', render: (v: number) => v.toFixed(1) },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}

/** 服务KPI: vehicles in, timely reception, on-time delivery, cashier time and revenue by pay type, by day, month or advisor; and the workshop's. */
export function ServiceKpiPage() {
  const { t } = useTranslation();
  const duration = useDuration();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(dealerDate(-29)), dayjs(dealerDate(0))]);
  const [groupBy, setGroupBy] = useState<KpiGroupBy>('day');
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const kpis = useServiceKpis(from, to, groupBy);
  const advisors = useQuery({
    queryKey: appointmentKeys.advisors,
    queryFn: () => appointmentsApi.advisors().then((r) => r.items),
    staleTime: 10 * 60_000,
    enabled: groupBy === 'sa',
  });
  const rows = useMemo(() => kpis.data ?? [], [kpis.data]);
  const summary = useMemo(() => summarise(rows), [rows]);
  const payTypes = useMemo(() => payTypesIn(rows), [rows]);

  const label = useMemo(() => {
    const names = new Map((advisors.data ?? []).map((a) => [a.id, a.name]));
    return (key: string) => (groupBy !== 'sa' ? key : key === 'none' ? t('serviceKpi.noSa') : (names.get(key) ?? key));
  }, [advisors.data, groupBy, t]);
  const labels = useMemo(() => rows.map((r) => label(r.key)), [rows, label]);
  const series = groupBy === 'sa' ? ('bar' as const) : ('line' as const);

  const receptionOption = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: t('serviceKpi.vehiclesIn'),
          type: 'bar',
          barMaxWidth: 48,
          yAxisIndex: 1,
          itemStyle: { color: '#bfd4ee' },
          data: rows.map((r) => r.vehiclesIn),
        },
        {
          name: t('serviceKpi.timelyReceptionRate'),
          type: series,
          connectNulls: true,
          itemStyle: { color: BLUE },
          data: rows.map((r) => r.timelyReceptionRate),
          tooltip: { valueFormatter: (v) => (v === null || v === undefined ? '—' : `${v}%`) },
        },
        {
          name: t('serviceKpi.onTimeDeliveryRate'),
          type: series,
          connectNulls: true,
          itemStyle: { color: GREEN },
          data: rows.map((r) => r.onTimeDeliveryRate),
          tooltip: { valueFormatter: (v) => (v === null || v === undefined ? '—' : `${v}%`) },
        },
      ],
    }),
    [rows, labels, series, t],
  );

  const revenueOption = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v) => formatFen(Math.round(Number(v ?? 0) * 100)) },
      legend: { top: 0 },
      grid: { left: 64, right: 16, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${v.toLocaleString()}` } },
      series: payTypes.map((payType) => ({
        name: payTypeLabel(payType),
        type: 'bar',
        stack: 'revenue',
        barMaxWidth: 48,
        itemStyle: { color: PAY_TYPE_COLORS[payType] },
        data: rows.map((r) => (r.revenueByPayTypeFen[payType] ?? 0) / 100),
      })),
    }),
    [rows, labels, payTypes],
  );

  const cashierOption = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : duration(Number(v))) },
      grid: { left: 48, right: 24, top: 24, bottom: 40 },
      xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
      // The target line stays in view when every bar is below it.
      yAxis: {
        type: 'value',
        min: 0,
        max: (extent: { max: number }) => Math.max(extent.max, CASHIER_TARGET_SECONDS * 1.25),
        axisLabel: { formatter: '{value}s' },
      },
      series: [
        {
          name: t('serviceKpi.averageCashier'),
          type: 'bar',
          barMaxWidth: 48,
          data: rows.map((r) =>
            r.averageCashierSeconds === null
              ? null
              : { value: r.averageCashierSeconds, itemStyle: { color: withinCashierTarget(r.averageCashierSeconds) ? GREEN : RED } },
          ),
          markLine: {
            symbol: 'none',
            lineStyle: { color: RED, type: 'dashed' },
            label: { formatter: t('serviceKpi.cashierTarget'), position: 'insideEndTop' },
            data: [{ yAxis: CASHIER_TARGET_SECONDS }],
          },
        },
      ],
    }),
    [rows, labels, duration, t],
  );

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="service-kpi-page">
      <KpiHeader<KpiGroupBy>
        title={t('serviceKpi.title')}
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
            <Card size="small">
              <Statistic title={t('serviceKpi.vehiclesIn')} value={summary.vehiclesIn} data-testid="kpi-vehiclesIn" />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('serviceKpi.formulas.vehiclesIn')}
              </Typography.Text>
            </Card>
            <Card size="small">
              <Statistic
                title={t('serviceKpi.timelyReceptionRate')}
                value={summary.timelyReceptionRate ?? t('common.none')}
                suffix={summary.timelyReceptionRate === null ? undefined : '%'}
                styles={{ content: { color: BLUE } }}
                data-testid="kpi-timelyReceptionRate"
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('serviceKpi.formulas.timelyReceptionRate')}
              </Typography.Text>
            </Card>
            <Card size="small">
              <Statistic
                title={t('serviceKpi.onTimeDeliveryRate')}
                value={summary.onTimeDeliveryRate ?? t('common.none')}
                suffix={summary.onTimeDeliveryRate === null ? undefined : '%'}
                styles={{ content: { color: GREEN } }}
                data-testid="kpi-onTimeDeliveryRate"
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('serviceKpi.formulas.onTimeDeliveryRate')}
              </Typography.Text>
            </Card>
            <Card size="small">
              <Statistic
                title={t('serviceKpi.averageCashier')}
                value={duration(summary.averageCashierSeconds)}
                styles={{
                  content: {
                    color:
                      summary.averageCashierSeconds === null ? undefined : withinCashierTarget(summary.averageCashierSeconds) ? GREEN : RED,
                  },
                }}
                data-testid="kpi-averageCashier"
              />
              <Space size={4} wrap>
                <CashierTag seconds={summary.averageCashierSeconds} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('serviceKpi.cashierTarget')}
                </Typography.Text>
              </Space>
            </Card>
            <Card size="small">
              <Statistic
                title={t('serviceKpi.revenue')}
                value={formatFen(summary.revenueFen)}
                styles={{ content: { color: PURPLE } }}
                data-testid="kpi-revenue"
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('serviceKpi.formulas.revenue')}
              </Typography.Text>
            </Card>
          </div>
          <Card title={t('serviceKpi.receptionChart')}>
            <EChart option={receptionOption} height={320} data-testid="service-kpi-chart" />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Card title={t('serviceKpi.revenueChart')}>
                {payTypes.length === 0 ? (
                  <EmptyState description={t('serviceKpi.noRevenue')} />
                ) : (
                  <EChart option={revenueOption} height={300} data-testid="revenue-chart" />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card title={t('serviceKpi.cashierChart')}>
                {summary.averageCashierSeconds === null ? (
                  <EmptyState description={t('serviceKpi.noRevenue')} />
                ) : (
                  <EChart option={cashierOption} height={300} data-testid="cashier-chart" />
                )}
              </Card>
            </Col>
          </Row>
          <Card title={t('kpi.tableTitle')} styles={{ body: { padding: 0 } }}>
            <Table<ServiceKpiRow>
              rowKey="key"
              size="small"
              dataSource={rows}
              pagination={rows.length > 31 ? { pageSize: 31 } : false}
              scroll={{ x: 'max-content' }}
              data-testid="service-kpi-table"
              columns={[
                { title: t(`kpi.groupBy.${groupBy}`), key: 'key', fixed: 'left', render: (_, r) => label(r.key) },
                {
                  title: t('serviceKpi.vehiclesIn'),
                  dataIndex: 'vehiclesIn',
                  align: 'right',
                  sorter: (a, b) => a.vehiclesIn - b.vehiclesIn,
                },
                {
                  title: t('serviceKpi.timelyReceptionRate'),
                  key: 'timely',
                  align: 'right',
                  render: (_, r) => pct(r.timelyReceptionRate) ?? t('common.none'),
                  sorter: (a, b) => (a.timelyReceptionRate ?? -1) - (b.timelyReceptionRate ?? -1),
                },
                {
                  title: t('serviceKpi.onTimeDeliveryRate'),
                  key: 'onTime',
                  align: 'right',
                  render: (_, r) => pct(r.onTimeDeliveryRate) ?? t('common.none'),
                  sorter: (a, b) => (a.onTimeDeliveryRate ?? -1) - (b.onTimeDeliveryRate ?? -1),
                },
                {
                  title: t('serviceKpi.averageCashier'),
                  key: 'cashier',
                  align: 'right',
                  render: (_, r) => (
                    <Typography.Text
                      type={
                        r.averageCashierSeconds === null ? undefined : withinCashierTarget(r.averageCashierSeconds) ? 'success' : 'danger'
                      }
                    >
                      {duration(r.averageCashierSeconds)}
                    </Typography.Text>
                  ),
                  sorter: (a, b) => (a.averageCashierSeconds ?? -1) - (b.averageCashierSeconds ?? -1),
                },
                ...payTypes.map((payType) => ({
                  title: payTypeLabel(payType),
                  key: `pay-${payType}`,
                  align: 'right' as const,
                  render: (_: unknown, r: ServiceKpiRow) => formatFen(r.revenueByPayTypeFen[payType] ?? 0),
                })),
                {
                  title: t('serviceKpi.revenue'),
                  key: 'revenue',
                  align: 'right',
                  render: (_, r) => formatFen(Object.values(r.revenueByPayTypeFen).reduce((s, v) => s + v, 0)),
                },
              ]}
            />
          </Card>
        </>
      )}
      <WorkshopKpiCard from={from} to={to} />
    </div>
  );
}
