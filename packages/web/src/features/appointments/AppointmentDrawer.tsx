import { CalendarOutlined, CloseCircleOutlined, LoginOutlined, PhoneOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Drawer, Grid, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type Appointment, appointmentsApi, useAppointment, useAppointmentHistory, useServiceAdvisors } from '../../api/appointments';
import { roApi } from '../../api/repairOrders';
import { useCan } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { MobileText } from '../../components/MobileText';
import { EmptyState, ErrorState } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { useCheckInRefusal } from '../repair-orders/VisitCancel';
import { AppointmentParts } from './AppointmentParts';
import { ArrivalTag, BenefitTag, ConfirmedTag, StatusTag, UnassignedFlag } from './AppointmentTags';
import { AssignSa } from './AssignSa';
import { CancelModal } from './CancelModal';
import { ConfirmationModal } from './ConfirmationModal';
import { historyDetail, historyTitle } from './historyText';
import { RescheduleModal } from './RescheduleModal';
import { useRefreshAppointments } from './useAppointmentCache';

function History({ id }: { id: string }) {
  const { t } = useTranslation();
  const history = useAppointmentHistory(id);
  const advisors = useServiceAdvisors();
  const staffName = (saId: string) => advisors.data?.find((sa) => sa.id === saId)?.name ?? null;
  if (history.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (history.isError) return <ErrorState error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.length === 0) return <EmptyState description={t('history.none')} />;
  return (
    <Timeline
      items={[...history.data].reverse().map((entry, i) => {
        const detail = historyDetail(entry, staffName);
        return {
          key: `${entry.at}-${i}`,
          content: (
            <div style={{ display: 'grid', gap: 2 }} data-testid="history-entry" data-kind={entry.kind}>
              <Typography.Text strong>{historyTitle(entry.kind)}</Typography.Text>
              {detail && <Typography.Text>{detail}</Typography.Text>}
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {[formatDateTime(entry.at), entry.actorName ? t('timeline.by', { name: entry.actorName }) : t('timeline.system')].join(
                  ' · ',
                )}
              </Typography.Text>
            </div>
          ),
        };
      })}
    />
  );
}

function Details({ a }: { a: Appointment }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <Descriptions column={1} size="small" bordered styles={{ label: { width: 132, whiteSpace: 'nowrap' } }}>
      <Descriptions.Item label={t('appointment.time')}>
        <Typography.Text strong>{formatDateTime(a.startsAt)}</Typography.Text> · {t('appointment.minutes', { count: a.durationMinutes })}
      </Descriptions.Item>
      <Descriptions.Item label={t('appointment.vehicle')}>
        <Space wrap size={8}>
          <Link to={`/vehicles/${a.vehicle.id}`}>
            <PlateTag plate={a.vehicle.plate} size="small" />
          </Link>
          {a.vehicle.modelName}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('appointment.customer')}>
        <Space wrap size={8}>
          <Link to={`/customers/${a.customer.id}`}>{a.customer.name}</Link>
          <MobileText mobile={a.customer.mobile} full callable />
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('appointment.work')}>
        <div style={{ display: 'grid', gap: 4 }}>
          {a.requestedWork.map((w) => (
            <span key={`${w.kind}:${w.description}`}>
              <Tag color={w.kind === 'repair' ? 'orange' : 'blue'}>{t(`appointment.workKinds.${w.kind}`)}</Tag>
              {w.description}
            </span>
          ))}
        </div>
      </Descriptions.Item>
      <Descriptions.Item label={t('appointment.customerWords')}>{a.customerWords ? `“${a.customerWords}”` : none}</Descriptions.Item>
      <Descriptions.Item label={t('appointment.preferredSa')}>{a.preferredSa?.name ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('appointment.assignedSa')}>{a.assignedSa?.name ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('appointment.channel')}>{t(`appointment.channels.${a.channel}`)}</Descriptions.Item>
      <Descriptions.Item label={t('appointment.bookedBy')}>
        {a.bookedBy?.name ?? t('appointment.bookedByCustomer')} · {formatDateTime(a.createdAt)}
      </Descriptions.Item>
      {a.arrivedAt && (
        <Descriptions.Item label={t('appointment.arrivedAt')}>
          <Space size={8}>
            {formatDateTime(a.arrivedAt)}
            <ArrivalTag appointment={a} />
            <BenefitTag appointment={a} />
          </Space>
        </Descriptions.Item>
      )}
      {a.cancelReason && <Descriptions.Item label={t('appointment.cancelReason')}>{a.cancelReason}</Descriptions.Item>}
    </Descriptions>
  );
}

type Props = { appointmentId: string | null; flagged?: (a: Appointment) => boolean; onClose: () => void };

/** 预约详情: what was booked, what happened to it, and what can be done now. */
export function AppointmentDrawer({ appointmentId, flagged, onClose }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const canReceive = useCan('repair_order.write');
  const navigate = useNavigate();
  const refused = useCheckInRefusal();
  const appointment = useAppointment(appointmentId);
  const refresh = useRefreshAppointments();
  const [rescheduling, setRescheduling] = useState<Appointment | null>(null);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const [confirming, setConfirming] = useState<Appointment | null>(null);
  const [checkingIn, setCheckingIn] = useState(false);
  const a = appointment.data;

  function checkIn(target: Appointment) {
    modal.confirm({
      title: t('appointment.checkInTitle'),
      content: t('appointment.checkInContent', { plate: target.vehicle.plate, name: target.customer.name }),
      okText: t('appointment.checkIn'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setCheckingIn(true);
        try {
          // A known car goes straight to reception: the visit checks the appointment in too.
          if (canReceive && target.vehicle.id) {
            const visit = await roApi.openVisit({ appointmentId: target.id });
            void message.success(t('appointment.checkedIn'));
            refresh();
            navigate(`/visits/${visit.id}`);
            return;
          }
          const saved = await appointmentsApi.checkIn(target.id);
          void message.success(
            saved.arrivalStatus
              ? t('appointment.checkedInStatus', { status: t(`appointment.arrival.${saved.arrivalStatus}`) })
              : t('appointment.checkedIn'),
          );
          refresh(saved);
        } catch (error) {
          // The car is already on the drive: offer its open visit rather than a second one.
          refused(error);
          refresh();
        } finally {
          setCheckingIn(false);
        }
      },
    });
  }

  return (
    <Drawer
      open={!!appointmentId}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      destroyOnHidden
      data-testid="appointment-drawer"
      title={
        a ? (
          <Space wrap size={8}>
            <span>{t('appointment.detailTitle', { number: a.number })}</span>
            <StatusTag status={a.status} />
            <ConfirmedTag appointment={a} />
            {a.needsStaffReview && <Tag color="purple">{t('appointment.needsReview')}</Tag>}
            {flagged?.(a) && <UnassignedFlag />}
          </Space>
        ) : (
          t('appointment.detail')
        )
      }
    >
      {appointment.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : appointment.isError ? (
        <ErrorState error={appointment.error} onRetry={() => void appointment.refetch()} />
      ) : a ? (
        <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
          {(a.can.checkIn || a.can.confirm || a.can.reschedule || a.can.cancel) && (
            <Space wrap>
              {a.can.checkIn && (
                <Button
                  type="primary"
                  size="large"
                  icon={<LoginOutlined />}
                  loading={checkingIn}
                  onClick={() => checkIn(a)}
                  data-testid="check-in"
                >
                  {t('appointment.checkIn')}
                </Button>
              )}
              {a.can.confirm && (
                <Button size="large" icon={<PhoneOutlined />} onClick={() => setConfirming(a)} data-testid="record-confirmation">
                  {t('confirmation.title')}
                </Button>
              )}
              {a.can.reschedule && (
                <Button size="large" icon={<CalendarOutlined />} onClick={() => setRescheduling(a)} data-testid="reschedule">
                  {t('appointment.reschedule')}
                </Button>
              )}
              {a.can.cancel && (
                <Button
                  size="large"
                  danger
                  icon={<CloseCircleOutlined />}
                  onClick={() => setCancelling(a)}
                  data-testid="cancel-appointment"
                >
                  {t('appointment.cancel')}
                </Button>
              )}
            </Space>
          )}
          {a.can.assign && <AssignSa appointment={a} />}
          <Details a={a} />
          {a.parts.length > 0 && (
            <Card size="small" title={t('appointment.parts')}>
              <AppointmentParts parts={a.parts} quoteFen={a.partsQuoteFen} />
            </Card>
          )}
          <Card size="small" title={t('history.title')}>
            <History id={a.id} />
          </Card>
        </div>
      ) : null}
      <RescheduleModal appointment={rescheduling} onClose={() => setRescheduling(null)} />
      <CancelModal appointment={cancelling} onClose={() => setCancelling(null)} />
      <ConfirmationModal appointment={confirming} onClose={() => setConfirming(null)} />
    </Drawer>
  );
}
