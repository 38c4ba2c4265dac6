import { CalendarOutlined, CloseCircleOutlined, SwapOutlined } from '@ant-design/icons';
import { formatPlate } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { type SlotDto, slotFullAlternatives } from '../../api/appointments';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { type PublicAppointment, publicApi, publicKeys, usePublicAppointment, usePublicAvailability } from '../../api/public';
import { type LinkPath, linkPath } from '../../api/publicLink';
import { formatDateTime, setDisplayTimeZone } from '../../components/DateText';
import { dealerDate } from '../../components/dealerTime';
import { ErrorState } from '../../components/PageState';
import { STATUS_COLORS } from '../appointments/AppointmentTags';
import { workSummary } from '../appointments/appointmentText';
import { SlotAlternatives } from '../appointments/SlotAlternatives';
import { SlotGrid } from '../appointments/SlotGrid';
import { PublicLayout } from './PublicLayout';

function MovePanel({ link, appointment, onDone }: { link: LinkPath; appointment: PublicAppointment; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const availability = usePublicAvailability(appointment.dealer.code, dealerDate(0), dealerDate(6));
  const [startsAt, setStartsAt] = useState<string | null>(null);
  const [alternatives, setAlternatives] = useState<SlotDto[] | null>(null);
  const [saving, setSaving] = useState(false);

  async function move(target: string) {
    setSaving(true);
    setAlternatives(null);
    try {
      const saved = await publicApi.move(link, target);
      queryClient.setQueryData(publicKeys.appointment(link), saved);
      void message.success(t('public.moved', { time: formatDateTime(saved.startsAt) }));
      onDone();
    } catch (error) {
      const full = slotFullAlternatives(error);
      if (full) {
        setAlternatives(full);
        setStartsAt(null);
        void availability.refetch();
      } else void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  const data = availability.data && {
    ...availability.data,
    suggestions: availability.data.suggestions.filter((s) => s.startsAt !== appointment.startsAt),
  };
  return (
    <Card size="small" title={t('public.moveTitle')} data-testid="public-move">
      <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'minmax(0, 1fr)' }}>
        {alternatives && <SlotAlternatives large alternatives={alternatives} onPick={(slot) => void move(slot.startsAt)} />}
        <SlotGrid
          availability={data}
          loading={availability.isFetching}
          large
          value={startsAt}
          onChange={(slot) => setStartsAt(slot.startsAt)}
        />
        <Space>
          <Button onClick={onDone}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            disabled={!startsAt || startsAt === appointment.startsAt}
            loading={saving}
            onClick={() => startsAt && void move(startsAt)}
            data-testid="public-move-submit"
          >
            {startsAt ? t('public.moveTo', { time: formatDateTime(startsAt) }) : t('public.pickSlot')}
          </Button>
        </Space>
      </div>
    </Card>
  );
}

/** 我的预约 /my-booking/:dealerCode/:token — the link from the SMS: see, move or cancel the booking. */
export function MyBookingPage() {
  const link = linkPath(useParams());
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const appointment = usePublicAppointment(link);
  const [moving, setMoving] = useState(false);

  if (appointment.isPending) {
    return (
      <PublicLayout>
        <Skeleton active paragraph={{ rows: 6 }} />
      </PublicLayout>
    );
  }
  if (appointment.isError) {
    return (
      <PublicLayout>
        {appointment.error instanceof ApiError && appointment.error.status === 404 ? (
          <Result status="404" title={t('public.bookingNotFound')} subTitle={t('public.bookingNotFoundHint')} />
        ) : (
          <ErrorState error={appointment.error} onRetry={() => void appointment.refetch()} />
        )}
      </PublicLayout>
    );
  }
  const a = appointment.data;
  setDisplayTimeZone(a.dealer.timeZone);
  const open = a.status === 'booked' || a.status === 'confirmed';

  function cancel() {
    modal.confirm({
      title: t('public.cancelTitle'),
      content: t('public.cancelContent', { time: formatDateTime(a.startsAt) }),
      okText: t('public.cancelOk'),
      okButtonProps: { danger: true, 'data-testid': 'public-cancel-ok' },
      cancelText: t('public.cancelKeep'),
      onOk: async () => {
        try {
          const saved = await publicApi.cancel(link);
          queryClient.setQueryData(publicKeys.appointment(link), saved);
          void message.success(t('public.cancelled'));
        } catch (error) {
          void message.error(errorMessage(error));
        }
      },
    });
  }

  return (
    <PublicLayout dealerName={a.dealer.name}>
      <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="my-booking">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('public.myBooking')}
        </Typography.Title>
        {a.status === 'cancelled' && <Alert type="warning" showIcon title={t('public.isCancelled')} />}
        <Card>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('public.status')}>
              <Tag color={STATUS_COLORS[a.status]} data-testid="public-status" data-status={a.status}>
                {t(`appointment.statuses.${a.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('public.time')}>
              <Typography.Text strong style={{ fontSize: 18 }} data-testid="public-time">
                {formatDateTime(a.startsAt)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('public.number')}>{a.number}</Descriptions.Item>
            <Descriptions.Item label={t('public.dealer')}>{a.dealer.name}</Descriptions.Item>
            <Descriptions.Item label={t('public.plate')}>{formatPlate(a.plate)}</Descriptions.Item>
            <Descriptions.Item label={t('public.work')}>{workSummary(a.requestedWork)}</Descriptions.Item>
            {a.pickup && (
              <Descriptions.Item label={t('public.pickup.title')}>
                <span data-testid="public-booking-pickup">
                  {t('public.pickup.booked', {
                    from: formatDateTime(a.pickup.windowStart),
                    to: formatDateTime(a.pickup.windowEnd)?.slice(11),
                    address: a.pickup.address,
                  })}{' '}
                  <Tag>{t(`public.pickup.statuses.${a.pickup.status}`)}</Tag>
                </span>
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        {open && !moving && (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Button size="large" block icon={<CalendarOutlined />} href={publicApi.calendarUrl(link)}>
              {t('public.addToCalendar')}
            </Button>
            <Button size="large" block icon={<SwapOutlined />} onClick={() => setMoving(true)} data-testid="public-move-start">
              {t('public.move')}
            </Button>
            <Button size="large" block danger icon={<CloseCircleOutlined />} onClick={cancel} data-testid="public-cancel">
              {t('public.cancel')}
            </Button>
          </Space>
        )}
        {open && moving && <MovePanel link={link} appointment={a} onDone={() => setMoving(false)} />}
      </div>
    </PublicLayout>
  );
}
