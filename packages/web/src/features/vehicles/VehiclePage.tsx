import { ArrowLeftOutlined, EditOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMileage, useVehicle } from '../../api/vehicles';
import { useCan } from '../../app/session';
import { DueDate, formatDate } from '../../components/DateText';
import { MobileText } from '../../components/MobileText';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { MaintenancePredictionCard } from '../follow-up/MaintenancePrediction';
import { DeclinedRecommendationsCard } from '../repair-orders/DeclinedRecommendationsCard';
import { SanbaoCard } from '../warranty/SanbaoCard';
import { OpenCampaignsAlert, VehicleCampaignsCard } from '../warranty/VehicleCampaignsCard';
import { WarrantyCoverageCard } from '../warranty/WarrantyCoverageCard';
import { averageKmPerDay, MileageChart } from './MileageChart';
import { MileageForm } from './MileageForm';
import { MileageTable } from './MileageTable';
import { VehicleFormDrawer } from './VehicleFormDrawer';

export function VehiclePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan('vehicle.write');
  const canSeeOrders = useCan('repair_order.read');
  // What still covers the car: for the warranty staff, and for whoever reads the vehicle (the SA at reception).
  const canReadWarranty = useCan('warranty.read');
  const canReadVehicle = useCan('vehicle.read');
  const canSeeWarranty = canReadWarranty || canReadVehicle;
  const vehicle = useVehicle(id);
  const mileage = useMileage(id, vehicle.isSuccess);
  const [editing, setEditing] = useState(false);

  if (vehicle.isPending) return <PageSkeleton cards={3} />;
  if (vehicle.isError)
    return <ErrorState error={vehicle.error} onRetry={() => void vehicle.refetch()} notFoundText={t('vehicle.notFound')} />;
  const v = vehicle.data;
  const readings = mileage.data ?? [];
  const latest = [...readings].sort((a, b) => b.readOn.localeCompare(a.readOn))[0];
  const perDay = averageKmPerDay(readings);
  const none = t('common.none');

  const person = (p: typeof v.owner) =>
    p ? (
      <Space wrap size={8}>
        <UserOutlined />
        <Link to={`/customers/${p.id}`} data-testid="person-link">
          {p.name}
        </Link>
        <MobileText mobile={p.mobile} revealable callable />
      </Space>
    ) : (
      none
    );

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="vehicle-page">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
        <Button type="text" size="large" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={() => void navigate(-1)} />
        <PlateTag plate={v.plate} kind={v.plateKind} size="large" />
        <Typography.Title level={3} style={{ margin: 0 }}>
          {v.modelName ?? t('vehicle.title')}
          {v.modelYear ? <Typography.Text type="secondary"> · {v.modelYear}</Typography.Text> : null}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        {canWrite && (
          <Button size="large" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-vehicle">
            {t('vehicle.edit')}
          </Button>
        )}
      </div>

      {/* A recall or service campaign still to do on the car is the first thing the advisor sees. */}
      {canReadVehicle && <OpenCampaignsAlert vehicleId={v.id} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('vehicle.details')}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="middle">
              <Descriptions.Item label={t('vehicle.vin')} span={2}>
                <Typography.Text className="sb-mono" copyable>
                  {v.vin}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('vehicle.model')}>{v.modelName ?? none}</Descriptions.Item>
              <Descriptions.Item label={t('vehicle.modelYear')}>{v.modelYear ?? none}</Descriptions.Item>
              <Descriptions.Item label={t('vehicle.color')}>{v.color ?? none}</Descriptions.Item>
              <Descriptions.Item label={t('vehicle.fuelType')}>
                {t(`vehicle.fuelTypes.${v.fuelType}`)}
                {v.plateKind === 'new_energy' && (
                  <Tag color="green" style={{ marginInlineStart: 8 }}>
                    {t('vehicle.newEnergy')}
                  </Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('vehicle.useType')}>{t(`vehicle.useTypes.${v.useType}`)}</Descriptions.Item>
              <Descriptions.Item label={t('vehicle.deliveredOn')}>{formatDate(v.deliveredOn) ?? none}</Descriptions.Item>
              <Descriptions.Item label={t('vehicle.insuranceExpiresOn')}>
                <DueDate value={v.insuranceExpiresOn} />
              </Descriptions.Item>
              <Descriptions.Item label={t('vehicle.inspectionDueOn')}>
                <DueDate value={v.inspectionDueOn} />
              </Descriptions.Item>
              <Descriptions.Item label={t('vehicle.lastKm')}>
                {v.lastKm !== null ? t('common.km', { km: v.lastKm.toLocaleString() }) : none}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('vehicle.people')} style={{ marginTop: 16 }}>
            <Descriptions column={1} size="middle">
              <Descriptions.Item label={t('vehicle.owner')}>{person(v.owner)}</Descriptions.Item>
              <Descriptions.Item label={t('vehicle.user')}>{person(v.user)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
            {canWrite && (
              <Card title={t('mileage.record')}>
                <MileageForm vehicleId={v.id} latest={latest} />
              </Card>
            )}
            <MaintenancePredictionCard vehicleId={v.id} />
          </div>
        </Col>
      </Row>

      {canSeeWarranty && <WarrantyCoverageCard vehicleId={v.id} />}
      {canSeeWarranty && <SanbaoCard vehicleId={v.id} />}
      {canReadVehicle && <VehicleCampaignsCard vehicleId={v.id} />}
      {canSeeOrders && <DeclinedRecommendationsCard vehicleId={v.id} />}

      <Card
        title={t('mileage.history')}
        extra={
          readings.length > 0 ? (
            <Typography.Text type="secondary">
              {t('mileage.count', { count: readings.length })}
              {perDay !== null && ` · ${t('mileage.avgPerDay', { km: perDay })}`}
            </Typography.Text>
          ) : undefined
        }
      >
        {readings.length >= 2 && (
          <div style={{ marginBottom: 16 }}>
            <MileageChart readings={readings} height={200} />
          </div>
        )}
        {mileage.isError ? (
          <ErrorState error={mileage.error} onRetry={() => void mileage.refetch()} />
        ) : (
          <MileageTable readings={readings} loading={mileage.isPending} />
        )}
      </Card>

      <VehicleFormDrawer open={editing} vehicle={v} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
    </div>
  );
}
