import { CheckCircleFilled, PlusOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import type { CustomerSummary } from '@servicebay/contracts';
import { maskMobile } from '@servicebay/contracts/constants';
import { theme as antdTheme, Button, Input, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerSearch } from '../../api/customers';
import { useCan } from '../../app/session';
import type { PickedCustomer } from '../../components/CustomerPicker';
import { EmptyState, ErrorState } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { useDebounced } from '../../components/useDebounced';
import { CustomerFormDrawer } from '../customers/CustomerFormDrawer';
import { OpenCampaignsTag } from '../customers/CustomerRow';
import { VehicleFormDrawer } from '../vehicles/VehicleFormDrawer';

export type PickedVehicle = { id: string; plate: string; modelName: string | null; customer: { id: string; name: string; mobile: string } };

type Props = {
  id?: string;
  value?: string | null;
  onChange?: (vehicleId: string | null) => void;
  picked: PickedVehicle | null;
  onPicked: (vehicle: PickedVehicle | null) => void;
  /** The line under the search box (default: the booking page's "tap the vehicle to book"). */
  hint?: string;
};

/** Finds the car by plate, mobile or name (the customer search), or registers a new customer and car. */
export function VehicleFinder({ id, value, onChange, picked, onPicked, hint }: Props) {
  const { t } = useTranslation();
  const { token } = antdTheme.useToken();
  const canCreateCustomer = useCan('customer.write');
  const canCreateVehicle = useCan('vehicle.write');
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const search = useCustomerSearch(q);
  const [creatingCustomer, setCreatingCustomer] = useState(false);
  const [vehicleOwner, setVehicleOwner] = useState<PickedCustomer | null>(null);

  function choose(vehicle: PickedVehicle | null) {
    onPicked(vehicle);
    onChange?.(vehicle?.id ?? null);
  }

  const vehicleButton = (customer: CustomerSummary, v: CustomerSummary['vehicles'][number]) => {
    const selected = value === v.id;
    return (
      <button
        key={v.id}
        type="button"
        data-testid="pick-vehicle"
        data-plate={v.plate}
        aria-pressed={selected}
        onClick={() =>
          choose({
            id: v.id,
            plate: v.plate,
            modelName: v.modelName,
            customer: { id: customer.id, name: customer.name, mobile: customer.mobile },
          })
        }
        style={{
          display: 'inline-flex',
          alignItems: 'center',
          gap: 8,
          padding: '8px 12px',
          minHeight: 44,
          borderRadius: 8,
          cursor: 'pointer',
          font: 'inherit',
          border: `1px solid ${selected ? token.colorPrimary : token.colorBorder}`,
          background: selected ? token.colorPrimaryBg : token.colorBgContainer,
        }}
      >
        {selected && <CheckCircleFilled style={{ color: token.colorPrimary }} />}
        <PlateTag plate={v.plate} size="small" />
        <span>{v.modelName ?? ''}</span>
        <OpenCampaignsTag count={v.openCampaigns} />
      </button>
    );
  };

  return (
    <div id={id} style={{ display: 'grid', gap: 12, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      {picked && (
        <div
          style={{
            display: 'flex',
            flexWrap: 'wrap',
            alignItems: 'center',
            gap: 10,
            padding: 12,
            borderRadius: 8,
            background: token.colorSuccessBg,
            border: `1px solid ${token.colorSuccessBorder}`,
          }}
          data-testid="picked-vehicle"
        >
          <CheckCircleFilled style={{ color: token.colorSuccess, fontSize: 18 }} />
          <PlateTag plate={picked.plate} />
          <Typography.Text>{picked.modelName}</Typography.Text>
          <Typography.Text strong>
            <UserOutlined /> {picked.customer.name}
          </Typography.Text>
          <Typography.Text type="secondary">{maskMobile(picked.customer.mobile)}</Typography.Text>
          <div style={{ flex: 1 }} />
          <Button onClick={() => choose(null)}>{t('booking.changeVehicle')}</Button>
        </div>
      )}
      {!picked && (
        <>
          <Input
            size="large"
            allowClear
            autoFocus
            prefix={<SearchOutlined />}
            placeholder={t('booking.findPlaceholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="booking-vehicle-search"
          />
          {q === '' ? (
            <Typography.Text type="secondary">{hint ?? t('booking.findHint')}</Typography.Text>
          ) : search.isPending ? (
            <Skeleton active paragraph={{ rows: 2 }} />
          ) : search.isError ? (
            <ErrorState error={search.error} onRetry={() => void search.refetch()} />
          ) : search.data.length === 0 ? (
            <EmptyState description={t('search.noResults', { q })} />
          ) : (
            <div style={{ display: 'grid', gap: 8, maxHeight: 360, overflowY: 'auto' }}>
              {search.data.map((customer) => (
                <div
                  key={customer.id}
                  style={{ padding: 10, border: `1px solid ${token.colorBorderSecondary}`, borderRadius: 8 }}
                  data-testid="booking-customer"
                >
                  <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', marginBottom: 8 }}>
                    <Typography.Text strong>{customer.name}</Typography.Text>
                    <Typography.Text type="secondary">{maskMobile(customer.mobile)}</Typography.Text>
                  </div>
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
                    {customer.vehicles.map((v) => vehicleButton(customer, v))}
                    {customer.vehicles.length === 0 && <Typography.Text type="secondary">{t('search.noVehicle')}</Typography.Text>}
                    {canCreateVehicle && (
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        onClick={() => setVehicleOwner({ id: customer.id, name: customer.name, mobile: customer.mobile })}
                      >
                        {t('customer.addVehicle')}
                      </Button>
                    )}
                  </div>
                </div>
              ))}
            </div>
          )}
          {canCreateCustomer && (
            <div>
              <Button
                type="link"
                icon={<PlusOutlined />}
                onClick={() => setCreatingCustomer(true)}
                style={{ paddingInline: 0 }}
                data-testid="booking-new-customer"
              >
                {t('booking.newCustomer')}
              </Button>
            </div>
          )}
        </>
      )}
      <CustomerFormDrawer
        open={creatingCustomer}
        onClose={() => setCreatingCustomer(false)}
        onSaved={(customer) => {
          setCreatingCustomer(false);
          // A new customer has no car yet: register it straight away.
          if (canCreateVehicle) setVehicleOwner({ id: customer.id, name: customer.name, mobile: customer.mobile });
          setText(customer.mobile);
        }}
      />
      <VehicleFormDrawer
        open={!!vehicleOwner}
        owner={vehicleOwner ?? undefined}
        onClose={() => setVehicleOwner(null)}
        onSaved={(vehicle) => {
          const owner = vehicle.owner ?? vehicleOwner;
          setVehicleOwner(null);
          if (owner)
            choose({
              id: vehicle.id,
              plate: vehicle.plate,
              modelName: vehicle.modelName,
              customer: { id: owner.id, name: owner.name, mobile: owner.mobile },
            });
        }}
      />
    </div>
  );
}
