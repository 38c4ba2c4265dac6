import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Skeleton, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ArrivalFlow, appointmentKeys, appointmentsApi } from '../../api/appointments';
import { EChart, type EChartOption } from '../../components/EChart';
import { EmptyState, ErrorState } from '../../components/PageState';

type Hour = ArrivalFlow['hours'][number];
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** 进场流量表: arrivals per hour of day over the last quarter, with the per-slot quota it suggests (削峰填谷). */
export function ArrivalFlowCard() {
  const { t } = useTranslation();
  const flow = useQuery({ queryKey: appointmentKeys.arrivalFlow, queryFn: appointmentsApi.arrivalFlow, staleTime: 5 * 60_000 });
  const data = flow.data;

  const option = useMemo<EChartOption | null>(() => {
    if (!data) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: data.hours.map((h) => hourLabel(h.hour)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('arrivalFlow.appointments'),
          type: 'bar',
          stack: 'arrivals',
          itemStyle: { color: '#1565c0' },
          data: data.hours.map((h) => Math.round(((h.arrivals - h.walkIns) / Math.max(1, data.days)) * 10) / 10),
        },
        {
          name: t('arrivalFlow.walkIns'),
          type: 'bar',
          stack: 'arrivals',
          itemStyle: { color: '#faad14' },
          data: data.hours.map((h) => Math.round((h.walkIns / Math.max(1, data.days)) * 10) / 10),
        },
        {
          name: t('arrivalFlow.suggestedQuota'),
          type: 'line',
          step: 'middle',
          itemStyle: { color: '#389e0d' },
          data: data.hours.map((h) => h.suggestedQuotaPerSlot),
          markLine: {
            symbol: 'none',
            lineStyle: { color: '#cf1322', type: 'dashed' },
            label: { formatter: t('arrivalFlow.capacityLine', { count: data.capacityPerSlot }), position: 'insideEndTop' },
            data: [{ yAxis: data.capacityPerSlot }],
          },
        },
      ],
    };
  }, [data, t]);

  return (
    <Card
      title={t('arrivalFlow.title')}
      extra={
        data ? (
          <Typography.Text type="secondary">{t('arrivalFlow.period', { from: data.from, to: data.to, days: data.days })}</Typography.Text>
        ) : undefined
      }
      data-testid="arrival-flow"
    >
      {flow.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : flow.isError ? (
        <ErrorState error={flow.error} onRetry={() => void flow.refetch()} />
      ) : !data || data.hours.length === 0 ? (
        <EmptyState description={t('arrivalFlow.empty')} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Typography.Paragraph type="secondary">{t('arrivalFlow.hint')}</Typography.Paragraph>
            {option && <EChart option={option} height={320} data-testid="arrival-flow-chart" />}
          </Col>
          <Col xs={24} xl={10}>
            <Table<Hour>
              rowKey="hour"
              size="small"
              pagination={false}
              dataSource={data.hours}
              scroll={{ x: 'max-content' }}
              data-testid="arrival-flow-table"
              columns={[
                { title: t('arrivalFlow.hour'), dataIndex: 'hour', render: (h: number) => `${hourLabel(h)}–${hourLabel(h + 1)}` },
                { title: t('arrivalFlow.arrivals'), dataIndex: 'arrivals', align: 'right' },
                { title: t('arrivalFlow.walkIns'), dataIndex: 'walkIns', align: 'right' },
                { title: t('arrivalFlow.perDay'), dataIndex: 'perDay', align: 'right', render: (v: number) => v.toFixed(1) },
                {
                  title: t('arrivalFlow.suggestedQuota'),
                  dataIndex: 'suggestedQuotaPerSlot',
                  align: 'right',
                  render: (v: number) => (
                    <Typography.Text strong type={v < data.capacityPerSlot ? 'warning' : v > data.capacityPerSlot ? 'success' : undefined}>
                      {v}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
