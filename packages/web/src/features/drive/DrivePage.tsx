import { ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type DriveEntry, type DriveStage, useDriveToday } from '../../api/repairOrders';
import { formatDateTime } from '../../components/DateText';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';

const COLUMNS: readonly DriveStage[] = ['arrived', 'waiting_signature', 'in_workshop', 'quality_check', 'ready', 'delivered'];

function EntryCard({ entry }: { entry: DriveEntry }) {
  const { t } = useTranslation();
  const to = entry.repairOrder ? `/repair-orders/${entry.repairOrder.id}` : `/visits/${entry.visitId}`;
  return (
    <Card
      size="small"
      style={{ borderColor: entry.atRisk ? '#ff4d4f' : undefined }}
      data-testid="drive-entry"
      data-visit-id={entry.visitId}
    >
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Space wrap size={6}>
          <Link to={to}>
            <PlateTag plate={entry.plate} size="small" showKindTag={false} />
          </Link>
          {entry.atRisk && <Tag color="error">{t(`drive.risk.${entry.atRiskReason ?? 'overdue'}`)}</Tag>}
        </Space>
        <Typography.Text>
          {entry.customerName}
          {entry.modelName ? ` · ${entry.modelName}` : ''}
        </Typography.Text>
        {entry.repairOrder && (
          <Link to={`/repair-orders/${entry.repairOrder.id}`}>
            <Typography.Text type="secondary">{entry.repairOrder.number}</Typography.Text>
          </Link>
        )}
        <Typography.Text type="secondary">
          {entry.stage === 'delivered' && entry.deliveredAt
            ? t('drive.deliveredAt', { time: formatDateTime(entry.deliveredAt) })
            : entry.promisedAt
              ? t('drive.promisedAt', { time: formatDateTime(entry.promisedAt) })
              : t('drive.arrivedAt', { time: formatDateTime(entry.arrivedAt) })}
        </Typography.Text>
        {entry.sa && <Typography.Text type="secondary">{t('drive.sa', { name: entry.sa.name })}</Typography.Text>}
      </Space>
    </Card>
  );
}

function Column({ title, entries, testId, danger }: { title: string; entries: DriveEntry[]; testId: string; danger?: boolean }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={
        <Space>
          {title}
          <Badge
            count={entries.length}
            showZero
            color={danger && entries.length > 0 ? '#ff4d4f' : '#8c8c8c'}
            data-testid={`${testId}-count`}
          />
        </Space>
      }
      styles={{ body: { display: 'grid', gap: 8, padding: 8 } }}
      data-testid={testId}
    >
      {entries.length === 0 ? (
        <Typography.Text type="secondary">{t('drive.none')}</Typography.Text>
      ) : (
        entries.map((e) => <EntryCard key={`${testId}-${e.visitId}`} entry={e} />)
      )}
    </Card>
  );
}

/** 今日车间前台: every car on the service drive by stage, the deliveries of the day and the promised times at risk. */
export function DrivePage() {
  const { t } = useTranslation();
  const drive = useDriveToday();
  if (drive.isPending) return <PageSkeleton />;
  if (drive.isError) return <ErrorState error={drive.error} onRetry={() => void drive.refetch()} />;
  const { stages, atRisk, today, generatedAt } = drive.data;
  const total = COLUMNS.reduce((n, s) => n + stages[s].length, 0);
  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="drive-page">
      <Space wrap style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('drive.title', { date: today })}
        </Typography.Title>
        <Space>
          <Typography.Text type="secondary">{t('drive.updatedAt', { time: formatDateTime(generatedAt) })}</Typography.Text>
          <Button icon={<ReloadOutlined />} loading={drive.isFetching} onClick={() => void drive.refetch()}>
            {t('common.reload')}
          </Button>
        </Space>
      </Space>
      {total === 0 ? (
        <Card>
          <EmptyState description={t('drive.empty')}>
            <Link to="/reception/new">
              <Button type="primary">{t('drive.checkIn')}</Button>
            </Link>
          </EmptyState>
        </Card>
      ) : (
        <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', alignItems: 'start' }}>
          {COLUMNS.map((stage) => (
            <Column key={stage} title={t(`drive.stage.${stage}`)} entries={stages[stage]} testId={`drive-${stage}`} />
          ))}
          <Column title={t('drive.atRisk')} entries={atRisk} testId="drive-at-risk" danger />
        </div>
      )}
    </div>
  );
}
