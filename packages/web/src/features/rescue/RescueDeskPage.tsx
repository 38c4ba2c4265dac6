import { AlertOutlined, CarOutlined, EnvironmentOutlined, PhoneOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { rescueCallInputSchema, rescueUnitInputSchema } from '@servicebay/contracts';
import {
  RESCUE_OUTCOMES,
  RESCUE_PROBLEMS,
  RESCUE_UNIT_KINDS,
  type RescueOutcome,
  type RescueProblem,
  type RescueStatus,
  type RescueUnitKind,
} from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import {
  type RescueCall,
  type RescueUnit,
  rescueApi,
  rescueKeys,
  useRescueCalls,
  useRescueKpi,
  useRescueSettings,
  useRescueUnits,
} from '../../api/rescue';
import { useCan, useUser } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { dealerDate } from '../../components/dealerTime';
import { FormDrawer } from '../../components/FormDrawer';
import { zodRule } from '../../components/form/zodRule';
import { MobileText } from '../../components/MobileText';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { RescueKpiStats } from './RescueKpi';

const STATUS_COLORS: Record<RescueStatus, string> = {
  received: 'red',
  dispatched: 'orange',
  arrived: 'blue',
  completed: 'green',
  cancelled: 'default',
};

/** Minutes since `iso`, kept current every 30 seconds (the open calls' board). */
function useMinutesSince() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (iso: string) => Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: rescueKeys.all });
}

type CallValues = {
  location: string;
  mobile: string;
  callerName?: string;
  plate?: string;
  problem: RescueProblem;
  description?: string;
  lat?: number | null;
  lng?: number | null;
};

/** 新建救援: where, who called, the car and the problem. */
function NewCallDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<CallValues>();
  const [saving, setSaving] = useState(false);
  const shape = rescueCallInputSchema.shape;

  async function save(values: CallValues) {
    setSaving(true);
    try {
      const call = await rescueApi.record({
        location: values.location,
        mobile: values.mobile,
        problem: values.problem,
        ...(values.callerName ? { callerName: values.callerName } : {}),
        ...(values.plate ? { plate: values.plate } : {}),
        ...(values.description ? { description: values.description } : {}),
        ...(typeof values.lat === 'number' && typeof values.lng === 'number' ? { lat: values.lat, lng: values.lng } : {}),
      });
      void message.success(t('rescue.form.saved', { number: call.number }));
      form.resetFields();
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
      void refresh();
    }
  }

  return (
    <FormDrawer open={open} title={t('rescue.form.title')} form={form} saving={saving} onClose={onClose} data-testid="rescue-form">
      <Form<CallValues> form={form} layout="vertical" initialValues={{ problem: 'breakdown' }} onFinish={(v) => void save(v)}>
        <Form.Item
          name="location"
          label={t('rescue.fields.location')}
          rules={[zodRule(shape.location, { label: t('rescue.fields.location') })]}
        >
          <Input size="large" maxLength={200} prefix={<EnvironmentOutlined />} data-testid="rescue-location" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="lat" label={t('rescue.fields.lat')}>
              <InputNumber<number> min={-90} max={90} precision={6} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="lng" label={t('rescue.fields.lng')}>
              <InputNumber<number> min={-180} max={180} precision={6} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="mobile"
              label={t('rescue.fields.mobile')}
              rules={[zodRule(shape.mobile, { label: t('rescue.fields.mobile') })]}
            >
              <Input size="large" inputMode="tel" maxLength={13} prefix={<PhoneOutlined />} data-testid="rescue-mobile" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="callerName" label={t('rescue.fields.callerName')}>
              <Input size="large" maxLength={40} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="plate"
          label={t('rescue.fields.plate')}
          extra={t('rescue.form.plateHint')}
          rules={[zodRule(shape.plate, { label: t('rescue.fields.plate'), toInput: (v) => (v ? v : undefined) })]}
        >
          <Input size="large" maxLength={10} prefix={<CarOutlined />} data-testid="rescue-plate" />
        </Form.Item>
        <Form.Item name="problem" label={t('rescue.fields.problem')}>
          <Radio.Group
            optionType="button"
            size="large"
            options={RESCUE_PROBLEMS.map((p) => ({ value: p, label: t(`rescue.problems.${p}`) }))}
            data-testid="rescue-problem"
          />
        </Form.Item>
        <Form.Item name="description" label={t('rescue.fields.description')}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        <Button type="primary" size="large" htmlType="submit" loading={saving} block data-testid="rescue-save">
          {t('rescue.form.save')}
        </Button>
      </Form>
    </FormDrawer>
  );
}

type Action = { kind: 'dispatch' | 'complete' | 'cancel'; call: RescueCall } | null;

/** The step's dialog: which unit to send, the outcome, or why it is cancelled. */
function StepModal({ action, onClose }: { action: Action; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const units = useRescueUnits();
  const [form] = Form.useForm<{ unitId?: string; outcome?: RescueOutcome; note?: string; reason?: string }>();
  const [saving, setSaving] = useState(false);
  if (!action) return null;
  const { kind, call } = action;

  async function submit(values: { unitId?: string; outcome?: RescueOutcome; note?: string; reason?: string }) {
    if (!action) return;
    setSaving(true);
    try {
      if (kind === 'dispatch') {
        const result = await rescueApi.dispatch(call.id, { unitId: values.unitId!, locale: i18n.language === 'en' ? 'en' : 'zh-CN' });
        const sms = result.message;
        void message.success(
          sms?.status === 'not_sent' ? t('rescue.actions.dispatchedNoSms') : t('rescue.actions.dispatched', { to: sms?.to ?? '' }),
        );
      } else if (kind === 'complete') {
        const result = await rescueApi.complete(call.id, { outcome: values.outcome!, ...(values.note ? { note: values.note } : {}) });
        void message.success(result.visitId ? t('rescue.actions.completedVisit') : t('rescue.actions.completed'));
      } else {
        await rescueApi.cancel(call.id, { reason: values.reason ?? '' });
        void message.success(t('rescue.actions.cancelled'));
      }
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
      void refresh();
    }
  }

  const free = (units.data?.items ?? []).filter((u) => u.active);
  return (
    <Modal
      open
      title={t(`rescue.actions.${kind}Title`, { number: call.number })}
      okText={t(`rescue.actions.${kind}Ok`)}
      okButtonProps={{ danger: kind === 'cancel', size: 'large', ...({ 'data-testid': 'rescue-step-ok' } as Record<string, string>) }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ outcome: 'fixed_on_site' }} onFinish={(v) => void submit(v)}>
        {kind === 'dispatch' && (
          <Form.Item
            name="unitId"
            label={t('rescue.fields.unit')}
            rules={[{ required: true, message: t('rescue.form.unitRequired') }]}
            extra={t('rescue.actions.smsHint')}
          >
            <Radio.Group style={{ display: 'grid', gap: 8 }} data-testid="rescue-unit-choice">
              {free.map((u) => (
                <Radio key={u.id} value={u.id} disabled={!!u.busyWith}>
                  {u.name} · {t(`rescue.unitKinds.${u.kind}`)} · {u.phone}
                  {u.busyWith && (
                    <Typography.Text type="warning"> {t('rescue.units.busyWith', { number: u.busyWith.number })}</Typography.Text>
                  )}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
        )}
        {kind === 'complete' && (
          <>
            <Form.Item name="outcome" label={t('rescue.fields.outcome')} extra={t('rescue.actions.towedHint')}>
              <Radio.Group
                optionType="button"
                size="large"
                options={RESCUE_OUTCOMES.map((o) => ({ value: o, label: t(`rescue.outcomes.${o}`) }))}
                data-testid="rescue-outcome"
              />
            </Form.Item>
            <Form.Item name="note" label={t('rescue.fields.note')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
        {kind === 'cancel' && (
          <Form.Item name="reason" label={t('rescue.fields.cancelReason')} rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}>
            <Input.TextArea rows={2} maxLength={200} data-testid="rescue-cancel-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function Elapsed({ call, since }: { call: RescueCall; since: (iso: string) => number }) {
  const { t } = useTranslation();
  // The car maker's staff have no dealer, hence no target of their own: the default applies.
  const settings = useRescueSettings(!!useUser().dealer);
  const target = settings.data?.targetMinutes ?? 60;
  const minutes = since(call.receivedAt);
  const late = !call.arrivedAt && minutes > target;
  return (
    <Typography.Text strong type={late ? 'danger' : undefined} style={{ fontSize: 20 }} data-testid="rescue-elapsed">
      {t('rescue.board.elapsed', { minutes })}
    </Typography.Text>
  );
}

function OpenCallCard({
  call,
  canWork,
  onAction,
  since,
}: {
  call: RescueCall;
  canWork: boolean;
  onAction: (a: Action) => void;
  since: (iso: string) => number;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh();
  async function arrived() {
    try {
      const result = await rescueApi.arrived(call.id, {});
      void message.success(t('rescue.actions.arrivedDone', { minutes: result.responseMinutes ?? 0 }));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      void refresh();
    }
  }
  return (
    <Card
      data-testid="rescue-open-call"
      data-number={call.number}
      title={
        <Space wrap>
          <Tag color={STATUS_COLORS[call.status]} data-testid="rescue-status">
            {t(`rescue.statuses.${call.status}`)}
          </Tag>
          <span>{call.number}</span>
        </Space>
      }
      extra={<Elapsed call={call} since={since} />}
      actions={
        canWork
          ? [
              call.status === 'received' && (
                <Button
                  key="d"
                  type="primary"
                  size="large"
                  onClick={() => onAction({ kind: 'dispatch', call })}
                  data-testid="rescue-dispatch"
                >
                  {t('rescue.actions.dispatch')}
                </Button>
              ),
              call.status === 'dispatched' && (
                <Popconfirm
                  key="a"
                  title={t('rescue.actions.arrivedConfirm', { unit: call.unit?.name ?? '' })}
                  okText={t('rescue.actions.arrivedOk')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => void arrived()}
                  okButtonProps={{ 'data-testid': 'rescue-arrived-ok' } as Record<string, string>}
                >
                  <Button type="primary" size="large" data-testid="rescue-arrived">
                    {t('rescue.actions.arrived')}
                  </Button>
                </Popconfirm>
              ),
              call.status === 'arrived' && (
                <Button
                  key="c"
                  type="primary"
                  size="large"
                  onClick={() => onAction({ kind: 'complete', call })}
                  data-testid="rescue-complete"
                >
                  {t('rescue.actions.complete')}
                </Button>
              ),
              call.status !== 'arrived' && (
                <Button key="x" size="large" danger onClick={() => onAction({ kind: 'cancel', call })} data-testid="rescue-cancel">
                  {t('rescue.actions.cancel')}
                </Button>
              ),
            ].filter(Boolean)
          : undefined
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('rescue.fields.location')}>
          <Typography.Text strong>{call.location}</Typography.Text>
          {call.lat !== null && call.lng !== null && (
            <Typography.Text type="secondary">
              {' '}
              ({call.lat.toFixed(4)}, {call.lng.toFixed(4)})
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('rescue.fields.problem')}>
          {t(`rescue.problems.${call.problem}`)}
          {call.description ? ` · ${call.description}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('rescue.fields.mobile')}>
          <Space>
            <MobileText mobile={call.mobile} full callable />
            {call.callerName}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('rescue.fields.car')}>
          {call.plate ?? '—'}
          {call.customer && (
            <>
              {' · '}
              <Link to={`/customers/${call.customer.id}`}>{call.customer.name}</Link>
            </>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('rescue.fields.unit')}>{call.unit ? `${call.unit.name} · ${call.unit.phone}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('rescue.fields.times')}>
          <Space wrap size={4}>
            <span>{t('rescue.times.received', { time: dayjs(call.receivedAt).format('HH:mm') })}</span>
            {call.dispatchedAt && <span>· {t('rescue.times.dispatched', { time: dayjs(call.dispatchedAt).format('HH:mm') })}</span>}
            {call.arrivedAt && <span>· {t('rescue.times.arrived', { time: dayjs(call.arrivedAt).format('HH:mm') })}</span>}
          </Space>
        </Descriptions.Item>
        {call.sms && (
          <Descriptions.Item label={t('rescue.fields.sms')}>
            <Tag
              color={
                call.sms.status === 'sent' ? 'green' : call.sms.status === 'failed' || call.sms.status === 'skipped' ? 'red' : 'default'
              }
              data-testid="rescue-sms"
            >
              {t(`rescue.sms.${call.sms.status}`, { to: call.sms.to })}
            </Tag>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

function OpenCalls({ canWork, onAction }: { canWork: boolean; onAction: (a: Action) => void }) {
  const { t } = useTranslation();
  const calls = useRescueCalls('open');
  const since = useMinutesSince();
  if (calls.isPending) return <PageSkeleton cards={1} />;
  if (calls.isError) return <ErrorState error={calls.error} onRetry={() => void calls.refetch()} />;
  if (calls.data.items.length === 0) return <Empty description={t('rescue.board.none')} />;
  return (
    <Row gutter={[16, 16]}>
      {calls.data.items.map((call) => (
        <Col key={call.id} xs={24} lg={12} xxl={8}>
          <OpenCallCard call={call} canWork={canWork} onAction={onAction} since={since} />
        </Col>
      ))}
    </Row>
  );
}

function ClosedCalls() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const calls = useRescueCalls('closed');
  const settings = useRescueSettings(!!useUser().dealer);
  const checksIn = useCan('repair_order.write');
  const works = useCan('rescue.work');
  const canOpenVisit = checksIn && works;
  const target = settings.data?.targetMinutes ?? 60;
  async function openVisit(call: RescueCall) {
    try {
      await rescueApi.openVisit(call.id);
      void message.success(t('rescue.actions.visitOpened'));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      void refresh();
    }
  }
  if (calls.isError) return <ErrorState error={calls.error} onRetry={() => void calls.refetch()} />;
  return (
    <Table<RescueCall>
      rowKey="id"
      size="middle"
      loading={calls.isPending}
      dataSource={calls.data?.items ?? []}
      scroll={{ x: 960 }}
      pagination={{ pageSize: 20, showSizeChanger: false }}
      data-testid="rescue-closed"
      columns={[
        { title: t('rescue.fields.number'), dataIndex: 'number', width: 150 },
        { title: t('rescue.fields.receivedAt'), dataIndex: 'receivedAt', width: 150, render: (v: string) => formatDateTime(v) },
        { title: t('rescue.fields.location'), dataIndex: 'location', ellipsis: true },
        { title: t('rescue.fields.problem'), dataIndex: 'problem', width: 110, render: (p: RescueProblem) => t(`rescue.problems.${p}`) },
        { title: t('rescue.fields.unit'), dataIndex: ['unit', 'name'], width: 140, render: (v?: string) => v ?? '—' },
        {
          title: t('rescue.fields.response'),
          dataIndex: 'responseMinutes',
          width: 110,
          align: 'right',
          render: (v: number | null) =>
            v === null ? (
              '—'
            ) : (
              <Tag color={v <= target ? 'green' : 'red'} data-testid="rescue-response">
                {t('rescue.minutesValue', { minutes: v })}
              </Tag>
            ),
        },
        {
          title: t('rescue.fields.outcome'),
          key: 'outcome',
          width: 220,
          render: (_: unknown, call: RescueCall) =>
            call.status === 'cancelled' ? (
              <Typography.Text type="secondary">
                {t('rescue.statuses.cancelled')} · {call.cancelReason}
              </Typography.Text>
            ) : (
              <Space wrap size={4}>
                {call.outcome && t(`rescue.outcomes.${call.outcome}`)}
                {call.visitId ? (
                  <Link to={`/visits/${call.visitId}`}>{t('rescue.actions.toVisit')}</Link>
                ) : (
                  call.outcome === 'towed_to_dealer' &&
                  canOpenVisit &&
                  call.vehicleId && (
                    <Popconfirm
                      title={t('rescue.actions.openVisitConfirm')}
                      okText={t('rescue.actions.openVisit')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => void openVisit(call)}
                    >
                      <Button size="small">{t('rescue.actions.openVisit')}</Button>
                    </Popconfirm>
                  )
                )}
              </Space>
            ),
        },
      ]}
    />
  );
}

type UnitValues = { name: string; kind: RescueUnitKind; phone: string; active: boolean };

/** 救援车辆与合作方: the dealer's units, and its response target. */
function UnitsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const canManage = useCan('rescue.manage');
  const units = useRescueUnits();
  const settings = useRescueSettings(!!useUser().dealer);
  const [editing, setEditing] = useState<RescueUnit | 'new' | null>(null);
  const [form] = Form.useForm<UnitValues>();
  const [target, setTarget] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const shape = rescueUnitInputSchema.shape;

  async function save(values: UnitValues) {
    setSaving(true);
    try {
      if (editing === 'new') await rescueApi.addUnit(values);
      else if (editing) await rescueApi.updateUnit(editing.id, values);
      void message.success(t('rescue.units.saved'));
      setEditing(null);
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
      void refresh();
    }
  }

  async function saveTarget() {
    if (target === null) return;
    try {
      await rescueApi.saveSettings({ targetMinutes: target });
      void message.success(t('rescue.units.targetSaved'));
      setTarget(null);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      void refresh();
    }
  }

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('rescue.units.target')}</Typography.Text>
          <InputNumber<number>
            min={10}
            max={480}
            value={target ?? settings.data?.targetMinutes ?? null}
            onChange={(v) => setTarget(v)}
            disabled={!canManage}
            addonAfter={t('rescue.minutes')}
            data-testid="rescue-target"
          />
          {canManage && (
            <Button onClick={() => void saveTarget()} disabled={target === null}>
              {t('common.save')}
            </Button>
          )}
          <Typography.Text type="secondary">{t('rescue.units.targetHint')}</Typography.Text>
        </Space>
      </Card>
      {canManage && (
        <Button
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing('new');
            form.setFieldsValue({ name: '', kind: 'own', phone: '', active: true });
          }}
          data-testid="rescue-unit-add"
        >
          {t('rescue.units.add')}
        </Button>
      )}
      <Table<RescueUnit>
        rowKey="id"
        size="middle"
        loading={units.isPending}
        dataSource={units.data?.items ?? []}
        pagination={false}
        data-testid="rescue-units"
        columns={[
          { title: t('rescue.units.name'), dataIndex: 'name' },
          { title: t('rescue.units.kind'), dataIndex: 'kind', render: (k: RescueUnitKind) => t(`rescue.unitKinds.${k}`) },
          { title: t('rescue.units.phone'), dataIndex: 'phone' },
          {
            title: t('rescue.units.state'),
            key: 'state',
            render: (_: unknown, u: RescueUnit) =>
              !u.active ? (
                <Tag>{t('rescue.units.inactive')}</Tag>
              ) : u.busyWith ? (
                <Badge status="processing" text={t('rescue.units.busyWith', { number: u.busyWith.number })} />
              ) : (
                <Badge status="success" text={t('rescue.units.free')} />
              ),
          },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'edit',
                  width: 90,
                  render: (_: unknown, u: RescueUnit) => (
                    <Button
                      size="small"
                      onClick={() => {
                        setEditing(u);
                        form.setFieldsValue({ name: u.name, kind: u.kind, phone: u.phone, active: u.active });
                      }}
                    >
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('rescue.units.add') : t('rescue.units.edit')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form<UnitValues> form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="name" label={t('rescue.units.name')} rules={[zodRule(shape.name, { label: t('rescue.units.name') })]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="kind" label={t('rescue.units.kind')}>
            <Radio.Group optionType="button" options={RESCUE_UNIT_KINDS.map((k) => ({ value: k, label: t(`rescue.unitKinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="phone" label={t('rescue.units.phone')} rules={[zodRule(shape.phone, { label: t('rescue.units.phone') })]}>
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
          <Form.Item name="active" label={t('rescue.units.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/**
 * 救援台: record a call, send a unit, record its arrival and the outcome. The open calls stand on a
 * board with the time since the call (red past the dealer's target); the response KPI of the last
 * 30 days heads the page.
 */
export function RescueDeskPage() {
  const { t } = useTranslation();
  const user = useUser();
  const canWork = useCan('rescue.work') && !!user.dealer;
  const [creating, setCreating] = useState(false);
  const [action, setAction] = useState<Action>(null);
  const [tab, setTab] = useState('open');
  const open = useRescueCalls('open');
  const settings = useRescueSettings(!!user.dealer);
  const kpi = useRescueKpi({ from: dealerDate(-29), to: dealerDate(0) });
  const own = kpi.data?.dealers.length === 1 ? kpi.data.dealers[0]! : null;

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="rescue-desk">
      <Space wrap size={16} style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          <AlertOutlined /> {t('rescue.title')}
        </Typography.Title>
        <Space wrap>
          <Link to="/kpis/rescue">{t('rescue.kpi.more')}</Link>
          {canWork && (
            <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="rescue-new">
              {t('rescue.form.title')}
            </Button>
          )}
        </Space>
      </Space>
      <Card title={t('rescue.kpi.last30')} size="small">
        {kpi.data ? (
          <RescueKpiStats figures={own ?? kpi.data.total} targetMinutes={own?.targetMinutes ?? settings.data?.targetMinutes ?? null} />
        ) : kpi.isError ? (
          <ErrorState error={kpi.error} onRetry={() => void kpi.refetch()} />
        ) : (
          <PageSkeleton cards={1} />
        )}
      </Card>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'open',
            label: (
              <span data-testid="rescue-tab-open">
                {t('rescue.tabs.open')} <Badge count={open.data?.items.length ?? 0} showZero color="#cf1322" />
              </span>
            ),
            children: <OpenCalls canWork={canWork} onAction={setAction} />,
          },
          { key: 'closed', label: <span data-testid="rescue-tab-closed">{t('rescue.tabs.closed')}</span>, children: <ClosedCalls /> },
          {
            key: 'units',
            label: (
              <span data-testid="rescue-tab-units">
                <SettingOutlined /> {t('rescue.tabs.units')}
              </span>
            ),
            children: <UnitsPanel />,
          },
        ]}
      />
      <NewCallDrawer open={creating} onClose={() => setCreating(false)} />
      <StepModal action={action} onClose={() => setAction(null)} />
    </div>
  );
}
