import { CarOutlined, LoginOutlined } from '@ant-design/icons';
import type { RepairOrder } from '@servicebay/contracts';
import { Alert, Button, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Appointment } from '../../api/appointments';
import { useFollowUpQueue } from '../../api/followUp';
import { useAwaitingDecision, useRepairOrders } from '../../api/repairOrders';
import { useCan, useUser } from '../../app/session';
import { dealerDate, dealerTimeOf } from '../../components/dealerTime';
import { useTodayAppointments } from '../../offline/cache';
import { useMyReceptions } from '../../offline/SyncStatus';
import { useStartReception } from '../../offline/useStartReception';
import { PromisedTime, RoStatusTag } from '../repair-orders/roText';
import { Section } from './Section';

/** An order is at risk when its promised time is less than this away and the car is not ready. */
const AT_RISK_MINUTES = 60;
const IN_WORK: RepairOrder['status'][] = ['open', 'authorised', 'in_progress', 'quality_check'];

/** 我的一天 (service advisor): today's appointments, my cars at risk, deliveries due, my follow-up calls. */
export function MyDayPage() {
  const { t } = useTranslation();
  const me = useUser();
  const today = dealerDate();
  const canCall = useCan('follow_up.work');
  // Kept on the device: offline, the advisor still sees the day's appointments and checks cars in.
  const todays = useTodayAppointments(me.id, today);
  const appointments = { ...todays, data: todays.data?.value };
  const canReceive = useCan('repair_order.write');
  const startReception = useStartReception();
  const kept = useMyReceptions();
  const keptOf = (a: Appointment) => kept.find((r) => r.appointmentId === a.id && !r.visitId);
  const orders = useRepairOrders();
  const calls = useFollowUpQueue({ view: 'today', scope: 'mine' }, canCall);
  const approvals = useAwaitingDecision(true);
  const mine = (orders.data ?? []).filter((o) => o.sa?.id === me.id);
  const soon = dayjs().add(AT_RISK_MINUTES, 'minute');
  const ordersQuery = (items: RepairOrder[]) => ({ ...orders, data: orders.data ? items : undefined });
  const atRisk = mine
    .filter((o) => IN_WORK.includes(o.status) && dayjs(o.promisedAt).isBefore(soon))
    .sort((a, b) => a.promisedAt.localeCompare(b.promisedAt));
  const deliveries = mine
    .filter((o) => o.status === 'ready' || o.status === 'invoiced')
    .sort((a, b) => a.promisedAt.localeCompare(b.promisedAt));

  const orderRow = (o: RepairOrder) => (
    <Link to={`/repair-orders/${o.id}`} style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center', width: '100%' }}>
      <Typography.Text strong>{o.vehicle.plate}</Typography.Text>
      <Typography.Text>{o.customer.name}</Typography.Text>
      <RoStatusTag status={o.status} />
      <PromisedTime promisedAt={o.promisedAt} status={o.status} />
    </Link>
  );

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="my-day">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('myDay.title', { name: me.displayName })}
        </Typography.Title>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          <Link to="/reception/new">
            <Button type="primary" size="large" icon={<LoginOutlined />} data-testid="my-day-check-in">
              {t('myDay.checkIn')}
            </Button>
          </Link>
          <Link to="/drive">
            <Button size="large" icon={<CarOutlined />}>
              {t('myDay.drive')}
            </Button>
          </Link>
        </div>
      </div>
      {todays.data?.savedAt && (
        <Alert
          type="warning"
          showIcon
          title={t('offline.offlineBanner', { time: dealerTimeOf(todays.data.savedAt) })}
          data-testid="offline-banner"
        />
      )}
      <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))' }}>
        <Section
          title={t('myDay.atRisk')}
          testId="my-day-at-risk"
          query={ordersQuery(atRisk)}
          empty={t('myDay.noneAtRisk')}
          render={orderRow}
        />
        <Section
          title={t('myDay.appointments')}
          testId="my-day-appointments"
          query={appointments}
          empty={t('myDay.noAppointments')}
          extra={<Link to="/appointments">{t('myDay.all')}</Link>}
          render={(a) => {
            const local = keptOf(a);
            return (
              <div
                style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', width: '100%' }}
                data-testid="my-day-appointment"
                data-plate={a.vehicle.plate}
              >
                <Link
                  to={`/appointments?date=${today}&open=${a.id}`}
                  style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}
                >
                  <Typography.Text strong>{dealerTimeOf(a.startsAt)}</Typography.Text>
                  <Typography.Text>{a.vehicle.plate}</Typography.Text>
                  <Typography.Text>{a.customer.name}</Typography.Text>
                  {a.arrivedAt ? (
                    <Tag color="green">{t('myDay.arrived')}</Tag>
                  ) : a.status === 'no_show' ? (
                    <Tag color="red">{t('myDay.noShow')}</Tag>
                  ) : null}
                </Link>
                {local ? (
                  <Link to={`/reception/local/${local.id}`}>
                    <Tag color="processing">{t('offline.savedOnDevice')}</Tag>
                  </Link>
                ) : (
                  canReceive &&
                  a.vehicle.id &&
                  !a.arrivedAt &&
                  (a.status === 'booked' || a.status === 'confirmed') && (
                    <Button size="small" icon={<LoginOutlined />} onClick={() => startReception(a)} data-testid="my-day-receive">
                      {t('offline.checkIn')}
                    </Button>
                  )
                )}
              </div>
            );
          }}
        />
        <Section
          title={t('myDay.approvals')}
          testId="my-day-approvals"
          query={approvals}
          empty={t('myDay.noApprovals')}
          render={(item) => (
            <Link to={`/repair-orders/${item.repairOrderId}`} style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
              <Typography.Text strong>{item.plate}</Typography.Text>
              <Typography.Text>{item.customerName}</Typography.Text>
              <Typography.Text type="secondary">{item.description}</Typography.Text>
              {item.safety && <Tag color="red">{t('myDay.safety')}</Tag>}
              <Typography.Text type="secondary">{t('myDay.raisedAt', { time: dealerTimeOf(item.raisedAt) })}</Typography.Text>
            </Link>
          )}
        />
        <Section
          title={t('myDay.deliveries')}
          testId="my-day-deliveries"
          query={ordersQuery(deliveries)}
          empty={t('myDay.noDeliveries')}
          render={orderRow}
        />
        {canCall && (
          <Section
            title={t('myDay.calls')}
            testId="my-day-calls"
            query={{ ...calls, data: calls.data?.items }}
            empty={t('myDay.noCalls')}
            extra={<Link to="/follow-up">{t('myDay.all')}</Link>}
            render={(task) => (
              <Link to={`/follow-up/${task.id}`} style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                <Typography.Text strong>{task.customer.name}</Typography.Text>
                {task.vehicle && <Typography.Text>{task.vehicle.plate}</Typography.Text>}
                {task.overdue && <Tag color="red">{t('myDay.overdue')}</Tag>}
              </Link>
            )}
          />
        )}
      </div>
    </div>
  );
}
