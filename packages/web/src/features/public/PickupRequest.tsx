import { CarOutlined } from '@ant-design/icons';
import { onlinePickupSchema } from '@servicebay/contracts';
import { Card, Form, Input, Select, Switch, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { getDisplayTimeZone } from '../../components/DateText';
import { zodRule } from '../../components/form/zodRule';
import { formatFen } from '../../components/money';
import { type PickupOffer, pickupWindowFor } from './pickupWindow';

const hhmm = (instant: string) => dayjs(instant).tz(getDisplayTimeZone()).format('HH:mm');

/** "Fetch my car": the dealer's areas with their fee, the address, and the driver's window for the slot picked. */
export function PickupRequest({ offer, startsAt }: { offer: PickupOffer; startsAt: string | null | undefined }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const wanted = Form.useWatch('pickup', form) as boolean | undefined;
  const area = Form.useWatch('pickupArea', form) as string | undefined;
  const fee = offer.areas.find((a) => a.name === area)?.feeFen;
  const window = startsAt ? pickupWindowFor(startsAt, offer) : null;
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="public-pickup">
      <label style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: wanted ? 12 : 0, cursor: 'pointer' }}>
        <Form.Item name="pickup" valuePropName="checked" noStyle>
          <Switch data-testid="public-pickup-switch" />
        </Form.Item>
        <Typography.Text strong>
          <CarOutlined /> {t('public.pickup.ask')}
        </Typography.Text>
      </label>
      {wanted && (
        <>
          <Form.Item name="pickupArea" label={t('public.pickup.area')} rules={[{ required: true, message: t('public.pickup.pickArea') }]}>
            <Select
              placeholder={t('public.pickup.pickArea')}
              data-testid="public-pickup-area"
              options={offer.areas.map((a) => ({
                value: a.name,
                label: a.feeFen
                  ? t('public.pickup.areaFee', { name: a.name, km: a.distanceKm, fee: formatFen(a.feeFen) })
                  : t('public.pickup.areaFree', { name: a.name, km: a.distanceKm }),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="pickupAddress"
            label={t('public.pickup.address')}
            rules={[zodRule(onlinePickupSchema.shape.address, { label: t('public.pickup.address') })]}
          >
            <Input
              maxLength={200}
              autoComplete="street-address"
              placeholder={t('public.pickup.addressPlaceholder')}
              data-testid="public-pickup-address"
            />
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid="public-pickup-window">
            {window
              ? t('public.pickup.window', { from: hhmm(window.windowStart), to: hhmm(window.windowEnd) })
              : t('public.pickup.pickSlotFirst')}
            {fee !== undefined && ` ${fee ? t('public.pickup.fee', { fee: formatFen(fee) }) : t('public.pickup.free')}`}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}
