import { Card, Col, List, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ComplaintAnalysis, useComplaintAnalysis } from '../../api/complaints';
import { useDealers } from '../../api/network';
import { hasTranslation } from '../../api/problems';
import { useUser } from '../../app/session';
import { dealerDate } from '../../components/dealerTime';
import { EChart, type EChartOption } from '../../components/EChart';
import { formatFen } from '../../components/money';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { tr } from '../complaints/ComplaintTags';
import { pareto, percent } from '../complaints/complaints';
import { KpiHeader, standardPresets } from './KpiHeader';

const TILES = ['complaints', 'per100Ros', 'responseRate', 'avgCloseHours', 'overdue', 'repeatComplainants', 'recoveryCostFen'] as const;
type Tile = (typeof TILES)[number];
type DealerRow = ComplaintAnalysis['byDealer'][number];
const RED = '#cf1322';
const BLUE = '#1565c0';

// Complaints not classified yet come as 'uncategorised'; people and models the case has none of as 'none'.
const categoryLabel = (key: string) =>
  hasTranslation(`complaints.categories.${key}`) ? tr(`complaints.categories.${key}`) : tr('complaints.unclassified');
const rowLabel = (row: { key: string; label: string }) => (row.key === 'none' ? tr('complaints.kpi.unknown') : row.label);

function barOption(rows: { key: string; label: string; count: number }[], name: string, color: string): EChartOption {
  const top = [...rows]
    .sort((a, b) => b.count - a.count)
    .slice(0, 15)
    .reverse();
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: top.map(rowLabel), axisLabel: { width: 120, overflow: 'truncate' } },
    series: [{ name, type: 'bar', barMaxWidth: 22, itemStyle: { color }, data: top.map((r) => r.count) }],
  };
}

/** 投诉分析: how many, how fast, what about (Pareto), by service advisor, model and dealer, and who complains again. */
export function ComplaintKpiPage() {
  const { t } = useTranslation();
  const user = useUser();
  const carMaker = !user.dealer;
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(dealerDate(-89)), dayjs(dealerDate(0))]);
  const [dealerId, setDealerId] = useState<string | null>(null);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const analysis = useComplaintAnalysis(from, to, carMaker ? dealerId : null);
  const dealers = useDealers(carMaker);
  const data = analysis.data;
  const none = t('common.none');
  /** The inbox with the cases behind a figure: received in this period, at the dealer shown, and the figure's own filter. */
  const casesOf = (filter: Record<string, string> = {}, view = 'all') => {
    const params = new URLSearchParams({ view, from, to, ...(carMaker && dealerId ? { dealer: dealerId } : {}), ...filter });
    return `/complaints?${params.toString()}`;
  };
  /** Each row of a figure as a link to its cases. */
  const caseLinks = (rows: { key: string; label: string; count: number }[], filterOf: (key: string) => Record<string, string>) => (
    <Space wrap size={[4, 4]} style={{ marginTop: 8 }}>
      {rows.slice(0, 15).map((r) => (
        <Link key={r.key} to={casesOf(filterOf(r.key))} data-testid="complaint-figure-link">
          <Tag>
            {r.label} · {r.count}
          </Tag>
        </Link>
      ))}
    </Space>
  );

  const paretoRows = useMemo(() => pareto(data?.pareto ?? []), [data]);
  const paretoOption = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 56, top: 40, bottom: 56 },
      xAxis: {
        type: 'category',
        data: paretoRows.map((r) => categoryLabel(r.category)),
        axisLabel: { interval: 0, rotate: paretoRows.length > 5 ? 30 : 0 },
      },
      yAxis: [
        { type: 'value', minInterval: 1, name: t('complaints.kpi.count') },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        { name: t('complaints.kpi.count'), type: 'bar', barMaxWidth: 48, itemStyle: { color: BLUE }, data: paretoRows.map((r) => r.count) },
        {
          name: t('complaints.kpi.cumulative'),
          type: 'line',
          yAxisIndex: 1,
          itemStyle: { color: '#fa8c16' },
          data: paretoRows.map((r) => r.cumulativePercent),
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
    }),
    [paretoRows, t],
  );
  const saOption = useMemo(() => barOption(data?.byServiceAdvisor ?? [], t('complaints.kpi.count'), BLUE), [data, t]);
  const modelOption = useMemo(() => barOption(data?.byModel ?? [], t('complaints.kpi.count'), '#722ed1'), [data, t]);

  const tileValue = (tile: Tile, totals: ComplaintAnalysis['totals']) => {
    switch (tile) {
      case 'responseRate': {
        const value = percent(totals.responseRate);
        return { value: value ?? none, precision: value === null ? undefined : 1, suffix: value === null ? undefined : '%', danger: false };
      }
      case 'per100Ros':
        return { value: totals.per100Ros ?? none, precision: totals.per100Ros === null ? undefined : 2, danger: false };
      case 'avgCloseHours':
        return {
          value: totals.avgCloseHours ?? none,
          precision: totals.avgCloseHours === null ? undefined : 1,
          suffix: totals.avgCloseHours === null ? undefined : t('complaints.kpi.hoursUnit'),
          danger: false,
        };
      case 'recoveryCostFen':
        return { value: formatFen(totals.recoveryCostFen), danger: false };
      case 'overdue':
        return { value: totals.overdue, danger: totals.overdue > 0 };
      default:
        return { value: totals[tile], danger: false };
    }
  };

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="complaint-kpi-page">
      <KpiHeader
        title={t('complaints.kpi.title')}
        range={range}
        onRange={setRange}
        presets={[
          ...standardPresets(t),
          {
            label: t('followUpKpi.last6Months'),
            value: [dayjs(dealerDate(0)).subtract(5, 'month').startOf('month'), dayjs(dealerDate(0))],
          },
        ]}
        extra={
          carMaker && (
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={dealerId ?? undefined}
              placeholder={t('complaints.allDealers')}
              onChange={(value) => setDealerId(value ?? null)}
              options={(dealers.data ?? []).map((d) => ({ value: d.id, label: `${d.code} ${d.name}` }))}
              style={{ minWidth: 220 }}
              aria-label={t('complaints.columns.dealer')}
              data-testid="complaint-kpi-dealer"
            />
          )
        }
      />
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
                    title={t(`complaints.kpi.tiles.${tile}`)}
                    value={v.value}
                    precision={v.precision}
                    suffix={v.suffix}
                    styles={{ content: { color: v.danger ? RED : undefined } }}
                    data-testid={`complaint-kpi-${tile}`}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`complaints.kpi.formulas.${tile}`)}
                  </Typography.Text>
                  {(tile === 'complaints' || tile === 'overdue') && (
                    <div>
                      <Link to={casesOf({}, tile === 'overdue' ? 'overdue' : 'all')} data-testid={`complaint-kpi-${tile}-cases`}>
                        {t('complaints.openCases')}
                      </Link>
                    </div>
                  )}
                </Card>
              );
            })}
          </div>
          {data!.totals.complaints === 0 ? (
            <Card>
              <EmptyState description={t('complaints.kpi.empty')} />
            </Card>
          ) : (
            <>
              <Card
                title={t('complaints.kpi.pareto')}
                extra={<Typography.Text type="secondary">{t('complaints.kpi.paretoHint')}</Typography.Text>}
              >
                <EChart option={paretoOption} height={340} data-testid="complaint-pareto" />
                {caseLinks(
                  paretoRows
                    .filter((r) => r.category !== 'uncategorised')
                    .map((r) => ({ key: r.category, label: categoryLabel(r.category), count: r.count })),
                  (key) => ({ category: key }),
                )}
              </Card>
              <Row gutter={[16, 16]}>
                <Col xs={24} xl={12}>
                  <Card title={t('complaints.kpi.bySa')}>
                    {data!.byServiceAdvisor.length ? (
                      <EChart
                        option={saOption}
                        height={Math.max(200, Math.min(15, data!.byServiceAdvisor.length) * 30 + 40)}
                        data-testid="complaint-by-sa"
                      />
                    ) : null}
                    {data!.byServiceAdvisor.length ? (
                      caseLinks(
                        data!.byServiceAdvisor.map((r) => ({ ...r, label: rowLabel(r) })),
                        (key) => ({ sa: key }),
                      )
                    ) : (
                      <EmptyState description={t('complaints.kpi.noRows')} />
                    )}
                  </Card>
                </Col>
                <Col xs={24} xl={12}>
                  <Card title={t('complaints.kpi.byModel')}>
                    {data!.byModel.length ? (
                      <EChart
                        option={modelOption}
                        height={Math.max(200, Math.min(15, data!.byModel.length) * 30 + 40)}
                        data-testid="complaint-by-model"
                      />
                    ) : null}
                    {data!.byModel.length ? (
                      caseLinks(
                        data!.byModel.map((r) => ({ ...r, label: rowLabel(r) })),
                        (key) => ({ model: key }),
                      )
                    ) : (
                      <EmptyState description={t('complaints.kpi.noRows')} />
                    )}
                  </Card>
                </Col>
              </Row>
            </>
          )}
          {data!.byDealer.length > 1 && (
            <Card title={t('complaints.kpi.byDealer')} styles={{ body: { padding: 0 } }}>
              <Table<DealerRow>
                rowKey="dealerId"
                size="small"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={data!.byDealer}
                data-testid="complaint-kpi-dealers"
                columns={[
                  { title: t('complaints.columns.dealer'), key: 'dealer', fixed: 'left', render: (_, d) => `${d.code} ${d.name}` },
                  {
                    title: t('complaints.kpi.tiles.complaints'),
                    dataIndex: 'complaints',
                    align: 'right',
                    render: (_, d) => <Link to={casesOf({ dealer: d.dealerId })}>{d.complaints}</Link>,
                    sorter: (a, b) => a.complaints - b.complaints,
                    defaultSortOrder: 'descend',
                  },
                  { title: t('complaints.kpi.repairOrders'), dataIndex: 'repairOrders', align: 'right' },
                  {
                    title: t('complaints.kpi.tiles.per100Ros'),
                    key: 'per100Ros',
                    align: 'right',
                    render: (_, d) => (d.per100Ros === null ? none : d.per100Ros.toFixed(2)),
                    sorter: (a, b) => (a.per100Ros ?? -1) - (b.per100Ros ?? -1),
                  },
                  {
                    title: t('complaints.kpi.tiles.responseRate'),
                    key: 'responseRate',
                    align: 'right',
                    render: (_, d) => (d.responseRate === null ? none : `${percent(d.responseRate)!.toFixed(1)}%`),
                    sorter: (a, b) => (a.responseRate ?? -1) - (b.responseRate ?? -1),
                  },
                  {
                    title: t('complaints.kpi.tiles.avgCloseHours'),
                    key: 'avgCloseHours',
                    align: 'right',
                    render: (_, d) => (d.avgCloseHours === null ? none : d.avgCloseHours.toFixed(1)),
                  },
                  {
                    title: t('complaints.kpi.tiles.overdue'),
                    key: 'overdue',
                    align: 'right',
                    render: (_, d) => (d.overdue > 0 ? <Typography.Text type="danger">{d.overdue}</Typography.Text> : d.overdue),
                  },
                ]}
              />
            </Card>
          )}
          <Card title={t('complaints.kpi.repeat')} data-testid="complaint-kpi-repeat">
            {data!.repeatComplainants.length === 0 ? (
              <Typography.Text type="secondary">{t('complaints.kpi.noRepeat')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={data!.repeatComplainants}
                renderItem={(r) => (
                  <List.Item
                    extra={
                      <Link to={casesOf({ customer: r.customerId })}>
                        <Tag color="volcano">{t('complaints.kpi.times', { count: r.count })}</Tag>
                      </Link>
                    }
                    data-testid="repeat-complainant"
                  >
                    <Link to={`/customers/${r.customerId}`}>{r.name}</Link>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </div>
      )}
    </div>
  );
}
