import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Descriptions, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type MaintenancePrediction, useMaintenancePrediction } from '../../api/followUp';
import { DueDate, formatDate, formatDateTime } from '../../components/DateText';
import { EmptyState, ErrorState } from '../../components/PageState';

const CONFIDENCE_COLORS = { low: 'default', medium: 'blue', high: 'green' } as const;

/** 置信度: how many readings the estimate stands on, and whether time or distance decides the date. */
export function ConfidenceTag({ prediction }: { prediction: MaintenancePrediction }) {
  const { t } = useTranslation();
  return (
    <Tooltip
      title={
        <div style={{ display: 'grid', gap: 4 }}>
          <span>{t(`prediction.confidenceHint.${prediction.confidence}`)}</span>
          <span>{t('prediction.readingsUsed', { count: prediction.readingsUsed })}</span>
          <span>{t(`prediction.basis.${prediction.basis}`)}</span>
        </div>
      }
    >
      <Tag
        color={CONFIDENCE_COLORS[prediction.confidence]}
        data-testid="prediction-confidence"
        data-confidence={prediction.confidence}
        style={{ cursor: 'help', marginInlineEnd: 0 }}
      >
        {t(`prediction.confidence.${prediction.confidence}`)} <InfoCircleOutlined />
      </Tag>
    </Tooltip>
  );
}

/** The maintenance due prediction: date, mileage, daily km, confidence and what it counts from. */
export function PredictionDetails({ prediction, column = 1 }: { prediction: MaintenancePrediction; column?: number }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <Descriptions column={{ xs: 1, sm: column }} size="small" data-testid="prediction" data-due-on={prediction.dueOn}>
      <Descriptions.Item label={t('prediction.dueOn')}>
        <DueDate value={prediction.dueOn} soonDays={15} />
      </Descriptions.Item>
      <Descriptions.Item label={t('prediction.dueKm')}>
        {prediction.dueKm !== null ? t('common.km', { km: prediction.dueKm.toLocaleString() }) : none}
      </Descriptions.Item>
      <Descriptions.Item label={t('prediction.dailyKm')}>
        {prediction.dailyKm !== null ? t('prediction.kmPerDay', { km: Math.round(prediction.dailyKm * 10) / 10 }) : none}
      </Descriptions.Item>
      <Descriptions.Item label={t('prediction.confidenceLabel')}>
        <ConfidenceTag prediction={prediction} />
      </Descriptions.Item>
      <Descriptions.Item label={t('prediction.countedFromLabel')} span={column}>
        <span data-testid="prediction-counted-from" data-counted-from={prediction.countedFrom}>
          {t(`prediction.countedFrom.${prediction.countedFrom}`)}
          {prediction.lastServiceOn !== null && ` · ${formatDate(prediction.lastServiceOn)}`}
          {prediction.countedFrom === 'last_service' &&
            prediction.lastServiceKm !== null &&
            ` · ${t('common.km', { km: prediction.lastServiceKm.toLocaleString() })}`}
        </span>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The vehicle page's card: the prediction recomputed now, or why there is none. */
export function MaintenancePredictionCard({ vehicleId }: { vehicleId: string }) {
  const { t } = useTranslation();
  const prediction = useMaintenancePrediction(vehicleId);
  return (
    <Card
      title={t('prediction.title')}
      data-testid="prediction-card"
      extra={
        prediction.data ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('prediction.computedAt', { time: formatDateTime(prediction.data.computedAt) })}
          </Typography.Text>
        ) : undefined
      }
    >
      {prediction.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : prediction.isError ? (
        <ErrorState error={prediction.error} onRetry={() => void prediction.refetch()} />
      ) : prediction.data === null ? (
        <EmptyState description={t('prediction.none')} />
      ) : (
        <>
          <PredictionDetails prediction={prediction.data} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('prediction.rule')}
          </Typography.Text>
        </>
      )}
    </Card>
  );
}
