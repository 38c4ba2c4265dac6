import { AlertOutlined, ArrowLeftOutlined, BankOutlined, EditOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Card, Col, Row, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useCustomer, useCustomerVehicles } from '../../api/customers';
import { useCan, useUser } from '../../app/session';
import { MobileText } from '../../components/MobileText';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { ClubCard } from '../club/ClubCard';
import { CustomerValueCard } from '../customer-value/CustomerValueCard';
import { VehicleFormDrawer } from '../vehicles/VehicleFormDrawer';
import { OpenCampaignsAlert } from '../warranty/VehicleCampaignsCard';
import { CustomerFormDrawer } from './CustomerFormDrawer';
import { CustomerHistory } from './CustomerHistory';
import { CustomerNextActions } from './CustomerNextActions';
import { CustomerConsentCard, CustomerProfileCard } from './CustomerProfileCard';
import { CustomerTimeline } from './CustomerTimeline';
import { CustomerVehicles } from './CustomerVehicles';

/** 客户360: everything about one customer on one screen. */
export function Customer360Page() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWriteCustomer = useCan('customer.write');
  const canWriteVehicle = useCan('vehicle.write');
  // The car maker's desk registers for a dealer on the same page; dealer staff register for their own.
  const canRegisterComplaint = useCan(useUser().dealer ? 'complaint.register' : 'complaint.network');
  const customer = useCustomer(id);
  const vehicles = useCustomerVehicles(id);
  const [editing, setEditing] = useState(false);
  const [addingVehicle, setAddingVehicle] = useState(false);

  if (customer.isPending) return <PageSkeleton cards={3} />;
  if (customer.isError)
    return <ErrorState error={customer.error} onRetry={() => void customer.refetch()} notFoundText={t('customer.notFound')} />;
  const c = customer.data;

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="customer-360">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
        <Button type="text" size="large" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={() => void navigate(-1)} />
        <Avatar
          size={48}
          icon={c.kind === 'company' ? <BankOutlined /> : <UserOutlined />}
          style={{ background: c.kind === 'company' ? '#7b61ff' : '#1565c0' }}
        />
        <div style={{ minWidth: 0 }}>
          <Space wrap size={8} align="center">
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="customer-name">
              {c.name}
            </Typography.Title>
            <Tag>{t(`customer.kinds.${c.kind}`)}</Tag>
          </Space>
          <div>
            <Typography.Text type="secondary">{t('customer.title360')} · </Typography.Text>
            <MobileText mobile={c.mobile} full callable />
          </div>
        </div>
        <div style={{ flex: 1 }} />
        <Space wrap>
          <CustomerNextActions customerId={c.id} mobile={c.mobile} vehicles={vehicles.data ?? []} />
          {canRegisterComplaint && (
            <Button
              size="large"
              icon={<AlertOutlined />}
              onClick={() => void navigate(`/complaints/new?customerId=${id}`)}
              data-testid="customer-register-complaint"
            >
              {t('complaints.new')}
            </Button>
          )}
          {canWriteCustomer && (
            <Button size="large" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-customer">
              {t('customer.edit')}
            </Button>
          )}
          {canWriteVehicle && (
            <Button size="large" type="primary" icon={<PlusOutlined />} onClick={() => setAddingVehicle(true)}>
              {t('customer.addVehicle')}
            </Button>
          )}
        </Space>
      </div>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
            <CustomerProfileCard customer={c} />
            <ClubCard customerId={c.id} />
            <CustomerValueCard customerId={c.id} />
            <CustomerConsentCard customer={c} />
          </div>
        </Col>
        <Col xs={24} lg={15}>
          <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
            {(vehicles.data ?? []).map((v) => (
              <OpenCampaignsAlert key={v.id} vehicleId={v.id} compact />
            ))}
            <CustomerVehicles customerId={c.id} onAdd={canWriteVehicle ? () => setAddingVehicle(true) : undefined} />
            <Card>
              <Tabs
                items={[
                  { key: 'history', label: t('customerHistory.title'), children: <CustomerHistory customerId={c.id} /> },
                  {
                    key: 'records',
                    label: t('customerHistory.records'),
                    children: <CustomerTimeline customerId={c.id} vehicles={vehicles.data ?? []} />,
                  },
                ]}
              />
            </Card>
          </div>
        </Col>
      </Row>

      <CustomerFormDrawer open={editing} customer={c} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      <VehicleFormDrawer
        open={addingVehicle}
        owner={{ id: c.id, name: c.name, mobile: c.mobile }}
        onClose={() => setAddingVehicle(false)}
        onSaved={() => setAddingVehicle(false)}
      />
    </div>
  );
}
