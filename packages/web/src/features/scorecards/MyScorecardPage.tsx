import { Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMyScorecards } from '../../api/scorecards';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PeriodPicker, ScorecardView, usePeriod } from './ScorecardView';

/** 我的考核: one's own scorecard of a month, every part explained. */
export function MyScorecardPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = usePeriod();
  const cards = useMyScorecards(period);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('scorecards.myTitle')}
        </Typography.Title>
        <PeriodPicker period={period} onChange={setPeriod} />
      </Space>
      <Typography.Text type="secondary">{t('scorecards.howScored')}</Typography.Text>
      {cards.isPending ? (
        <PageSkeleton />
      ) : cards.isError ? (
        <ErrorState error={cards.error} onRetry={() => void cards.refetch()} />
      ) : cards.data.items.length === 0 ? (
        <Card>
          <EmptyState description={t('scorecards.noRole')} />
        </Card>
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
