import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePersonScorecards } from '../../api/scorecards';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { PeriodPicker, ScorecardView, usePeriod } from './ScorecardView';

/** A team member's scorecard, opened from the team view. */
export function PersonScorecardPage() {
  const { t } = useTranslation();
  const { userId = '' } = useParams();
  const [period, setPeriod] = usePeriod();
  const cards = usePersonScorecards(userId, period);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space>
          <Link to={`/scorecards/team?period=${period.from}`}>
            <Button icon={<ArrowLeftOutlined />} aria-label={t('scorecards.backToTeam')} />
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {cards.data?.items[0]?.name ?? t('scorecards.teamTitle')}
          </Typography.Title>
        </Space>
        <PeriodPicker period={period} onChange={setPeriod} />
      </Space>
      {cards.isPending ? (
        <PageSkeleton />
      ) : cards.isError ? (
        <ErrorState error={cards.error} onRetry={() => void cards.refetch()} notFoundText={t('scorecards.notFound')} />
      ) : (
        cards.data.items.map((card) => (
          <Card key={card.role} title={`${card.name} · ${card.dealer.name}`}>
            <ScorecardView card={card} />
          </Card>
        ))
      )}
    </Space>
  );
}
