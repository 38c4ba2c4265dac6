import type { RescueKpi, RescueKpiFigures } from '@servicebay/contracts';
import { Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

type DealerRow = RescueKpi['dealers'][number];

const minutes = (value: number | null) => (value === null ? '—' : value);
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10}%`);

/** The response KPI of one scope: median and average minutes from the call to the unit on site, and the share on target. */
export function RescueKpiStats({ figures, targetMinutes }: { figures: RescueKpiFigures; targetMinutes: number | null }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]} data-testid="rescue-kpi">
      <Col xs={12} md={6}>
        <Statistic
          title={t('rescue.kpi.median')}
          value={minutes(figures.medianResponseMinutes)}
          suffix={figures.medianResponseMinutes === null ? undefined : t('rescue.minutes')}
          valueStyle={{ fontSize: 28 }}
          data-testid="rescue-kpi-median"
        />
      </Col>
      <Col xs={12} md={6}>
        <Statistic
          title={t('rescue.kpi.average')}
          value={minutes(figures.averageResponseMinutes)}
          suffix={figures.averageResponseMinutes === null ? undefined : t('rescue.minutes')}
          valueStyle={{ fontSize: 28 }}
          data-testid="rescue-kpi-average"
        />
      </Col>
      <Col xs={12} md={6}>
        <Statistic
          title={targetMinutes === null ? t('rescue.kpi.withinTargetShort') : t('rescue.kpi.withinTarget', { minutes: targetMinutes })}
          value={percent(figures.withinTargetShare)}
          valueStyle={{ fontSize: 28 }}
          data-testid="rescue-kpi-share"
        />
      </Col>
      <Col xs={12} md={6}>
        <Statistic
          title={t('rescue.kpi.calls')}
          value={figures.calls}
          valueStyle={{ fontSize: 28 }}
          suffix={
            <Typography.Text type="secondary" style={{ fontSize: 14 }}>
              {t('rescue.kpi.callsDetail', { arrived: figures.arrived, cancelled: figures.cancelled })}
            </Typography.Text>
          }
        />
      </Col>
    </Row>
  );
}

/** The response KPI per dealer (the car maker's comparison), each month under its dealer. */
export function RescueKpiTable({ kpi, loading }: { kpi: RescueKpi; loading?: boolean }) {
  const { t } = useTranslation();
  const columns = [
    { title: t('rescue.kpi.calls'), dataIndex: 'calls', align: 'right' as const },
    { title: t('rescue.kpi.arrived'), dataIndex: 'arrived', align: 'right' as const },
    {
      title: t('rescue.kpi.median'),
      dataIndex: 'medianResponseMinutes',
      align: 'right' as const,
      render: (v: number | null) => minutes(v),
    },
    {
      title: t('rescue.kpi.average'),
      dataIndex: 'averageResponseMinutes',
      align: 'right' as const,
      render: (v: number | null) => minutes(v),
    },
    {
      title: t('rescue.kpi.withinTargetShort'),
      dataIndex: 'withinTargetShare',
      align: 'right' as const,
      render: (v: number | null) => percent(v),
    },
    { title: t('rescue.kpi.towedToDealer'), dataIndex: 'towedToDealer', align: 'right' as const },
  ];
  return (
    <Table<DealerRow>
      rowKey={(r) => r.dealer.id}
      size="middle"
      loading={loading}
      pagination={false}
      scroll={{ x: 760 }}
      dataSource={kpi.dealers}
      data-testid="rescue-kpi-table"
      expandable={{
        rowExpandable: (r) => r.months.length > 0,
        expandedRowRender: (r) => (
          <Table
            rowKey="month"
            size="small"
            pagination={false}
            dataSource={r.months}
            columns={[{ title: t('rescue.kpi.month'), dataIndex: 'month' }, ...columns]}
          />
        ),
      }}
      columns={[
        { title: t('rescue.kpi.dealer'), dataIndex: ['dealer', 'name'] },
        ...columns,
        {
          title: t('rescue.kpi.target'),
          dataIndex: 'targetMinutes',
          align: 'right' as const,
          render: (v: number, r: DealerRow) => (
            <Tag
              color={
                r.withinTargetShare === null
                  ? 'default'
                  : r.withinTargetShare >= 0.9
                    ? 'green'
                    : r.withinTargetShare >= 0.7
                      ? 'gold'
                      : 'red'
              }
            >
              {t('rescue.kpi.targetValue', { minutes: v })}
            </Tag>
          ),
        },
      ]}
    />
  );
}

/** The response KPI card of the KPI pages and the cockpit: the scope's figures and, for more than one dealer, each dealer's. */
export function RescueKpiCard({ kpi, loading, title }: { kpi: RescueKpi; loading?: boolean; title?: string }) {
  const { t } = useTranslation();
  const single = kpi.dealers.length === 1 ? kpi.dealers[0]! : null;
  return (
    <Card title={title ?? t('rescue.kpi.title')} data-testid="rescue-kpi-card" styles={{ body: { display: 'grid', gap: 16 } }}>
      <RescueKpiStats figures={single ?? kpi.total} targetMinutes={single?.targetMinutes ?? null} />
      {kpi.dealers.length > 1 || (single && single.months.length > 1) ? <RescueKpiTable kpi={kpi} loading={loading ?? false} /> : null}
    </Card>
  );
}
