import { CarOutlined, CheckCircleOutlined, ClockCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Skeleton, Space, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { usePublicProgress } from '../../api/public';
import { linkPath } from '../../api/publicLink';
import { formatDateTime } from '../../components/DateText';
import { PlateTag } from '../../components/PlateTag';
import { PublicLayout } from './PublicLayout';
import { PROGRESS_STEPS, progressStep } from './progress';

/** 维修进度 /progress/:dealerCode/:token — the customer follows the car from the link or QR code on the RO, without logging in. */
export function ProgressPage() {
  const { t } = useTranslation();
  const link = linkPath(useParams());
  const progress = usePublicProgress(link);

  const gone = progress.error instanceof ApiError && (progress.error.status === 404 || progress.error.status === 410);
  if (gone) {
    return (
      <PublicLayout tagline={t('public.progressTagline')}>
        <div data-testid="progress-page">
          <Result status="info" title={t('progress.expired')} subTitle={t('progress.expiredHint')} data-testid="progress-expired" />
        </div>
      </PublicLayout>
    );
  }
  if (!progress.data) {
    return (
      <PublicLayout tagline={t('public.progressTagline')}>
        {progress.isError ? (
          <Result
            status="warning"
            title={t('common.loadFailed')}
            subTitle={errorMessage(progress.error)}
            extra={<Button onClick={() => void progress.refetch()}>{t('common.retry')}</Button>}
          />
        ) : (
          <Card>
            <Skeleton active />
          </Card>
        )}
      </PublicLayout>
    );
  }
  const p = progress.data;
  const step = progressStep(p.stage);
  const current = step ? PROGRESS_STEPS.indexOf(step) : 0;
  const done = step === 'delivered';

  return (
    <PublicLayout dealerName={p.dealerName} tagline={t('public.progressTagline')}>
      <div style={{ display: 'grid', gap: 12 }} data-testid="progress-page" data-stage={p.stage}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('progress.title')}
        </Typography.Title>
        <Card>
          <Space size={8} wrap>
            <PlateTag plate={p.plate} showKindTag={false} />
            {p.modelName && <Typography.Text>{p.modelName}</Typography.Text>}
          </Space>
          <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('progress.number')}>{p.number}</Descriptions.Item>
            <Descriptions.Item label={t('progress.promisedAt')}>
              <Typography.Text strong data-testid="progress-promised">
                <ClockCircleOutlined /> {formatDateTime(p.promisedAt)}
              </Typography.Text>
            </Descriptions.Item>
            {p.readyAt && <Descriptions.Item label={t('progress.readyAt')}>{formatDateTime(p.readyAt)}</Descriptions.Item>}
          </Descriptions>
        </Card>
        {step === null ? (
          <Alert type="warning" showIcon title={t('progress.cancelled')} data-testid="progress-cancelled" />
        ) : (
          <Card>
            {(step === 'ready' || done) && (
              <Alert
                type="success"
                showIcon
                icon={done ? <CheckCircleOutlined /> : <CarOutlined />}
                title={done ? t('progress.deliveredHint') : t('progress.readyHint')}
                style={{ marginBottom: 16 }}
                data-testid="progress-ready"
              />
            )}
            <Steps
              orientation="vertical"
              current={current}
              status={done ? 'finish' : 'process'}
              data-testid="progress-steps"
              items={PROGRESS_STEPS.map((s, i) => ({
                title: (
                  <span data-testid={i === current ? 'progress-current' : undefined} data-step={s}>
                    {t(`progress.steps.${s}`)}
                  </span>
                ),
                content: i === current ? t(`progress.stepHints.${s}`) : undefined,
              }))}
            />
          </Card>
        )}
        <Space style={{ justifyContent: 'space-between', color: '#8c8c8c', fontSize: 13 }} wrap>
          <span>{t('progress.updatedAt', { time: formatDateTime(p.updatedAt) })}</span>
          <Button size="small" type="text" icon={<ReloadOutlined spin={progress.isFetching} />} onClick={() => void progress.refetch()}>
            {t('progress.refresh')}
          </Button>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('progress.autoRefresh')}
        </Typography.Text>
      </div>
    </PublicLayout>
  );
}
