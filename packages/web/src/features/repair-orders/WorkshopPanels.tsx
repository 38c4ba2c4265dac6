import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Segmented, Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appointmentKeys, appointmentsApi } from '../../api/appointments';
import { newIdempotencyKey } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { type DispatchResult, type QualityCheckInput, type RepairOrder, roApi } from '../../api/repairOrders';
import { dealerDate } from '../../components/dealerTime';
import { useRefreshRepairOrder } from './useRoCache';

/** 派工: the controller assigns technician(s) on today's roster and a bay. */
export function DispatchPanel({ order }: { order: RepairOrder }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshRepairOrder(order.id);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<DispatchResult | null>(null);
  const [form] = Form.useForm<{ technicianIds: string[]; bayId?: string }>();
  const date = dealerDate();
  const roster = useQuery({ queryKey: appointmentKeys.roster(date), queryFn: () => appointmentsApi.roster(date) });
  const bays = useQuery({ queryKey: appointmentKeys.bays, queryFn: () => appointmentsApi.bays().then((r) => r.items) });

  async function submit(values: { technicianIds: string[]; bayId?: string }) {
    setSaving(true);
    try {
      const result = await roApi.dispatch(order.id, {
        technicianIds: values.technicianIds,
        ...(values.bayId ? { bayId: values.bayId } : {}),
      });
      void message.success(t('dispatch.done', { names: result.technicians.map((p) => p.name).join('、') }));
      setDone(result);
      refresh();
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="dispatch-panel">
      {done && (
        <Alert
          type="success"
          showIcon
          data-testid="dispatch-result"
          title={t('dispatch.assigned', {
            names: done.technicians.map((p) => p.name).join('、'),
            bay: done.bay?.name ?? t('dispatch.noBay'),
          })}
        />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ maxWidth: 520 }}>
        <Form.Item
          name="technicianIds"
          label={t('dispatch.technicians')}
          rules={[{ required: true, message: t('form.required', { label: t('dispatch.technicians') }) }]}
        >
          <Select
            mode="multiple"
            size="large"
            loading={roster.isPending}
            options={(roster.data?.technicians ?? []).map((p) => ({
              value: p.id,
              label: p.off ? `${p.name}（${t('dispatch.off')}）` : p.name,
              disabled: p.off,
            }))}
            data-testid="dispatch-technicians"
          />
        </Form.Item>
        <Form.Item name="bayId" label={t('dispatch.bay')}>
          <Select
            allowClear
            size="large"
            loading={bays.isPending}
            options={(bays.data ?? []).filter((b) => b.active).map((b) => ({ value: b.id, label: b.name }))}
            data-testid="dispatch-bay"
          />
        </Form.Item>
        {roster.isError && <div style={{ color: '#cf1322' }}>{errorMessage(roster.error)}</div>}
        <Button type="primary" size="large" htmlType="submit" loading={saving} data-testid="dispatch-submit">
          {t('dispatch.submit')}
        </Button>
      </Form>
    </div>
  );
}

/** The quality inspector's checklist (exterior, interior, engine bay, chassis…). */
const QC_ITEMS = ['exterior', 'interior', 'engineBay', 'chassis', 'workDone', 'noWarningLights'] as const;

/** 质检: the checklist and road test; pass → ready, fail → back to the workshop with the reason. */
export function QualityCheckForm({ order }: { order: RepairOrder }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshRepairOrder(order.id);
  const [ok, setOk] = useState<Record<string, boolean>>(() => Object.fromEntries(QC_ITEMS.map((k) => [k, true])));
  const [route, setRoute] = useState('');
  const [km, setKm] = useState<number | null>(null);
  const [notes, setNotes] = useState('');
  const [failing, setFailing] = useState(false);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState<'pass' | 'fail' | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());

  async function record(passed: boolean) {
    setSaving(passed ? 'pass' : 'fail');
    const body: QualityCheckInput = {
      passed,
      checklist: QC_ITEMS.map((k) => ({ item: t(`qc.items.${k}`), ok: ok[k] ?? true })),
      ...(route.trim() ? { roadTest: { route: route.trim(), km: km ?? 0, ...(notes.trim() ? { notes: notes.trim() } : {}) } } : {}),
      ...(passed ? {} : { reason: reason.trim() }),
    };
    try {
      const result = await roApi.qualityCheck(order.id, body, idempotencyKey.current);
      idempotencyKey.current = newIdempotencyKey();
      void message.success(result.passed ? t('qc.passed') : t('qc.failed'));
      setFailing(false);
      refresh();
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSaving(null);
    }
  }

  const allOk = QC_ITEMS.every((k) => ok[k]);
  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="qc-form">
      <div style={{ display: 'grid', gap: 8 }}>
        {QC_ITEMS.map((k) => (
          <div key={k} style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }} data-testid="qc-item" data-item={k}>
            <span style={{ minWidth: 120 }}>{t(`qc.items.${k}`)}</span>
            <Segmented
              value={ok[k] ? 'ok' : 'notOk'}
              onChange={(v) => setOk({ ...ok, [k]: v === 'ok' })}
              options={[
                { value: 'ok', label: t('walkaround.ok') },
                { value: 'notOk', label: t('walkaround.notOk') },
              ]}
            />
          </div>
        ))}
      </div>
      <Typography.Text strong>{t('qc.roadTest')}</Typography.Text>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Input
          value={route}
          maxLength={200}
          onChange={(e) => setRoute(e.target.value)}
          placeholder={t('qc.route')}
          style={{ maxWidth: 320 }}
          data-testid="qc-route"
        />
        <InputNumber
          min={0}
          max={1000}
          step={0.5}
          value={km}
          onChange={setKm}
          suffix={t('common.kmUnit')}
          placeholder={t('qc.km')}
          style={{ width: 140 }}
          data-testid="qc-km"
        />
        <Input
          value={notes}
          maxLength={1000}
          onChange={(e) => setNotes(e.target.value)}
          placeholder={t('qc.notes')}
          style={{ maxWidth: 360 }}
        />
      </div>
      {!allOk && <Alert type="warning" showIcon title={t('qc.itemsNotOk')} />}
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Button
          type="primary"
          size="large"
          icon={<CheckCircleOutlined />}
          disabled={!allOk}
          loading={saving === 'pass'}
          onClick={() => void record(true)}
          data-testid="qc-pass"
        >
          {t('qc.pass')}
        </Button>
        <Button danger size="large" icon={<CloseCircleOutlined />} onClick={() => setFailing(true)} data-testid="qc-fail">
          {t('qc.fail')}
        </Button>
      </div>
      <Modal
        open={failing}
        title={t('ro.qcFailTitle')}
        okText={t('qc.fail')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: saving === 'fail', 'data-testid': 'qc-fail-submit' }}
        onOk={() => void record(false)}
        onCancel={() => setFailing(false)}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('ro.reason')}
          data-testid="qc-reason"
        />
      </Modal>
    </div>
  );
}
