import { FormOutlined } from '@ant-design/icons';
import type { CsiRow } from '@servicebay/contracts';
import { Button, Card, Col, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type CsiGroupBy, useCsiDashboard, useSurveyResponses } from '../../api/csi';
import { useDealers } from '../../api/network';
import { useCan, useUser } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { dealerDate } from '../../components/dealerTime';
import { EChart, type EChartOption } from '../../components/EChart';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { localize, radarSeries, rankRows, ratePercent, trendSeries } from '../csi/survey';
import { CsiFactorDrawer, scoreColor } from './CsiFactorDrawer';
import { KpiHeader, standardPresets } from './KpiHeader';
import { KpiNetworkFilter } from './KpiNetworkFilter';
import type { NetworkFilter } from './networkFilter';

const TILES = ['csi', 'csi1000', 'responses', 'response-rate', 'low', 'flagged'] as const;
type Tile = (typeof TILES)[number];
const BLUE = '#1565c0';
const fixed1 = (n: number | null | undefined) => (n === null || n === undefined ? null : (Math.round(n * 10) / 10).toFixed(1));

/** CSI 满意度: the index over time, by factor (radar) and by advisor or dealer, with the drill-down into a factor and the flagged responses. */
export function CsiKpiPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const carMaker = !user.dealer;
  const canManage = useCan('csi.manage');
  const [params, setParams] = useSearchParams();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    dayjs(dealerDate(0)).subtract(5, 'month').startOf('month'),
    dayjs(dealerDate(0)),
  ]);
  const [groupBy, setGroupBy] = useState<CsiGroupBy>('month');
  const [network, setNetwork] = useState<NetworkFilter>({ dealerId: null, region: null });
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const scopedDealer = carMaker ? network.dealerId : null;
  const region = carMaker ? network.region : null;
  const dashboard = useCsiDashboard({ from, to, groupBy, dealerId: scopedDealer, region });
  // The trend is always by month, whatever the table is grouped by (the same query when it is).
  const trend = useCsiDashboard({ from, to, groupBy: 'month', dealerId: scopedDealer, region });
  const flagged = useSurveyResponses({ from, to, flagged: true, dealerId: scopedDealer, region });
  const dealers = useDealers(carMaker);
  const data = dashboard.data;
  const none = t('common.none');
  const factor = params.get('factor');
  const openFactor = (key: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (key) next.set('factor', key);
        else next.delete('factor');
        return next;
      },
      { replace: !key },
    );

  const trendOption = useMemo<EChartOption | null>(() => {
    if (!trend.data) return null;
    const s = trendSeries(trend.data.rows);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: s.months },
      yAxis: [
        { type: 'value', min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), max: 100, name: 'CSI' },
        { type: 'value', minInterval: 1, splitLine: { show: false }, name: t('csi.tiles.responses') },
      ],
      series: [
        { name: t('csi.tiles.responses'), type: 'bar', yAxisIndex: 1, barMaxWidth: 28, itemStyle: { color: '#d6e4ff' }, data: s.responses },
        {
          name: 'CSI',
          type: 'line',
          connectNulls: false,
          itemStyle: { color: BLUE },
          label: { show: true, formatter: (p: { value: unknown }) => (p.value === null ? '' : String(p.value)) },
          data: s.csi,
        },
      ],
    };
  }, [trend.data, t]);

  const radarOption = useMemo<EChartOption | null>(() => {
    if (!data || data.factors.length < 3) return null;
    const r = radarSeries(data.factors, data.total, i18n.language);
    return {
      tooltip: {},
      radar: { indicator: r.indicators, radius: '65%', axisName: { color: '#333' } },
      series: [
        {
          type: 'radar',
          name: 'CSI',
          areaStyle: { opacity: 0.2 },
          itemStyle: { color: BLUE },
          data: [{ value: r.values, name: t('csi.radar') }],
        },
      ],
    };
  }, [data, i18n.language, t]);

  const ranking = useMemo(
    () => (data && groupBy !== 'month' ? rankRows(data.rows.filter((r) => r.csi !== null)).slice(0, 20) : []),
    [data, groupBy],
  );
  const rankingOption = useMemo<EChartOption>(() => {
    const rows = [...ranking].reverse();
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100 },
      yAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { width: 120, overflow: 'truncate' } },
      series: [
        {
          name: 'CSI',
          type: 'bar',
          barMaxWidth: 22,
          label: { show: true, position: 'right' },
          data: rows.map((r) => ({ value: Math.round(r.csi! * 10) / 10, itemStyle: { color: scoreColor(r.csi) } })),
        },
      ],
    };
  }, [ranking]);

  const tileValue = (tile: Tile, total: CsiRow) => {
    switch (tile) {
      case 'csi':
        return { value: fixed1(total.csi) ?? none, color: scoreColor(total.csi) };
      case 'csi1000':
        return { value: total.csi1000 ?? none };
      case 'responses':
        return { value: total.responses, suffix: `/ ${total.invitations}` };
      case 'response-rate': {
        const p = ratePercent(total.responseRate);
        return { value: p === null ? none : `${p.toFixed(1)}%` };
      }
      case 'low':
        return { value: total.lowScores, color: total.lowScores > 0 ? '#cf1322' : undefined };
      case 'flagged':
        return { value: total.flagged, color: total.flagged > 0 ? '#d46b08' : undefined };
    }
  };

  const factorColumns: ColumnsType<CsiRow> = (data?.factors ?? []).map((f) => ({
    key: `factor-${f.key}`,
    align: 'right',
    title: (
      <Button type="link" size="small" style={{ padding: 0 }} onClick={() => openFactor(f.key)} data-testid={`csi-col-${f.key}`}>
        {localize(f.name, i18n.language)}
      </Button>
    ),
    render: (_, row) => {
      const v = row.factors[f.key];
      return v === null || v === undefined ? none : <span style={{ color: scoreColor(v) }}>{fixed1(v)}</span>;
    },
    sorter: (a, b) => (a.factors[f.key] ?? -1) - (b.factors[f.key] ?? -1),
  }));

  const groupOptions = [
    { value: 'month' as const, label: t('csi.groupBy.month') },
    { value: 'sa' as const, label: t('csi.groupBy.sa') },
    ...(carMaker ? [{ value: 'dealer' as const, label: t('csi.groupBy.dealer') }] : []),
  ];

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="csi-kpi-page">
      <KpiHeader<CsiGroupBy>
        title={t('csi.title')}
        range={range}
        onRange={setRange}
        presets={[
          ...standardPresets(t),
          {
            label: t('followUpKpi.last6Months'),
            value: [dayjs(dealerDate(0)).subtract(5, 'month').startOf('month'), dayjs(dealerDate(0))],
          },
        ]}
        groupBy={groupBy}
        onGroupBy={setGroupBy}
        groupOptions={groupOptions}
        extra={
          <>
            <KpiNetworkFilter value={network} onChange={setNetwork} testId="csi-kpi" />
            {canManage && (
              <Button icon={<FormOutlined />} onClick={() => void navigate('/settings/questionnaires')} data-testid="csi-questionnaires">
                {t('csi.questionnaires')}
              </Button>
            )}
          </>
        }
      />
      {dashboard.isPending ? (
        <PageSkeleton cards={2} />
      ) : dashboard.isError ? (
        <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)', opacity: dashboard.isPlaceholderData ? 0.6 : 1 }}>
          <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))' }}>
            {TILES.map((tile) => {
              const v = tileValue(tile, data!.total);
              return (
                <Card key={tile} size="small">
                  <Statistic
                    title={t(`csi.tiles.${tile === 'response-rate' ? 'responseRate' : tile}`)}
                    value={v.value}
                    suffix={'suffix' in v ? v.suffix : undefined}
                    styles={{ content: { color: 'color' in v ? v.color : undefined } }}
                    data-testid={`csi-kpi-${tile}`}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`csi.formulas.${tile === 'response-rate' ? 'responseRate' : tile}`)}
                  </Typography.Text>
                </Card>
              );
            })}
          </div>
          {data!.factors.length > 0 && (
            <Card size="small" title={t('csi.factors')} extra={<Typography.Text type="secondary">{t('csi.factorsHint')}</Typography.Text>}>
              <Space wrap size={[8, 8]}>
                {data!.factors.map((f) => {
                  const v = data!.total.factors[f.key];
                  return (
                    <Button
                      key={f.key}
                      onClick={() => openFactor(f.key)}
                      data-testid={`csi-factor-${f.key}`}
                      style={{ height: 'auto', padding: '6px 12px', textAlign: 'left' }}
                    >
                      <span style={{ display: 'grid' }}>
                        <span>
                          {localize(f.name, i18n.language)} <Typography.Text type="secondary">{f.weight}%</Typography.Text>
                        </span>
                        <b style={{ fontSize: 18, color: scoreColor(v) }}>{fixed1(v) ?? none}</b>
                      </span>
                    </Button>
                  );
                })}
              </Space>
            </Card>
          )}
          {data!.total.responses === 0 ? (
            <Card>
              <EmptyState description={t('csi.empty')} />
            </Card>
          ) : (
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Card title={t('csi.trend')}>
                  {trendOption ? (
                    <EChart option={trendOption} height={320} data-testid="csi-trend" />
                  ) : trend.isError ? (
                    <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />
                  ) : (
                    <PageSkeleton cards={1} />
                  )}
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card title={t('csi.radar')}>
                  {radarOption ? (
                    <EChart option={radarOption} height={320} data-testid="csi-radar" />
                  ) : (
                    <EmptyState description={t('csi.radarNeedsThree')} />
                  )}
                </Card>
              </Col>
              {ranking.length > 0 && (
                <Col xs={24}>
                  <Card title={groupBy === 'sa' ? t('csi.rankingSa') : t('csi.rankingDealer')}>
                    <EChart option={rankingOption} height={Math.max(200, ranking.length * 30 + 40)} data-testid="csi-ranking" />
                  </Card>
                </Col>
              )}
            </Row>
          )}
          <Card title={t(`csi.tableBy.${groupBy}`)} styles={{ body: { padding: 0 } }}>
            <Table<CsiRow>
              rowKey="key"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={data!.rows}
              data-testid="csi-table"
              summary={() =>
                data!.rows.length > 1 ? (
                  <Table.Summary.Row style={{ fontWeight: 600 }}>
                    <Table.Summary.Cell index={0}>{t('csi.total')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      {data!.total.responses}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      {ratePercent(data!.total.responseRate)?.toFixed(1) ?? none}
                      {data!.total.responseRate !== null && '%'}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} align="right">
                      {fixed1(data!.total.csi) ?? none}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={4} align="right">
                      {data!.total.csi1000 ?? none}
                    </Table.Summary.Cell>
                    {data!.factors.map((f, i) => (
                      <Table.Summary.Cell key={f.key} index={5 + i} align="right">
                        {fixed1(data!.total.factors[f.key]) ?? none}
                      </Table.Summary.Cell>
                    ))}
                    <Table.Summary.Cell index={5 + data!.factors.length} align="right">
                      {data!.total.lowScores}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={6 + data!.factors.length} align="right">
                      {data!.total.flagged}
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                ) : null
              }
              columns={[
                {
                  title: t(`csi.groupBy.${groupBy}`),
                  dataIndex: 'label',
                  fixed: 'left',
                  render: (label: string, row) => (row.key === 'none' ? t('csi.unassigned') : label),
                },
                {
                  title: t('csi.tiles.responses'),
                  key: 'responses',
                  align: 'right',
                  render: (_, r) => `${r.responses} / ${r.invitations}`,
                  sorter: (a, b) => a.responses - b.responses,
                },
                {
                  title: t('csi.tiles.responseRate'),
                  key: 'rate',
                  align: 'right',
                  render: (_, r) => (r.responseRate === null ? none : `${ratePercent(r.responseRate)!.toFixed(1)}%`),
                },
                {
                  title: 'CSI',
                  key: 'csi',
                  align: 'right',
                  render: (_, r) => <b style={{ color: scoreColor(r.csi) }}>{fixed1(r.csi) ?? none}</b>,
                  sorter: (a, b) => (a.csi ?? -1) - (b.csi ?? -1),
                },
                { title: t('csi.tiles.csi1000'), key: 'csi1000', align: 'right', render: (_, r) => r.csi1000 ?? none },
                ...factorColumns,
                {
                  title: t('csi.tiles.low'),
                  key: 'low',
                  align: 'right',
                  render: (_, r) => (r.lowScores > 0 ? <Typography.Text type="danger">{r.lowScores}</Typography.Text> : 0),
                },
                {
                  title: t('csi.tiles.flagged'),
                  key: 'flagged',
                  align: 'right',
                  render: (_, r) => (r.flagged > 0 ? <Typography.Text type="warning">{r.flagged}</Typography.Text> : 0),
                },
              ]}
            />
          </Card>
          <Card
            title={t('csi.flaggedTitle')}
            extra={<Typography.Text type="secondary">{t('csi.flaggedHint')}</Typography.Text>}
            data-testid="csi-flagged"
          >
            {flagged.isPending ? null : flagged.isError ? (
              <ErrorState error={flagged.error} onRetry={() => void flagged.refetch()} />
            ) : flagged.data.length === 0 ? (
              <Typography.Text type="secondary">{t('csi.noFlagged')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={flagged.data}
                renderItem={(r) => (
                  <List.Item data-testid="csi-flagged-response" extra={<b style={{ color: scoreColor(r.csi) }}>{fixed1(r.csi) ?? none}</b>}>
                    <Space wrap size={[8, 4]}>
                      <Link to={`/customers/${r.customer.id}`}>{r.customer.name}</Link>
                      <Typography.Text type="secondary">{formatDateTime(r.submittedAt)}</Typography.Text>
                      {carMaker && (
                        <Typography.Text type="secondary">{(dealers.data ?? []).find((d) => d.id === r.dealerId)?.name}</Typography.Text>
                      )}
                      {r.serviceAdvisor && <Typography.Text>{t('csi.saName', { name: r.serviceAdvisor.name })}</Typography.Text>}
                      {r.repairOrder && <Link to={`/repair-orders/${r.repairOrder.id}`}>{r.repairOrder.number}</Link>}
                      {r.flags.map((flag) => (
                        <Tag key={flag} color="orange" data-testid="csi-flag">
                          {t(`csi.flags.${flag}`)}
                        </Tag>
                      ))}
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </div>
      )}
      <CsiFactorDrawer
        factor={factor}
        dashboard={data}
        from={from}
        to={to}
        dealerId={scopedDealer}
        region={region}
        onClose={() => openFactor(null)}
      />
    </div>
  );
}
