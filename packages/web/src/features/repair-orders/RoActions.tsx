import { App, Button, Checkbox, Form, Input, Modal, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { appointmentsApi, appointmentKeys } from '../../api/appointments';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { roApi, type RepairOrder, type RoStatus } from '../../api/repairOrders';
import { dealerDate } from '../../components/dealerTime';
import { SignaturePad } from '../../components/SignaturePad';
import { useRefreshRepairOrder } from './useRoCache';

/** Shows a 409 version conflict as "someone else changed it — reload". */
export function useRoErrorHandler(id: string) {
  const { message, modal } = App.useApp();
  const { t } = useTranslation();
  const refresh = useRefreshRepairOrder(id);
  return (error: unknown) => {
    if (error instanceof ApiError && error.code === 'version_conflict') {
      modal.warning({ title: t('ro.conflictTitle'), content: t('ro.conflictContent'), okText: t('common.reload'), onOk: () => refresh() });
      return;
    }
    void message.error(errorMessage(error));
  };
}

/** The customer signs the repair order on the tablet: the work is authorised. */
export function AuthoriseForm({ order }: { order: RepairOrder }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshRepairOrder(order.id);
  const onError = useRoErrorHandler(order.id);
  const [signature, setSignature] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function submit() {
    if (!signature) return;
    setSaving(true);
    try {
      const saved = await roApi.authorise(order.id, { version: order.version, signaturePng: signature });
      void message.success(t('ro.authorised'));
      refresh(saved);
    } catch (error) {
      onError(error);
    } finally {
      setSaving(false);
    }
  }
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <div>{t('ro.signHint')}</div>
      <SignaturePad onChange={setSignature} />
      <Button type="primary" size="large" disabled={!signature || order.lines.length === 0} loading={saving} onClick={() => void submit()} data-testid="authorise-submit">
        {t('ro.authorise')}
      </Button>
      {order.lines.length === 0 && <div style={{ color: '#cf1322' }}>{t('ro.noLinesToSign')}</div>}
    </div>
  );
}

const NEXT: Partial<Record<RoStatus, 'in_progress' | 'quality_check' | 'ready'>> = { authorised: 'in_progress', in_progress: 'quality_check', quality_check: 'ready' };
const CANCELLABLE: RoStatus[] = ['open', 'authorised', 'in_progress'];

/** The workshop steps: start, to quality check, ready; a failed check or a cancel needs a reason. */
export function TransitionButtons({ order }: { order: RepairOrder }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshRepairOrder(order.id);
  const onError = useRoErrorHandler(order.id);
  const [busy, setBusy] = useState<RoStatus | null>(null);
  const [asking, setAsking] = useState<'cancelled' | 'in_progress' | null>(null);
  const [reason, setReason] = useState('');
  const next = NEXT[order.status];

  async function go(to: RoStatus, why?: string) {
    setBusy(to);
    try {
      const saved = await roApi.transition(order.id, { version: order.version, to, reason: why });
      void message.success(t('ro.movedTo', { status: t(`roStatus.${to}`) }));
      refresh(saved);
      setAsking(null);
      setReason('');
    } catch (error) {
      onError(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Space wrap>
      {next && (
        <Button type="primary" size="large" loading={busy === next} onClick={() => void go(next)} data-testid={`transition-${next}`}>
          {t(`ro.transitionTo.${next}`)}
        </Button>
      )}
      {order.status === 'quality_check' && (
        <Button size="large" danger onClick={() => setAsking('in_progress')} data-testid="transition-in_progress">
          {t('ro.qcFail')}
        </Button>
      )}
      {CANCELLABLE.includes(order.status) && (
        <Button size="large" danger onClick={() => setAsking('cancelled')} data-testid="transition-cancelled">
          {t('ro.cancel')}
        </Button>
      )}
      <Modal
        open={!!asking}
        title={asking === 'cancelled' ? t('ro.cancelTitle') : t('ro.qcFailTitle')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reason.trim(), loading: busy === asking, danger: true, 'data-testid': 'reason-submit' }}
        onOk={() => asking && void go(asking, reason.trim())}
        onCancel={() => setAsking(null)}
        destroyOnHidden
      >
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('ro.reason')} data-testid="transition-reason" />
      </Modal>
    </Space>
  );
}

/** 派工: the controller assigns technician(s) and a bay. */
export function DispatchButton({ order }: { order: RepairOrder }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshRepairOrder(order.id);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ technicianIds: string[]; bayId?: string }>();
  const date = dealerDate();
  const roster = useQuery({ queryKey: appointmentKeys.roster(date), queryFn: () => appointmentsApi.roster(date), enabled: open });
  const bays = useQuery({ queryKey: appointmentKeys.bays, queryFn: () => appointmentsApi.bays().then((r) => r.items), enabled: open });
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  async function submit(values: { technicianIds: string[]; bayId?: string }) {
    setSaving(true);
    try {
      const result = await roApi.dispatch(order.id, values);
      void message.success(t('dispatch.done', { names: result.technicians.map((p) => p.name).join('、') }));
      refresh();
      setOpen(false);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Button size="large" onClick={() => setOpen(true)} data-testid="dispatch-open">
        {t('dispatch.title')}
      </Button>
      <Modal
        open={open}
        title={t('dispatch.title')}
        okText={t('dispatch.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: saving, 'data-testid': 'dispatch-submit' }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="technicianIds" label={t('dispatch.technicians')} rules={[{ required: true, message: t('form.required', { label: t('dispatch.technicians') }) }]}>
            <Select
              mode="multiple"
              loading={roster.isPending}
              options={(roster.data?.technicians ?? []).map((p) => ({ value: p.id, label: p.off ? `${p.name}（${t('dispatch.off')}）` : p.name, disabled: p.off }))}
              data-testid="dispatch-technicians"
            />
          </Form.Item>
          <Form.Item name="bayId" label={t('dispatch.bay')}>
            <Select allowClear loading={bays.isPending} options={(bays.data ?? []).filter((b) => b.active).map((b) => ({ value: b.id, label: b.name }))} data-testid="dispatch-bay" />
          </Form.Item>
          {roster.isError && <div style={{ color: '#cf1322' }}>{errorMessage(roster.error)}</div>}
        </Form>
      </Modal>
    </>
  );
}

/** 交车: the checklist with the customer, then the car goes home. */
export function DeliverForm({ order, onDelivered }: { order: RepairOrder; onDelivered: (next: { dueOn: string; dueKm: number | null }) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshRepairOrder(order.id);
  const onError = useRoErrorHandler(order.id);
  const [checked, setChecked] = useState({ workExplained: false, oldPartsShown: false, carClean: false });
  const [saving, setSaving] = useState(false);
  async function submit() {
    setSaving(true);
    try {
      const result = await roApi.deliver(order.id, { version: order.version, checklist: checked });
      void message.success(t('settlement.delivered'));
      refresh(result.repairOrder);
      onDelivered(result.nextMaintenance);
    } catch (error) {
      onError(error);
    } finally {
      setSaving(false);
    }
  }
  const keys = ['workExplained', 'oldPartsShown', 'carClean'] as const;
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      {keys.map((k) => (
        <Checkbox key={k} checked={checked[k]} onChange={(e) => setChecked({ ...checked, [k]: e.target.checked })} data-testid={`deliver-${k}`}>
          {t(`settlement.checklist.${k}`)}
        </Checkbox>
      ))}
      <Button type="primary" size="large" loading={saving} disabled={!keys.every((k) => checked[k])} onClick={() => void submit()} data-testid="deliver-submit">
        {t('settlement.deliver')}
      </Button>
    </div>
  );
}
