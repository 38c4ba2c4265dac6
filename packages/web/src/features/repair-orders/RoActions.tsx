import { App, Button, Checkbox, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { type Delivered, type RepairOrder, type RoStatus, roApi } from '../../api/repairOrders';
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
      <Button
        type="primary"
        size="large"
        disabled={!signature || order.lines.length === 0}
        loading={saving}
        onClick={() => void submit()}
        data-testid="authorise-submit"
      >
        {t('ro.authorise')}
      </Button>
      {order.lines.length === 0 && <div style={{ color: '#cf1322' }}>{t('ro.noLinesToSign')}</div>}
    </div>
  );
}

const NEXT: Partial<Record<RoStatus, 'in_progress' | 'quality_check' | 'ready'>> = {
  authorised: 'in_progress',
  in_progress: 'quality_check',
  quality_check: 'ready',
};
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
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('ro.reason')}
          data-testid="transition-reason"
        />
      </Modal>
    </Space>
  );
}

/** 交车: the checklist with the customer, then the car goes home. */
export function DeliverForm({ order, onDelivered }: { order: RepairOrder; onDelivered: (delivered: Delivered) => void }) {
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
      onDelivered(result);
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
        <Checkbox
          key={k}
          checked={checked[k]}
          onChange={(e) => setChecked({ ...checked, [k]: e.target.checked })}
          data-testid={`deliver-${k}`}
        >
          {t(`settlement.checklist.${k}`)}
        </Checkbox>
      ))}
      <Button
        type="primary"
        size="large"
        loading={saving}
        disabled={!keys.every((k) => checked[k])}
        onClick={() => void submit()}
        data-testid="deliver-submit"
      >
        {t('settlement.deliver')}
      </Button>
    </div>
  );
}
