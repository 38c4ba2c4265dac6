import { CarOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { LoanerReservationStatus } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Input, Modal, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Loaner,
  type LoanerReservation,
  loanerKeys,
  loanersApi,
  useLoanerFleet,
  useLoanerReservations,
  useLoanerUtilisation,
} from '../../api/loaners';
import { errorMessage } from '../../api/problems';
import { useCan } from '../../app/session';
import { DueDate, dealerToday, formatDateTime } from '../../components/DateText';
import { formatFen } from '../../components/money';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { Thumbnails } from '../../components/PhotoUpload';
import { PlateTag } from '../../components/PlateTag';
import { HandoverDrawer, LoanerModal, ReserveModal } from './LoanerForms';

const STATUS_COLORS: Record<LoanerReservationStatus, string> = { reserved: 'blue', out: 'orange', returned: 'green', cancelled: 'default' };
const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

function StatusTags({ reservation }: { reservation: LoanerReservation }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <Tag color={STATUS_COLORS[reservation.status]} data-testid="reservation-status" data-status={reservation.status}>
        {t(`loaners.statuses.${reservation.status}`)}
      </Tag>
      {reservation.overdue && (
        <Tag color="error" data-testid="reservation-overdue">
          {t('loaners.overdue')}
        </Tag>
      )}
    </Space>
  );
}

function RecordView({ title, record }: { title: string; record: NonNullable<LoanerReservation['handover']> }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} title={title}>
      <Descriptions.Item label={t('loaners.at')}>{formatDateTime(record.at)}</Descriptions.Item>
      <Descriptions.Item label={t('loaners.km')}>
        {record.km.toLocaleString()} {t('common.kmUnit')}
      </Descriptions.Item>
      <Descriptions.Item label={t('loaners.fuel')}>{record.fuelLevel}%</Descriptions.Item>
      <Descriptions.Item label={t('walkaround.damage')}>
        {record.damage.length === 0 ? t('common.none') : record.damage.map((d) => t(`walkaround.damageKinds.${d.kind}`)).join('、')}
      </Descriptions.Item>
      {record.note && <Descriptions.Item label={t('loaners.note')}>{record.note}</Descriptions.Item>}
      {record.photos.length > 0 && (
        <Descriptions.Item label={t('walkaround.photos')}>
          <Thumbnails keys={record.photos} />
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function ReservationRow({
  reservation,
  canWork,
  onHandover,
  onReturn,
}: {
  reservation: LoanerReservation;
  canWork: boolean;
  onHandover: () => void;
  onReturn: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [cancelReason, setCancelReason] = useState('');

  async function cancel() {
    try {
      await loanersApi.cancel(reservation.id, cancelReason.trim());
      void message.success(t('loaners.cancelled'));
      setCancelling(false);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      void queryClient.invalidateQueries({ queryKey: loanerKeys.all });
    }
  }

  return (
    <div className="sb-row" style={{ cursor: 'default', flexWrap: 'wrap' }} data-testid="reservation-row" data-id={reservation.id}>
      <div style={{ flex: '1 1 280px', minWidth: 0, display: 'grid', gap: 4 }}>
        <Space wrap size={8}>
          <PlateTag plate={reservation.loaner.plate} size="small" />
          <Typography.Text strong>{reservation.customer.name}</Typography.Text>
          <StatusTags reservation={reservation} />
          <Tag>{t(`loaners.reasons.${reservation.reason}`)}</Tag>
        </Space>
        <Typography.Text type="secondary">
          {formatDateTime(reservation.from)} — {formatDateTime(reservation.until)}
          {reservation.costFen !== null && ` · ${t('loaners.costOf', { days: reservation.daysOut, cost: formatFen(reservation.costFen) })}`}
        </Typography.Text>
        {reservation.overrideReason && (
          <Typography.Text type="secondary">{t('loaners.overriddenBecause', { reason: reservation.overrideReason })}</Typography.Text>
        )}
      </div>
      <Space wrap>
        {(reservation.handover || reservation.return) && <Button onClick={() => setOpen(true)}>{t('loaners.records')}</Button>}
        {canWork && reservation.status === 'reserved' && (
          <>
            <Button type="primary" size="large" onClick={onHandover} data-testid="reservation-handover">
              {t('loaners.handOver')}
            </Button>
            <Button size="large" onClick={() => setCancelling(true)}>
              {t('loaners.cancel')}
            </Button>
          </>
        )}
        {canWork && reservation.status === 'out' && (
          <Button type="primary" size="large" onClick={onReturn} data-testid="reservation-return">
            {t('loaners.takeBack')}
          </Button>
        )}
      </Space>
      <Modal open={open} onCancel={() => setOpen(false)} footer={null} title={reservation.loaner.plate} destroyOnHidden>
        {reservation.handover && <RecordView title={t('loaners.handoverRecord')} record={reservation.handover} />}
        {reservation.return && <RecordView title={t('loaners.returnRecord')} record={reservation.return} />}
      </Modal>
      <Modal
        open={cancelling}
        title={t('loaners.cancelTitle')}
        okText={t('loaners.cancel')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: cancelReason.trim().length < 2 }}
        onOk={() => void cancel()}
        onCancel={() => setCancelling(false)}
        destroyOnHidden
      >
        <Input
          value={cancelReason}
          onChange={(e) => setCancelReason(e.target.value)}
          maxLength={200}
          placeholder={t('loaners.cancelReason')}
        />
      </Modal>
    </div>
  );
}

/** The day's reservations by loaner: which loaner is free, reserved or out, and the reservations to work. */
function ReservationsPanel({ fleet }: { fleet: Loaner[] }) {
  const { t } = useTranslation();
  const canWork = useCan('loaner.reserve');
  const canOverride = useCan('loaner.manage');
  const [day, setDay] = useState<Dayjs>(dealerToday());
  const [reserving, setReserving] = useState(false);
  const [working, setWorking] = useState<{ reservation: LoanerReservation; mode: 'handover' | 'return' } | null>(null);
  const date = day.format('YYYY-MM-DD');
  const reservations = useLoanerReservations({ from: date, to: date });
  const items = (reservations.data?.items ?? []).filter((r) => r.status !== 'cancelled');
  const active = fleet.filter((l) => l.state === 'active');

  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <Space wrap size={12}>
        <DatePicker size="large" allowClear={false} inputReadOnly value={day} onChange={(d) => d && setDay(d)} data-testid="loaner-day" />
        {canWork && (
          <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setReserving(true)} data-testid="loaner-reserve">
            {t('loaners.reserve')}
          </Button>
        )}
      </Space>
      <Card size="small" title={t('loaners.availability')}>
        <div style={{ display: 'grid', gap: 8 }}>
          {active.map((l) => {
            const own = items.filter((r) => r.loaner.id === l.id);
            return (
              <Space key={l.id} wrap size={8} data-testid="availability-row">
                <span data-testid="availability-plate">
                  <PlateTag plate={l.plate} size="small" />
                </span>
                <Typography.Text type="secondary">{l.model}</Typography.Text>
                {own.length === 0 ? (
                  <Tag color="green">{t('loaners.free')}</Tag>
                ) : (
                  own.map((r) => (
                    <Tag key={r.id} color={r.overdue ? 'error' : STATUS_COLORS[r.status]}>
                      {formatDateTime(r.from)?.slice(5)} — {formatDateTime(r.until)?.slice(5)} · {r.customer.name}
                    </Tag>
                  ))
                )}
              </Space>
            );
          })}
        </div>
      </Card>
      {reservations.isPending ? (
        <PageSkeleton cards={1} />
      ) : reservations.isError ? (
        <ErrorState error={reservations.error} onRetry={() => void reservations.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState description={t('loaners.noReservations')} />
      ) : (
        <div className="sb-list">
          {items.map((r) => (
            <ReservationRow
              key={r.id}
              reservation={r}
              canWork={canWork}
              onHandover={() => setWorking({ reservation: r, mode: 'handover' })}
              onReturn={() => setWorking({ reservation: r, mode: 'return' })}
            />
          ))}
        </div>
      )}
      <ReserveModal open={reserving} fleet={fleet} canOverride={canOverride} onClose={() => setReserving(false)} />
      {working && (
        <HandoverDrawer
          key={`${working.reservation.id}:${working.mode}`}
          reservation={working.reservation}
          mode={working.mode}
          loanerKm={fleet.find((l) => l.id === working.reservation.loaner.id)?.km ?? null}
          onClose={() => setWorking(null)}
        />
      )}
    </div>
  );
}

function FleetPanel({ fleet }: { fleet: Loaner[] }) {
  const { t } = useTranslation();
  const canManage = useCan('loaner.manage');
  const [editing, setEditing] = useState<Loaner | null | 'new'>(null);
  return (
    <div style={{ display: 'grid', gap: 12 }}>
      {canManage && (
        <div>
          <Button icon={<PlusOutlined />} size="large" onClick={() => setEditing('new')} data-testid="loaner-add">
            {t('loaners.addLoaner')}
          </Button>
        </div>
      )}
      <Table<Loaner>
        size="middle"
        rowKey="id"
        pagination={false}
        scroll={{ x: 800 }}
        dataSource={fleet}
        onRow={() => ({ 'data-testid': 'fleet-row' }) as object}
        columns={[
          { title: t('loaners.plate'), dataIndex: 'plate', render: (plate: string) => <PlateTag plate={plate} size="small" /> },
          { title: t('loaners.model'), dataIndex: 'model' },
          {
            title: t('loaners.state'),
            key: 'state',
            render: (_: unknown, l: Loaner) =>
              l.state === 'retired' ? (
                <Tag>{t('loaners.states.retired')}</Tag>
              ) : l.outOn ? (
                <Tag color={l.outOn.overdue ? 'error' : 'orange'}>
                  {t(l.outOn.overdue ? 'loaners.outOverdue' : 'loaners.outWith', {
                    customer: l.outOn.customerName,
                    time: formatDateTime(l.outOn.until),
                  })}
                </Tag>
              ) : (
                <Tag color="green">{t('loaners.available')}</Tag>
              ),
          },
          { title: t('loaners.km'), dataIndex: 'km', align: 'right', render: (km: number) => km.toLocaleString() },
          { title: t('loaners.fuel'), dataIndex: 'fuelLevel', align: 'right', render: (f: number) => `${f}%` },
          {
            title: t('loaners.insuranceExpiresOn'),
            dataIndex: 'insuranceExpiresOn',
            render: (d: string | null) => <DueDate value={d} />,
          },
          { title: t('loaners.costPerDay'), dataIndex: 'costPerDayFen', align: 'right', render: (f: number) => formatFen(f) },
          ...(canManage
            ? [
                {
                  key: 'edit',
                  render: (_: unknown, l: Loaner) => (
                    <Button icon={<EditOutlined />} onClick={() => setEditing(l)} aria-label={t('loaners.editLoaner')} />
                  ),
                },
              ]
            : []),
        ]}
      />
      <LoanerModal
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        open={editing !== null}
        loaner={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}

/** 代步车利用率: days out ÷ fleet days this month (the car maker: per dealer). */
function UtilisationCard() {
  const { t } = useTranslation();
  const carMaker = useIsCarMaker();
  const [dealerId, setDealerId] = useState<string | undefined>();
  const month = dealerToday().startOf('month');
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([month, dealerToday()]);
  const days = { from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD'), ...(dealerId ? { dealerId } : {}) };
  const utilisation = useLoanerUtilisation(days);
  const items = utilisation.data?.items ?? [];
  return (
    <Card
      title={t('loaners.utilisationTitle')}
      extra={
        <Space wrap>
          <DatePicker.RangePicker
            allowClear={false}
            inputReadOnly
            value={period}
            onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
          />
          {carMaker && <NetworkDealerFilter value={dealerId} onChange={setDealerId} />}
        </Space>
      }
      data-testid="loaner-utilisation"
    >
      {utilisation.isPending ? (
        <PageSkeleton cards={1} />
      ) : utilisation.isError ? (
        <ErrorState error={utilisation.error} onRetry={() => void utilisation.refetch()} />
      ) : !carMaker && items[0] ? (
        <Space wrap size={32}>
          <Statistic title={t('loaners.utilisation')} value={percent(items[0].utilisation)} valueStyle={{ fontWeight: 600 }} />
          <Statistic title={t('loaners.daysOut')} value={items[0].daysOut} suffix={`/ ${items[0].fleetDays}`} />
          <Statistic title={t('loaners.fleet')} value={items[0].fleet} />
          <Statistic title={t('loaners.returnedCount')} value={items[0].returned} />
          <Statistic title={t('loaners.cost')} value={formatFen(items[0].costFen)} />
          <Statistic
            title={t('loaners.overdueCount')}
            value={items[0].overdue}
            valueStyle={items[0].overdue ? { color: '#cf1322' } : undefined}
          />
        </Space>
      ) : (
        <Table
          size="small"
          rowKey={(r) => r.dealer.id}
          pagination={false}
          dataSource={items}
          onRow={() => ({ 'data-testid': 'utilisation-dealer' }) as object}
          columns={[
            { title: t('loaners.dealer'), key: 'dealer', render: (_: unknown, r) => r.dealer.name },
            { title: t('loaners.utilisation'), dataIndex: 'utilisation', align: 'right', render: percent },
            { title: t('loaners.daysOut'), dataIndex: 'daysOut', align: 'right' },
            { title: t('loaners.fleetDays'), dataIndex: 'fleetDays', align: 'right' },
            { title: t('loaners.fleet'), dataIndex: 'fleet', align: 'right' },
            { title: t('loaners.returnedCount'), dataIndex: 'returned', align: 'right' },
            { title: t('loaners.cost'), dataIndex: 'costFen', align: 'right', render: (f: number) => formatFen(f) },
            { title: t('loaners.overdueCount'), dataIndex: 'overdue', align: 'right' },
          ]}
        />
      )}
    </Card>
  );
}

/** 代步车管理: the day's reservations with hand-over and return on the tablet, the fleet, and its utilisation. */
export function LoanersPage() {
  const { t } = useTranslation();
  const canRead = useCan('loaner.read');
  const canUtilise = useCan('loaner.utilisation');
  const fleet = useLoanerFleet(canRead);
  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="loaners-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          <CarOutlined /> {t('loaners.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('loaners.subtitle')}</Typography.Text>
      </div>
      {canRead &&
        (fleet.isPending ? (
          <PageSkeleton cards={2} />
        ) : fleet.isError ? (
          <ErrorState error={fleet.error} onRetry={() => void fleet.refetch()} />
        ) : (
          <Card styles={{ body: { paddingTop: 4 } }}>
            <Tabs
              items={[
                { key: 'day', label: t('loaners.tabDay'), children: <ReservationsPanel fleet={fleet.data.items} /> },
                { key: 'fleet', label: t('loaners.tabFleet'), children: <FleetPanel fleet={fleet.data.items} /> },
              ]}
            />
          </Card>
        ))}
      {canUtilise && <UtilisationCard />}
    </div>
  );
}
