import { CarOutlined, CopyOutlined, LinkOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { PICKUP_KINDS, type PickupKind, type PickupStatus, pickupFeeOf } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, QRCode, Select, Space, Table, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isVersionConflict } from '../../api/appointments';
import { newIdempotencyKey } from '../../api/client';
import { type PickupDay, type PickupJob, pickupApi, pickupKeys, usePickupDay } from '../../api/pickup';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import { useCan } from '../../app/session';
import { copyText } from '../../components/copyText';
import { dealerToday } from '../../components/DateText';
import { formatFen } from '../../components/money';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { type PickedVehicle, VehicleFinder } from '../appointments/VehicleFinder';
import { PickupSettingsDrawer } from './PickupSettingsDrawer';
import { STATUS_COLORS, windowText } from './pickupText';

/** 上门取送车 / 代驾: the desk's day plan — book, give each job a driver, send the driver's link, cancel. */
export function PickupPage() {
  const { t } = useTranslation();
  const carMaker = useIsCarMaker();
  const canManage = useCan('pickup.manage');
  const canSettle = useCan('pickup.settings');
  // The day can be opened by its address (?date=2026-12-07), e.g. from an appointment with a pick-up.
  const [params, setParams] = useSearchParams();
  const asked = params.get('date');
  const date: Dayjs = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && dayjs(asked).isValid() ? dayjs(asked) : dealerToday();
  const setDate = (d: Dayjs) => setParams({ date: d.format('YYYY-MM-DD') }, { replace: true });
  const [dealerId, setDealerId] = useState<string | undefined>();
  const [booking, setBooking] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [assigning, setAssigning] = useState<PickupJob | null>(null);
  const [cancelling, setCancelling] = useState<PickupJob | null>(null);
  const [link, setLink] = useState<{ job: PickupJob; url: string } | null>(null);
  const day = usePickupDay(date.format('YYYY-MM-DD'), dealerId, !carMaker || !!dealerId);

  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="pickup-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('pickup.title')}
        </Typography.Title>
        <Space wrap>
          {carMaker && <NetworkDealerFilter value={dealerId} onChange={setDealerId} />}
          <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} data-testid="pickup-date" />
          {canSettle && (
            <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="pickup-settings">
              {t('pickup.settings.button')}
            </Button>
          )}
          {canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!day.data?.settings.enabled}
              onClick={() => setBooking(true)}
              data-testid="pickup-new"
            >
              {t('pickup.new')}
            </Button>
          )}
        </Space>
      </Space>
      {carMaker && !dealerId ? (
        <EmptyState description={t('pickup.pickDealer')} />
      ) : day.isPending ? (
        <PageSkeleton />
      ) : day.isError ? (
        <ErrorState error={day.error} onRetry={() => void day.refetch()} />
      ) : (
        <DayPlan
          day={day.data}
          canManage={canManage}
          onAssign={setAssigning}
          onCancel={setCancelling}
          onLink={(job, url) => setLink({ job, url })}
        />
      )}
      {day.data && booking && <BookingModal settings={day.data.settings} date={date} onClose={() => setBooking(false)} />}
      {day.data && (
        <AssignModal
          job={assigning}
          drivers={day.data.drivers}
          onClose={() => setAssigning(null)}
          onAssigned={(job, url) => {
            setAssigning(null);
            setLink({ job, url });
          }}
        />
      )}
      <CancelModal job={cancelling} onClose={() => setCancelling(null)} />
      <DriverLinkModal link={link} onClose={() => setLink(null)} />
      {canSettle && day.data && (
        <PickupSettingsDrawer open={settingsOpen} settings={day.data.settings} onClose={() => setSettingsOpen(false)} />
      )}
    </div>
  );
}

function DayPlan({
  day,
  canManage,
  onAssign,
  onCancel,
  onLink,
}: {
  day: PickupDay;
  canManage: boolean;
  onAssign: (job: PickupJob) => void;
  onCancel: (job: PickupJob) => void;
  onLink: (job: PickupJob, url: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const open = day.jobs.filter((j) => j.status !== 'cancelled' && j.status !== 'completed');
  const unassigned = open.filter((j) => j.status === 'requested').length;

  async function newLink(job: PickupJob) {
    try {
      onLink(job, (await pickupApi.driverLink(job.id)).url);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  }

  return (
    <>
      {!day.settings.enabled && <Alert type="info" showIcon message={t('pickup.notOffered')} data-testid="pickup-not-offered" />}
      {unassigned > 0 && (
        <Alert type="warning" showIcon message={t('pickup.unassigned', { count: unassigned })} data-testid="pickup-unassigned" />
      )}
      <Card size="small" title={t('pickup.drivers')}>
        {day.drivers.length === 0 ? (
          <Typography.Text type="secondary">{t('pickup.noDrivers')}</Typography.Text>
        ) : (
          <Space wrap size={[16, 8]}>
            {day.drivers.map((d) => {
              const theirs = open.filter((j) => j.driver?.id === d.id);
              return (
                <span key={d.id} data-testid="pickup-driver">
                  <Typography.Text strong>{d.name}</Typography.Text>{' '}
                  {theirs.length === 0 ? (
                    <Typography.Text type="secondary">{t('pickup.free')}</Typography.Text>
                  ) : (
                    theirs.map((j) => (
                      <Tag key={j.id} color={STATUS_COLORS[j.status]}>
                        {windowText(j)}
                      </Tag>
                    ))
                  )}
                </span>
              );
            })}
          </Space>
        )}
      </Card>
      {day.jobs.length === 0 ? (
        <EmptyState description={t('pickup.empty')} />
      ) : (
        <Table<PickupJob>
          rowKey="id"
          size="middle"
          pagination={false}
          scroll={{ x: 960 }}
          dataSource={day.jobs}
          onRow={(job) => ({ 'data-testid': 'pickup-row', 'data-status': job.status }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('pickup.columns.window'), key: 'window', render: (_, j) => <strong>{windowText(j)}</strong> },
            {
              title: t('pickup.columns.kind'),
              key: 'kind',
              render: (_, j) => (
                <Space size={4} wrap>
                  <Tag>{t(`pickup.kinds.${j.kind}`)}</Tag>
                  {j.bookedVia === 'online' && (
                    <Tag color="geekblue" data-testid="pickup-online">
                      {t('pickup.bookedOnline')}
                    </Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('pickup.columns.customer'),
              key: 'customer',
              render: (_, j) => (
                <Space direction="vertical" size={0}>
                  <span>{j.customer.name}</span>
                  {j.vehicle.plate && <PlateTag plate={j.vehicle.plate} />}
                </Space>
              ),
            },
            {
              title: t('pickup.columns.address'),
              key: 'address',
              render: (_, j) => (
                <Space direction="vertical" size={0}>
                  <span>{j.address}</span>
                  <Typography.Text type="secondary">
                    {j.area} · {t('pickup.km', { km: j.distanceKm })} · {j.contactMobile}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('pickup.columns.fee'),
              dataIndex: 'feeFen',
              align: 'right',
              render: (fen: number) => (fen === 0 ? t('pickup.free') : formatFen(fen)),
            },
            {
              title: t('pickup.columns.driver'),
              key: 'driver',
              render: (_, j) => j.driver?.name ?? <Typography.Text type="secondary">{t('pickup.noDriver')}</Typography.Text>,
            },
            {
              title: t('pickup.columns.status'),
              dataIndex: 'status',
              render: (s: PickupStatus, j) => (
                <Space direction="vertical" size={0}>
                  <Tag color={STATUS_COLORS[s]} data-testid="pickup-status">
                    {t(`pickup.statuses.${s}`)}
                  </Tag>
                  {j.startKm !== null && j.endKm !== null && (
                    <Typography.Text type="secondary">{t('pickup.route', { km: j.endKm - j.startKm })}</Typography.Text>
                  )}
                  {j.cancelReason && <Typography.Text type="secondary">{j.cancelReason}</Typography.Text>}
                </Space>
              ),
            },
            ...(canManage
              ? [
                  {
                    key: 'actions',
                    render: (_: unknown, j: PickupJob) => (
                      <Space wrap>
                        {(j.status === 'requested' || j.status === 'assigned') && (
                          <Button
                            size="small"
                            type={j.status === 'requested' ? 'primary' : 'default'}
                            onClick={() => onAssign(j)}
                            data-testid="pickup-assign"
                          >
                            {j.status === 'requested' ? t('pickup.assign') : t('pickup.reassign')}
                          </Button>
                        )}
                        {j.driver && ['assigned', 'en_route', 'picked_up'].includes(j.status) && (
                          <Button size="small" icon={<LinkOutlined />} onClick={() => void newLink(j)} data-testid="pickup-link">
                            {t('pickup.driverLink')}
                          </Button>
                        )}
                        {['requested', 'assigned', 'en_route'].includes(j.status) && (
                          <Button size="small" danger onClick={() => onCancel(j)} data-testid="pickup-cancel">
                            {t('common.cancel')}
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </>
  );
}

type BookingForm = { kind: PickupKind; area: string; address: string; contactMobile?: string; window: [Dayjs, Dayjs]; notes?: string };

/** 新建: the car, the kind, the area (its distance sets the fee), the address and the customer's window. */
function BookingModal({ settings, date, onClose }: { settings: PickupDay['settings']; date: Dayjs; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<BookingForm>();
  const [picked, setPicked] = useState<PickedVehicle | null>(null);
  const [saving, setSaving] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const area = Form.useWatch('area', form);
  const chosen = settings.areas.find((a) => a.name === area);
  const fee = chosen ? pickupFeeOf(chosen.distanceKm, settings) : null;

  async function submit(values: BookingForm) {
    if (!picked) {
      void message.warning(t('pickup.pickVehicle'));
      return;
    }
    setSaving(true);
    const at = (time: Dayjs) => date.hour(time.hour()).minute(time.minute()).second(0).millisecond(0).format();
    try {
      const job = await pickupApi.book(
        {
          kind: values.kind,
          vehicleId: picked.id,
          area: values.area,
          address: values.address,
          ...(values.contactMobile ? { contactMobile: values.contactMobile } : {}),
          windowStart: at(values.window[0]),
          windowEnd: at(values.window[1]),
          ...(values.notes ? { notes: values.notes } : {}),
        },
        key,
      );
      void message.success(t('pickup.booked', { number: job.number }));
      void queryClient.invalidateQueries({ queryKey: pickupKeys.all });
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error, { windowStart: 'window', windowEnd: 'window', vehicleId: 'area' }))
        void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      width={640}
      title={t('pickup.newTitle', { date: date.format('YYYY-MM-DD') })}
      okText={t('pickup.book')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div style={{ display: 'grid', gap: 12 }}>
        <VehicleFinder picked={picked} onPicked={setPicked} value={picked?.id ?? null} hint={t('pickup.findHint')} />
        <Form<BookingForm> form={form} layout="vertical" initialValues={{ kind: 'pickup' }} onFinish={(v) => void submit(v)}>
          <Form.Item name="kind" label={t('pickup.columns.kind')} rules={[{ required: true }]}>
            <Select options={PICKUP_KINDS.map((k) => ({ value: k, label: t(`pickup.kinds.${k}`) }))} data-testid="pickup-kind" />
          </Form.Item>
          <Form.Item
            name="area"
            label={t('pickup.area')}
            rules={[{ required: true, message: t('pickup.areaRequired') }]}
            extra={chosen ? t('pickup.quote', { km: chosen.distanceKm, fee: fee === 0 ? t('pickup.free') : formatFen(fee ?? 0) }) : null}
          >
            <Select
              showSearch
              data-testid="pickup-area"
              options={settings.areas.map((a) => ({
                value: a.name,
                label: `${a.name}（${t('pickup.km', { km: a.distanceKm })}）`,
                disabled: a.distanceKm > settings.maxDistanceKm,
              }))}
            />
          </Form.Item>
          <Form.Item name="address" label={t('pickup.address')} rules={[{ required: true, min: 2, max: 200 }]}>
            <Input maxLength={200} data-testid="pickup-address" />
          </Form.Item>
          <Form.Item name="window" label={t('pickup.window')} rules={[{ required: true, message: t('pickup.windowRequired') }]}>
            <TimePicker.RangePicker format="HH:mm" minuteStep={15} order data-testid="pickup-window" />
          </Form.Item>
          <Form.Item name="contactMobile" label={t('pickup.contactMobile')} extra={t('pickup.contactHint')}>
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
          <Form.Item name="notes" label={t('pickup.notes')}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

function AssignModal({
  job,
  drivers,
  onClose,
  onAssigned,
}: {
  job: PickupJob | null;
  drivers: PickupDay['drivers'];
  onClose: () => void;
  onAssigned: (job: PickupJob, url: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [driverId, setDriverId] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  async function assign() {
    if (!job || !driverId) return;
    setSaving(true);
    try {
      const result = await pickupApi.assign(job.id, { driverId, version: job.version });
      void message.success(t('pickup.assigned', { name: result.job.driver?.name ?? '' }));
      setDriverId(undefined);
      onAssigned(result.job, result.link.url);
    } catch (error) {
      void message.error(isVersionConflict(error) ? t('pickup.conflict') : errorMessage(error));
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: pickupKeys.all });
    }
  }

  return (
    <Modal
      open={!!job}
      title={job ? t('pickup.assignTitle', { number: job.number, window: windowText(job) }) : ''}
      okText={t('pickup.assign')}
      okButtonProps={{ disabled: !driverId, 'data-testid': 'pickup-assign-ok' } as never}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void assign()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Select<string>
        style={{ width: '100%' }}
        placeholder={t('pickup.pickDriver')}
        value={driverId}
        onChange={setDriverId}
        options={drivers.map((d) => ({ value: d.id, label: d.name }))}
        data-testid="pickup-driver-select"
      />
    </Modal>
  );
}

function CancelModal({ job, onClose }: { job: PickupJob | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);

  async function submit({ reason }: { reason: string }) {
    if (!job) return;
    setSaving(true);
    try {
      await pickupApi.cancel(job.id, { reason, version: job.version });
      void message.success(t('pickup.cancelled'));
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: pickupKeys.all });
    }
  }

  return (
    <Modal
      open={!!job}
      title={job ? t('pickup.cancelTitle', { number: job.number }) : ''}
      okText={t('pickup.confirmCancel')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.back')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)}>
        <Form.Item name="reason" label={t('pickup.cancelReason')} rules={[{ required: true, min: 2, max: 300 }]}>
          <Input.TextArea maxLength={300} autoFocus data-testid="pickup-cancel-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The driver's link as a QR code to scan with the driver's phone, or to copy into a message. */
function DriverLinkModal({ link, onClose }: { link: { job: PickupJob; url: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Modal
      open={!!link}
      title={link ? t('pickup.linkTitle', { number: link.job.number, name: link.job.driver?.name ?? '' }) : ''}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="pickup-link-close">
          {t('common.close')}
        </Button>
      }
      destroyOnHidden
    >
      {link && (
        <div style={{ display: 'grid', gap: 12, justifyItems: 'center' }} data-testid="pickup-link-modal">
          <QRCode value={link.url} size={200} />
          <Typography.Text type="secondary">{t('pickup.linkHint')}</Typography.Text>
          <Space.Compact style={{ width: '100%' }}>
            <Input readOnly value={link.url} data-testid="pickup-link-url" />
            <Button
              icon={<CopyOutlined />}
              onClick={async () => {
                if (await copyText(link.url)) void message.success(t('progressLink.copied'));
                else void message.error(t('progressLink.copyFailed'));
              }}
            />
          </Space.Compact>
          <Button icon={<CarOutlined />} href={link.url} target="_blank">
            {t('pickup.openLink')}
          </Button>
        </div>
      )}
    </Modal>
  );
}
