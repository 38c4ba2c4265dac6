import { LoginOutlined } from '@ant-design/icons';
import { App, Button, Card, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/problems';
import { roApi } from '../../api/repairOrders';
import { useCan } from '../../app/session';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { usePreselectedVehicle } from '../appointments/usePreselectedVehicle';
import { type PickedVehicle, VehicleFinder } from '../appointments/VehicleFinder';
import { OpenCampaignsAlert } from '../warranty/VehicleCampaignsCard';
import { OpenVisitExists, openVisitIdOf } from './VisitCancel';

/** 未预约进店: find the car (or register it), open the visit, go on to reception. */
export function ReceptionNewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const idempotency = useIdempotencyKey();
  const [picked, setPicked] = useState<PickedVehicle | null>(null);
  usePreselectedVehicle(setPicked);
  const [saving, setSaving] = useState(false);
  const [openVisitId, setOpenVisitId] = useState<string | null>(null);
  const canReadVehicle = useCan('vehicle.read');

  async function submit() {
    if (!picked) return;
    setSaving(true);
    setOpenVisitId(null);
    try {
      const visit = await roApi.openVisit({ vehicleId: picked.id }, idempotency.keyFor({ vehicleId: picked.id }));
      idempotency.reset();
      navigate(`/visits/${visit.id}`);
    } catch (error) {
      const existing = openVisitIdOf(error);
      if (existing) setOpenVisitId(existing);
      else void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div style={{ display: 'grid', gap: 16, maxWidth: 760 }} data-testid="reception-new-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('reception.walkInTitle')}
      </Typography.Title>
      <Card>
        <Typography.Paragraph type="secondary">{t('reception.walkInHint')}</Typography.Paragraph>
        <VehicleFinder
          value={picked?.id ?? null}
          hint={t('reception.findHint')}
          picked={picked}
          onPicked={(vehicle) => {
            setPicked(vehicle);
            setOpenVisitId(null);
          }}
        />
        {picked && canReadVehicle && <OpenCampaignsAlert vehicleId={picked.id} compact style={{ marginTop: 16 }} />}
        {openVisitId && (
          <div style={{ marginTop: 16 }}>
            <OpenVisitExists visitId={openVisitId} />
          </div>
        )}
        <Button
          type="primary"
          size="large"
          icon={<LoginOutlined />}
          disabled={!picked}
          loading={saving}
          onClick={() => void submit()}
          style={{ marginTop: 16 }}
          data-testid="reception-submit"
        >
          {t('reception.open')}
        </Button>
      </Card>
    </div>
  );
}
