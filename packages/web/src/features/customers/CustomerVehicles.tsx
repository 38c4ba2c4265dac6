import { CarOutlined, PlusOutlined } from '@ant-design/icons';
import type { Vehicle } from '@servicebay/contracts';
import { Button, Card, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCustomerVehicles } from '../../api/customers';
import { useMileage } from '../../api/vehicles';
import { EmptyState, ErrorState } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { MileageChart } from '../vehicles/MileageChart';

/** The last few readings of one vehicle, with a sparkline. */
function CompactMileage({ vehicleId }: { vehicleId: string }) {
  const { t } = useTranslation();
  const mileage = useMileage(vehicleId);
  if (mileage.isPending) return <Skeleton.Input active size="small" style={{ width: 200 }} />;
  const readings = [...(mileage.data ?? [])].sort((a, b) => b.readOn.localeCompare(a.readOn));
  if (readings.length === 0) return <Typography.Text type="secondary">{t('mileage.none')}</Typography.Text>;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'center' }} data-testid="compact-mileage">
      <div style={{ width: 160, flex: 'none' }}>
        <MileageChart readings={readings} height={40} compact />
      </div>
      <div style={{ display: 'grid', gap: 2, fontSize: 13 }}>
        {readings.slice(0, 3).map((r) => (
          <span key={r.id} style={{ fontVariantNumeric: 'tabular-nums' }}>
            <Typography.Text type="secondary">{r.readOn}</Typography.Text> {t('common.km', { km: r.km.toLocaleString() })}{' '}
            <Typography.Text type="secondary">· {t(`mileage.sources.${r.source}`)}</Typography.Text>
            {r.odometerReplaced && (
              <Tag color="orange" style={{ marginInlineStart: 6 }}>
                {t('mileage.odometerReplacedTag')}
              </Tag>
            )}
          </span>
        ))}
        {readings.length > 3 && <Typography.Link>{t('mileage.showAll', { count: readings.length })}</Typography.Link>}
      </div>
    </div>
  );
}

function roleOf(vehicle: Vehicle, customerId: string): 'owner' | 'user' | 'both' {
  const owner = vehicle.owner?.id === customerId;
  const user = vehicle.user?.id === customerId;
  return owner && user ? 'both' : owner ? 'owner' : 'user';
}

function VehicleCard({ vehicle, customerId }: { vehicle: Vehicle; customerId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const role = roleOf(vehicle, customerId);
  const other = role === 'owner' ? vehicle.user : role === 'user' ? vehicle.owner : null;
  return (
    <Card
      size="small"
      className="sb-vehicle-card"
      onClick={() => void navigate(`/vehicles/${vehicle.id}`)}
      data-testid="customer-vehicle"
      role="link"
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void navigate(`/vehicles/${vehicle.id}`);
      }}
    >
      <div style={{ display: 'grid', gap: 10 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'center' }}>
          <PlateTag plate={vehicle.plate} kind={vehicle.plateKind} />
          <Typography.Text strong>{vehicle.modelName ?? t('common.none')}</Typography.Text>
          {vehicle.modelYear && <Typography.Text type="secondary">{vehicle.modelYear}</Typography.Text>}
          <Tag color={role === 'user' ? 'gold' : 'blue'} data-testid="vehicle-role">
            {role === 'both' ? t('vehicle.roleOwnerAndUser') : role === 'owner' ? t('vehicle.roleOwner') : t('vehicle.roleUser')}
          </Tag>
          <div style={{ flex: 1 }} />
          <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
            {vehicle.lastKm !== null ? t('common.km', { km: vehicle.lastKm.toLocaleString() }) : t('common.none')}
          </Typography.Text>
        </div>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px', fontSize: 13 }}>
          <Typography.Text type="secondary">
            {t('vehicle.vin')}: <span className="sb-mono">{vehicle.vin}</span>
          </Typography.Text>
          {other && (
            <Typography.Text type="secondary">
              {role === 'owner' ? t('vehicle.user') : t('vehicle.owner')}: {other.name}
            </Typography.Text>
          )}
        </div>
        <CompactMileage vehicleId={vehicle.id} />
      </div>
    </Card>
  );
}

export function CustomerVehicles({ customerId, onAdd }: { customerId: string; onAdd?: () => void }) {
  const { t } = useTranslation();
  const vehicles = useCustomerVehicles(customerId);
  return (
    <Card
      title={
        <span>
          <CarOutlined /> {t('customer.vehicles')}
          {vehicles.data && <Typography.Text type="secondary"> ({vehicles.data.length})</Typography.Text>}
        </span>
      }
      extra={
        onAdd && (
          <Button icon={<PlusOutlined />} onClick={onAdd} data-testid="add-vehicle">
            {t('customer.addVehicle')}
          </Button>
        )
      }
    >
      {vehicles.isPending ? (
        <Skeleton active />
      ) : vehicles.isError ? (
        <ErrorState error={vehicles.error} onRetry={() => void vehicles.refetch()} />
      ) : vehicles.data.length === 0 ? (
        <EmptyState description={t('customer.noVehicles')}>
          {onAdd && (
            <Button type="primary" icon={<PlusOutlined />} onClick={onAdd}>
              {t('customer.addVehicle')}
            </Button>
          )}
        </EmptyState>
      ) : (
        <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'minmax(0, 1fr)' }}>
          {vehicles.data.map((v) => (
            <VehicleCard key={v.id} vehicle={v} customerId={customerId} />
          ))}
        </div>
      )}
    </Card>
  );
}
