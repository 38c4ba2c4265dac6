import { ReloadOutlined } from '@ant-design/icons';
import { MAX_RANGE_DAYS } from '@servicebay/contracts/constants';
import { App, Button, Card, Col, DatePicker, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWarrantyAnalysis, type WarrantyAnalysis } from '../../api/warranty';
import { dealerToday } from '../../components/DateText';
import { EChart, type EChartOption } from '../../components/EChart';
import { formatFen } from '../../components/money';
import { useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { KpiNetworkFilter } from '../kpis/KpiNetworkFilter';
import { filterParams, type NetworkFilter } from '../kpis/networkFilter';
import { clampRange, daysBetween, defaultAnalysisRange, HIGH_RATE, paretoSeries, percentOf } from './reports';
import { WarrantyHeader } from './WarrantyNav';
import { codeLabel } from './WarrantyTags';

const TILES = [
  'claims',
  'claimedFen',
  'approvedFen',
  'rejectionRate',
  'lateRate',
  'returnsOnTimeRate',
  'chargedBackFen',
  'vehiclesInOperation',
  'costPerVehicleFen',
  'campaignCompletionRate',
] as const;
type Tile = (typeof TILES)[number];
type Totals = WarrantyAnalysis['totals'];
type DealerRow = WarrantyAnalysis['byDealer'][number];
type ModelRow = WarrantyAnalysis['byModel'][number];
type ParetoRow = WarrantyAnalysis['byCausalPart'][number];
const BLUE = '#1565c0';
const ORANGE = '#fa8c16';
const RED = '#cf1322';

const rateText = (rate: number | null, none: string) => {
  const p = percentOf(rate);
  return p === null ? none : `${p.toFixed(1)}%`;
};

/** Bars: the approved amount (yuan); line: the cumulative share (%), with the 80% line. */
function paretoOption(
  rows: readonly ParetoRow[],
  label: (key: string) => string,
  names: { amount: string; cumulative: string },
): EChartOption {
  const s = paretoSeries(rows, label);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 64, right: 56, top: 40, bottom: 64 },
    xAxis: {
      type: 'category',
      data: s.labels,
      axisLabel: { interval: 0, rotate: s.labels.length > 5 ? 30 : 0, width: 90, overflow: 'truncate' },
    },
    yAxis: [
      { type: 'value', name: names.amount, axisLabel: { formatter: (v: number) => `¥${v.toLocaleString()}` } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      {
        name: names.amount,
        type: 'bar',
        barMaxWidth: 48,
        itemStyle: { color: BLUE },
        data: s.amounts,
        tooltip: { valueFormatter: (v: unknown) => formatFen(Math.round(Number(v) * 100)) },
      },
      {
        name: names.cumulative,
        type: 'line',
        yAxisIndex: 1,
        itemStyle: { color: ORANGE },
        data: s.cumulative,
        tooltip: { valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%` },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: RED },
          label: { formatter: '80%' },
          data: [{ yAxis: 80 }],
        },
      },
    ],
  };
}

/** 索赔分析: claims and amounts over a period, the causal parts and failures (Pareto), by dealer and model, and why claims were refused. */
export function WarrantyAnalysisPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const carMaker = useIsCarMaker();
  const [range, setRange] = useState<{ from: string; to: string }>(() => defaultAnalysisRange(dealerToday().format('YYYY-MM-DD')));
  const [network, setNetwork] = useState<NetworkFilter>({ dealerId: null, region: null });
  const scope = carMaker ? filterParams(network) : {};
  const analysis = useWarrantyAnalysis({ ...range, ...scope });
  const data = analysis.data;
  const none = t('common.none');
  const [picking, setPicking] = useState<Dayjs | null>(null);

  const names = useMemo(() => ({ amount: t('warranty.analysis.approvedAmount'), cumulative: t('warranty.analysis.cumulative') }), [t]);
  const partsOption = useMemo(() => paretoOption(data?.byCausalPart ?? [], (k) => k, names), [data, names]);
  const failuresOption = useMemo(() => paretoOption(data?.byFailure ?? [], (k) => codeLabel('failureCodes', k), names), [data, names]);

  function changeRange(next: [Dayjs, Dayjs]) {
    const clamped = clampRange(next[0].format('YYYY-MM-DD'), next[1].format('YYYY-MM-DD'));
    if (clamped.clamped) void message.warning(t('warranty.analysis.rangeClamped', { days: MAX_RANGE_DAYS }));
    setRange({ from: clamped.from, to: clamped.to });
  }

  const today = dealerToday();
  const presets: { label: string; value: [Dayjs, Dayjs] }[] = [
    { label: t('warranty.analysis.last12Months'), value: [today.subtract(1, 'year').add(1, 'day'), today] },
    { label: t('warranty.analysis.thisYear'), value: [today.startOf('year'), today] },
    { label: t('kpi.lastQuarter'), value: [today.subtract(89, 'day'), today] },
    { label: t('kpi.last30'), value: [today.subtract(29, 'day'), today] },
  ];

  const tileValue = (tile: Tile, totals: Totals): { value: string | number; danger?: boolean } => {
    switch (tile) {
      case 'claimedFen':
      case 'approvedFen':
        return { value: formatFen(totals[tile]) };
      case 'chargedBackFen':
        return { value: formatFen(totals.chargedBackFen), danger: totals.chargedBackFen > 0 };
      case 'costPerVehicleFen':
        return { value: totals.costPerVehicleFen === null ? none : formatFen(Math.round(totals.costPerVehicleFen)) };
      case 'rejectionRate':
      case 'lateRate':
        return { value: rateText(totals[tile], none), danger: (totals[tile] ?? 0) >= HIGH_RATE };
      case 'returnsOnTimeRate':
        return {
          value: rateText(totals.returnsOnTimeRate, none),
          danger: totals.returnsOnTimeRate !== null && totals.returnsOnTimeRate < 1 - HIGH_RATE,
        };
      case 'campaignCompletionRate':
        return {
          value: rateText(totals.campaignCompletionRate, none),
          danger: totals.campaignCompletionRate !== null && totals.campaignCompletionRate < 1 - HIGH_RATE,
        };
      case 'vehiclesInOperation':
        return { value: totals.vehiclesInOperation.toLocaleString() };
      default:
        return { value: totals.claims.toLocaleString() };
    }
  };

  const rateCell = (rate: number | null) =>
    rate === null ? none : <Typography.Text type={rate >= HIGH_RATE ? 'danger' : undefined}>{rateText(rate, none)}</Typography.Text>;

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="warranty-analysis-page">
      <WarrantyHeader
        title={t('warranty.analysis.title')}
        extra={
          <Button
            icon={<ReloadOutlined spin={analysis.isFetching} />}
            aria-label={t('common.reload')}
            onClick={() => void analysis.refetch()}
          />
        }
      />
      <Card styles={{ body: { padding: 12 } }}>
        <Space wrap>
          <DatePicker.RangePicker
            value={[dayjs(range.from), dayjs(range.to)]}
            allowClear={false}
            inputReadOnly
            presets={presets}
            onCalendarChange={(dates) => setPicking(dates?.[0] ?? null)}
            onOpenChange={(open) => !open && setPicking(null)}
            disabledDate={(current) =>
              !!picking && Math.abs(daysBetween(picking.format('YYYY-MM-DD'), current.format('YYYY-MM-DD'))) > MAX_RANGE_DAYS
            }
            onChange={(next) => next?.[0] && next[1] && changeRange([next[0], next[1]])}
            aria-label={t('warranty.analysis.period')}
            data-testid="warranty-analysis-range"
          />
          <KpiNetworkFilter value={network} onChange={setNetwork} testId="warranty-analysis" />
        </Space>
      </Card>
      {analysis.isPending ? (
        <PageSkeleton cards={2} />
      ) : analysis.isError ? (
        <ErrorState error={analysis.error} onRetry={() => void analysis.refetch()} />
      ) : (
        <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)', opacity: analysis.isPlaceholderData ? 0.6 : 1 }}>
          <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(170px, 1fr))' }}>
            {TILES.map((tile) => {
              const v = tileValue(tile, data!.totals);
              return (
                <Card key={tile} size="small">
                  <Statistic
                    title={t(`warranty.analysis.tiles.${tile}`)}
                    value={v.value}
                    styles={{ content: { color: v.danger ? RED : undefined, fontSize: 22 } }}
                    data-testid={`warranty-kpi-${tile}`}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`warranty.analysis.formulas.${tile}`)}
                  </Typography.Text>
                </Card>
              );
            })}
          </div>
          {data!.totals.claims === 0 ? (
            <Card>
              <EmptyState description={t('warranty.analysis.empty')} />
            </Card>
          ) : (
            <>
              <Row gutter={[16, 16]}>
                <Col xs={24} xl={12}>
                  <Card
                    title={t('warranty.analysis.byCausalPart')}
                    extra={<Typography.Text type="secondary">{t('warranty.analysis.paretoHint')}</Typography.Text>}
                  >
                    {data!.byCausalPart.length ? (
                      <EChart option={partsOption} height={340} data-testid="warranty-pareto-parts" />
                    ) : (
                      <EmptyState description={t('warranty.analysis.noRows')} />
                    )}
                  </Card>
                </Col>
                <Col xs={24} xl={12}>
                  <Card
                    title={t('warranty.analysis.byFailure')}
                    extra={<Typography.Text type="secondary">{t('warranty.analysis.paretoHint')}</Typography.Text>}
                  >
                    {data!.byFailure.length ? (
                      <EChart option={failuresOption} height={340} data-testid="warranty-pareto-failures" />
                    ) : (
                      <EmptyState description={t('warranty.analysis.noRows')} />
                    )}
                  </Card>
                </Col>
              </Row>
              {(carMaker || data!.byDealer.length > 1) && (
                <Card title={t('warranty.analysis.byDealer')} styles={{ body: { padding: 0 } }}>
                  <Table<DealerRow>
                    rowKey={(d) => d.dealer.id}
                    size="small"
                    dataSource={data!.byDealer}
                    pagination={data!.byDealer.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                    scroll={{ x: 'max-content' }}
                    locale={{ emptyText: <EmptyState description={t('warranty.analysis.noRows')} /> }}
                    data-testid="warranty-analysis-dealers"
                    columns={[
                      {
                        title: t('warranty.columns.dealer'),
                        key: 'dealer',
                        fixed: 'left',
                        render: (_, d) => `${d.dealer.code} ${d.dealer.name}`,
                        sorter: (a, b) => a.dealer.code.localeCompare(b.dealer.code),
                      },
                      {
                        title: t('warranty.analysis.tiles.claims'),
                        dataIndex: 'claims',
                        align: 'right',
                        sorter: (a, b) => a.claims - b.claims,
                        defaultSortOrder: 'descend',
                      },
                      {
                        title: t('warranty.analysis.tiles.claimedFen'),
                        key: 'claimed',
                        align: 'right',
                        render: (_, d) => formatFen(d.claimedFen),
                        sorter: (a, b) => a.claimedFen - b.claimedFen,
                      },
                      {
                        title: t('warranty.analysis.tiles.approvedFen'),
                        key: 'approvedFen',
                        align: 'right',
                        render: (_, d) => formatFen(d.approvedFen),
                        sorter: (a, b) => a.approvedFen - b.approvedFen,
                      },
                      {
                        title: t('warranty.analysis.approvedCount'),
                        dataIndex: 'approved',
                        align: 'right',
                        sorter: (a, b) => a.approved - b.approved,
                      },
                      {
                        title: t('warranty.analysis.rejectedCount'),
                        dataIndex: 'rejected',
                        align: 'right',
                        sorter: (a, b) => a.rejected - b.rejected,
                      },
                      {
                        title: t('warranty.analysis.tiles.rejectionRate'),
                        key: 'rejectionRate',
                        align: 'right',
                        render: (_, d) => rateCell(d.rejectionRate),
                        sorter: (a, b) => (a.rejectionRate ?? -1) - (b.rejectionRate ?? -1),
                      },
                      {
                        title: t('warranty.analysis.tiles.lateRate'),
                        key: 'lateRate',
                        align: 'right',
                        render: (_, d) => rateCell(d.lateRate),
                        sorter: (a, b) => (a.lateRate ?? -1) - (b.lateRate ?? -1),
                      },
                    ]}
                  />
                </Card>
              )}
              <Row gutter={[16, 16]}>
                <Col xs={24} xl={14}>
                  <Card title={t('warranty.analysis.byModel')} styles={{ body: { padding: 0 } }}>
                    <Table<ModelRow>
                      rowKey={(m) => m.model?.id ?? 'none'}
                      size="small"
                      dataSource={data!.byModel}
                      pagination={false}
                      scroll={{ x: 'max-content' }}
                      locale={{ emptyText: <EmptyState description={t('warranty.analysis.noRows')} /> }}
                      data-testid="warranty-analysis-models"
                      columns={[
                        { title: t('vehicle.model'), key: 'model', render: (_, m) => m.model?.name ?? t('warranty.analysis.unknownModel') },
                        {
                          title: t('warranty.analysis.tiles.claims'),
                          dataIndex: 'claims',
                          align: 'right',
                          sorter: (a, b) => a.claims - b.claims,
                        },
                        {
                          title: t('warranty.analysis.tiles.approvedFen'),
                          key: 'approvedFen',
                          align: 'right',
                          render: (_, m) => formatFen(m.approvedFen),
                          sorter: (a, b) => a.approvedFen - b.approvedFen,
                          defaultSortOrder: 'descend',
                        },
                      ]}
                    />
                  </Card>
                </Col>
                <Col xs={24} xl={10}>
                  <Card title={t('warranty.analysis.rejectReasons')} data-testid="warranty-analysis-reject-reasons">
                    {data!.rejectReasons.length === 0 ? (
                      <Typography.Text type="secondary">{t('warranty.analysis.noRejections')}</Typography.Text>
                    ) : (
                      <List
                        size="small"
                        dataSource={[...data!.rejectReasons].sort((a, b) => b.claims - a.claims)}
                        renderItem={(r) => (
                          <List.Item extra={<Tag color="red">{t('warranty.analysis.claimsCount', { count: r.claims })}</Tag>}>
                            {codeLabel('rejectCodes', r.code)}
                          </List.Item>
                        )}
                      />
                    )}
                  </Card>
                </Col>
              </Row>
            </>
          )}
        </div>
      )}
    </div>
  );
}
