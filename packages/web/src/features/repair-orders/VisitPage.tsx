import { FileAddOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useVisit, type Visit } from '../../api/repairOrders';
import { useCan } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { MobileText } from '../../components/MobileText';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { DeclinedRecommendationsCard } from './DeclinedRecommendationsCard';
import { VisitCancelButton } from './VisitCancel';
import { WalkaroundCard } from './WalkaroundCard';

export function VisitHeader({ visit }: { visit: Visit }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered data-testid="visit-header">
      <Descriptions.Item label={t('ro.vehicle')}>
        <Space wrap size={8}>
          <Link to={`/vehicles/${visit.vehicle.id}`}>
            <PlateTag plate={visit.vehicle.plate} size="small" />
          </Link>
          {visit.vehicle.modelName}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('ro.customer')}>
        <Space wrap size={8}>
          <Link to={`/customers/${visit.customer.id}`}>{visit.customer.name}</Link>
          <MobileText mobile={visit.customer.mobile} full callable />
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('visit.arrivedAt')}>{formatDateTime(visit.arrivedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('visit.greetedAt')}>
        <Space size={8}>
          {formatDateTime(visit.greetedAt)}
          {visit.timelyReception ? <Tag color="success">{t('visit.timely')}</Tag> : <Tag color="warning">{t('visit.notTimely')}</Tag>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('visit.sa')}>{visit.sa?.name ?? t('common.none')}</Descriptions.Item>
      <Descriptions.Item label={t('visit.source')}>
        {visit.appointmentId ? t('visit.fromAppointment') : t('visit.walkIn')}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 接待: the car is here; the advisor greets the customer and writes the repair order. */
export function VisitPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const visit = useVisit(id);
  const canWrite = useCan('repair_order.write');
  if (visit.isPending) return <PageSkeleton />;
  if (visit.isError) return <ErrorState error={visit.error} onRetry={() => void visit.refetch()} />;
  const v = visit.data;
  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="visit-page">
      <Space wrap style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('visit.title', { plate: v.vehicle.plate })}
        </Typography.Title>
        {canWrite && v.status === 'open' && (
          <Space wrap>
            <Link to={`/repair-orders/new?visitId=${v.id}`}>
              <Button type="primary" size="large" icon={<FileAddOutlined />} data-testid="open-ro-form">
                {t('visit.writeRo')}
              </Button>
            </Link>
            <VisitCancelButton visit={v} />
          </Space>
        )}
      </Space>
      {v.status === 'cancelled' && (
        <Alert
          type="warning"
          showIcon
          title={t('visit.cancelledBanner')}
          description={t('visit.cancelledReason', { reason: v.cancelReason ?? '' })}
          data-testid="visit-cancelled"
        />
      )}
      <Card>
        <VisitHeader visit={v} />
      </Card>
      <DeclinedRecommendationsCard vehicleId={v.vehicle.id} />
      <WalkaroundCard
        visitId={v.id}
        canWrite={canWrite}
        vehicleId={v.vehicle.id}
        label={{ plate: v.vehicle.plate, customerName: v.customer.name, appointmentId: v.appointmentId }}
      />
    </div>
  );
}
