import { SCORECARD_ROLES, type ScorecardRole } from '@servicebay/contracts/constants';
import { Card, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type NetworkScorecard, useNetworkScorecards } from '../../api/scorecards';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { formatMeasure, PeriodPicker, usePeriod } from './ScorecardView';

type DealerRow = NetworkScorecard['dealers'][number];

/** 人员考核对比: the car maker compares one role across its dealers: staff scored, mean score, each measure's mean. */
export function NetworkScorecardsPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = usePeriod();
  const [params, setParams] = useSearchParams();
  const role = SCORECARD_ROLES.find((r) => r === params.get('role')) ?? 'service_advisor';
  const figures = useNetworkScorecards(period, role);
  const setRole = (next: ScorecardRole) =>
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        copy.set('role', next);
        return copy;
      },
      { replace: true },
    );
  const hoursOf = (value: number) => t('scorecards.hours', { value });
  const metrics = figures.data?.dealers[0]?.parts ?? [];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('scorecards.networkTitle')}
        </Typography.Title>
        <Space wrap>
          <Select<ScorecardRole>
            value={role}
            onChange={setRole}
            options={SCORECARD_ROLES.map((r) => ({ value: r, label: t(`scorecards.roles.${r}`) }))}
            style={{ width: 160 }}
            aria-label={t('scorecards.role')}
            data-testid="scorecard-network-role"
          />
          <PeriodPicker period={period} onChange={setPeriod} />
        </Space>
      </Space>
      <Typography.Text type="secondary">{t('scorecards.networkHint')}</Typography.Text>
      <Card styles={{ body: { padding: 0 } }}>
        {figures.isPending ? (
          <PageSkeleton cards={1} />
        ) : figures.isError ? (
          <ErrorState error={figures.error} onRetry={() => void figures.refetch()} />
        ) : figures.data.dealers.length === 0 ? (
          <EmptyState description={t('scorecards.noTeam')} />
        ) : (
          <Table<DealerRow>
            size="small"
            rowKey={(d) => d.dealer.id}
            dataSource={figures.data.dealers}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="scorecard-network"
            columns={[
              { title: t('scorecards.columns.dealer'), fixed: 'left', render: (_: unknown, d) => `${d.dealer.code} ${d.dealer.name}` },
              { title: t('scorecards.columns.staff'), dataIndex: 'staff', align: 'right' },
              {
                title: t('scorecards.columns.meanScore'),
                dataIndex: 'score',
                align: 'right',
                sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
                render: (s: number | null) => s ?? '—',
              },
              ...metrics.map((m, i) => ({
                key: m.metric,
                title: t(`scorecards.metrics.${m.metric}`),
                align: 'right' as const,
                render: (_: unknown, d: DealerRow) => {
                  const p = d.parts[i];
                  return p?.value === null || p === undefined ? '—' : formatMeasure(p.value, p.unit, hoursOf);
                },
              })),
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
