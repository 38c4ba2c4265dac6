import { loanerInputSchema } from '@servicebay/contracts';
import { LOANER_REASONS, type LoanerReason } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  type ButtonProps,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Slider,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isVersionConflict } from '../../api/appointments';
import { newIdempotencyKey } from '../../api/client';
import { type Loaner, type LoanerReservation, loanerKeys, loanersApi } from '../../api/loaners';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import { CustomerPicker } from '../../components/CustomerPicker';
import { DamageMarksField, type DamageMark as Mark } from '../../components/DamageDiagram';
import { zodRule } from '../../components/form/zodRule';
import { PhotoUpload } from '../../components/PhotoUpload';
import { SignaturePad } from '../../components/SignaturePad';

type LoanerValues = {
  plate: string;
  model: string;
  vin?: string;
  km: number;
  fuelLevel: number;
  insuranceExpiresOn?: Dayjs | null;
  costPerDayYuan: number;
  retired?: boolean;
};

/** 新增/编辑代步车: a loaner of the fleet. */
export function LoanerModal({ loaner, open, onClose }: { loaner: Loaner | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LoanerValues>();
  const [saving, setSaving] = useState(false);

  async function submit(v: LoanerValues) {
    setSaving(true);
    const input = {
      plate: v.plate,
      model: v.model,
      vin: v.vin?.trim() || null,
      km: v.km,
      fuelLevel: v.fuelLevel,
      insuranceExpiresOn: v.insuranceExpiresOn ? v.insuranceExpiresOn.format('YYYY-MM-DD') : null,
      costPerDayFen: Math.round(v.costPerDayYuan * 100),
    };
    try {
      if (loaner) await loanersApi.update(loaner.id, { ...input, state: v.retired ? 'retired' : 'active', version: loaner.version });
      else await loanersApi.add(input);
      void message.success(t('loaners.saved'));
      onClose();
    } catch (error) {
      if (isVersionConflict(error)) {
        void message.warning(t('loaners.conflict'));
        onClose();
      } else for (const text of applyProblemToForm(form, error, { costPerDayFen: 'costPerDayYuan' })) void message.error(text);
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: loanerKeys.all });
    }
  }

  return (
    <Modal
      open={open}
      title={loaner ? t('loaners.editLoaner') : t('loaners.addLoaner')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'loaner-save' } as ButtonProps}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          loaner
            ? {
                plate: loaner.plate,
                model: loaner.model,
                vin: loaner.vin ?? '',
                km: loaner.km,
                fuelLevel: loaner.fuelLevel,
                insuranceExpiresOn: loaner.insuranceExpiresOn ? dayjs(loaner.insuranceExpiresOn) : null,
                costPerDayYuan: loaner.costPerDayFen / 100,
                retired: loaner.state === 'retired',
              }
            : { fuelLevel: 100, km: 0 }
        }
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="plate"
          label={t('loaners.plate')}
          required
          rules={[zodRule(loanerInputSchema.shape.plate, { label: t('loaners.plate') })]}
        >
          <Input size="large" data-testid="loaner-plate" />
        </Form.Item>
        <Form.Item
          name="model"
          label={t('loaners.model')}
          required
          rules={[zodRule(loanerInputSchema.shape.model, { label: t('loaners.model') })]}
        >
          <Input size="large" maxLength={60} data-testid="loaner-model" />
        </Form.Item>
        <Form.Item name="vin" label={t('loaners.vin')}>
          <Input size="large" maxLength={17} />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="km" label={t('loaners.km')} required rules={[zodRule(loanerInputSchema.shape.km, { label: t('loaners.km') })]}>
            <InputNumber<number> size="large" min={0} max={3_000_000} precision={0} suffix={t('common.kmUnit')} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            name="costPerDayYuan"
            label={t('loaners.costPerDay')}
            required
            rules={[
              zodRule(loanerInputSchema.shape.costPerDayFen, {
                label: t('loaners.costPerDay'),
                toInput: (v) => (typeof v === 'number' ? Math.round(v * 100) : undefined),
              }),
            ]}
          >
            <InputNumber<number>
              size="large"
              min={0}
              max={10_000}
              precision={2}
              prefix="¥"
              style={{ width: 180 }}
              data-testid="loaner-cost"
            />
          </Form.Item>
          <Form.Item name="insuranceExpiresOn" label={t('loaners.insuranceExpiresOn')}>
            <DatePicker size="large" inputReadOnly />
          </Form.Item>
        </Space>
        <Form.Item name="fuelLevel" label={t('loaners.fuel')}>
          <Slider min={0} max={100} step={5} marks={{ 0: 'E', 50: '½', 100: 'F' }} />
        </Form.Item>
        {loaner && (
          <Form.Item name="retired" valuePropName="checked">
            <Checkbox>{t('loaners.retire')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

type ReserveValues = {
  loanerId: string;
  customerId: string;
  reason: LoanerReason;
  expectedRepairDays?: number | null;
  isMember?: boolean;
  complaintId?: string;
  overrideReason?: string;
  from: Dayjs;
  until: Dayjs;
};

/** 预约代步车: a loaner for a customer, by the rules or a manager's override. */
export function ReserveModal({
  open,
  fleet,
  canOverride,
  onClose,
}: {
  open: boolean;
  fleet: Loaner[];
  canOverride: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReserveValues>();
  const [saving, setSaving] = useState(false);
  const reason = Form.useWatch('reason', form);
  const idempotencyKey = useRef(newIdempotencyKey());
  const start = dayjs().startOf('hour');

  async function submit(v: ReserveValues) {
    setSaving(true);
    try {
      await loanersApi.reserve(
        {
          loanerId: v.loanerId,
          customerId: v.customerId,
          reason: v.reason,
          expectedRepairDays: v.reason === 'warranty_repair' ? (v.expectedRepairDays ?? null) : null,
          isMember: v.reason === 'member' && !!v.isMember,
          complaintId: v.reason === 'recovery' && v.complaintId?.trim() ? v.complaintId.trim() : null,
          overrideReason: v.overrideReason?.trim() || null,
          from: v.from.toISOString(),
          until: v.until.toISOString(),
        },
        idempotencyKey.current,
      );
      idempotencyKey.current = newIdempotencyKey();
      void message.success(t('loaners.reserved'));
      onClose();
    } catch (error) {
      idempotencyKey.current = newIdempotencyKey();
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: loanerKeys.all });
    }
  }

  return (
    <Modal
      open={open}
      title={t('loaners.reserveTitle')}
      okText={t('loaners.reserve')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'reserve-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ reason: 'warranty_repair', expectedRepairDays: 2, from: start, until: start.add(1, 'day') }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="loanerId" label={t('loaners.loaner')} rules={[{ required: true, message: t('loaners.required') }]}>
          <Select
            size="large"
            data-testid="reserve-loaner"
            options={fleet.filter((l) => l.state === 'active').map((l) => ({ value: l.id, label: `${l.plate} · ${l.model}` }))}
          />
        </Form.Item>
        <Form.Item name="customerId" label={t('loaners.customer')} rules={[{ required: true, message: t('loaners.required') }]}>
          <CustomerPicker data-testid="reserve-customer" />
        </Form.Item>
        <Form.Item name="reason" label={t('loaners.reason')}>
          <Select
            size="large"
            data-testid="reserve-reason"
            options={LOANER_REASONS.map((r) => ({ value: r, label: t(`loaners.reasons.${r}`) }))}
          />
        </Form.Item>
        {reason === 'warranty_repair' && (
          <Form.Item name="expectedRepairDays" label={t('loaners.expectedRepairDays')}>
            <InputNumber<number> size="large" min={0} max={60} precision={0} suffix={t('loaners.daysUnit')} />
          </Form.Item>
        )}
        {reason === 'member' && (
          <Form.Item name="isMember" valuePropName="checked">
            <Checkbox>{t('loaners.isMember')}</Checkbox>
          </Form.Item>
        )}
        {reason === 'recovery' && (
          <Form.Item name="complaintId" label={t('loaners.complaintId')} extra={t('loaners.complaintIdHint')}>
            <Input size="large" />
          </Form.Item>
        )}
        <Space wrap size={16}>
          <Form.Item name="from" label={t('loaners.from')} rules={[{ required: true, message: t('loaners.required') }]}>
            <DatePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" size="large" />
          </Form.Item>
          <Form.Item name="until" label={t('loaners.until')} rules={[{ required: true, message: t('loaners.required') }]}>
            <DatePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" size="large" />
          </Form.Item>
        </Space>
        {canOverride && (
          <Form.Item name="overrideReason" label={t('loaners.overrideReason')} extra={t('loaners.overrideHint')}>
            <Input size="large" maxLength={200} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 交车 / 还车: km, fuel, damage marks and photos with the customer's signature, on the tablet. */
export function HandoverDrawer({
  reservation,
  mode,
  loanerKm,
  onClose,
}: {
  reservation: LoanerReservation | null;
  mode: 'handover' | 'return';
  loanerKm: number | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const left = reservation?.handover ?? null;
  const [km, setKm] = useState<number | null>(mode === 'return' ? null : loanerKm);
  const [fuel, setFuel] = useState(left?.fuelLevel ?? 100);
  const [marks, setMarks] = useState<Mark[]>((left?.damage as Mark[] | undefined) ?? []);
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [note, setNote] = useState('');
  const [signature, setSignature] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());

  async function submit() {
    if (!reservation || km === null || !signature) return;
    setSaving(true);
    const body = { km, fuelLevel: fuel, damage: marks, photos, note: note.trim() || null, signaturePng: signature };
    try {
      if (mode === 'handover') await loanersApi.handOver(reservation.id, body, idempotencyKey.current);
      else await loanersApi.takeBack(reservation.id, body, idempotencyKey.current);
      void message.success(mode === 'handover' ? t('loaners.handedOver') : t('loaners.returned'));
      onClose();
    } catch (error) {
      idempotencyKey.current = newIdempotencyKey();
      void message.error(errorMessage(error));
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: loanerKeys.all });
    }
  }

  return (
    <Drawer
      open={!!reservation}
      onClose={onClose}
      width="min(720px, 100vw)"
      title={
        reservation ? t(mode === 'handover' ? 'loaners.handoverTitle' : 'loaners.returnTitle', { plate: reservation.loaner.plate }) : ''
      }
      destroyOnHidden
    >
      {reservation && (
        <div style={{ display: 'grid', gap: 16 }} data-testid="loaner-handover-form">
          <Typography.Text>
            {reservation.customer.name} · {reservation.loaner.model}
          </Typography.Text>
          <div style={{ display: 'grid', gap: 4 }}>
            <Typography.Text strong>{t('loaners.km')}</Typography.Text>
            <InputNumber<number>
              min={0}
              max={3_000_000}
              precision={0}
              value={km}
              onChange={setKm}
              size="large"
              suffix={t('common.kmUnit')}
              style={{ width: 200 }}
              data-testid="loaner-km"
            />
            {left && (
              <Typography.Text type="secondary">
                {t('loaners.leftWith', { km: left.km.toLocaleString(), fuel: left.fuelLevel })}
              </Typography.Text>
            )}
          </div>
          <div style={{ display: 'grid', gap: 4, maxWidth: 420 }}>
            <Typography.Text strong>
              {t('loaners.fuel')}: {fuel}%
            </Typography.Text>
            <Slider min={0} max={100} step={5} value={fuel} onChange={setFuel} marks={{ 0: 'E', 50: '½', 100: 'F' }} />
          </div>
          <DamageMarksField marks={marks} onChange={setMarks} />
          <div style={{ display: 'grid', gap: 8 }}>
            <Typography.Text strong>{t('walkaround.photos')}</Typography.Text>
            <PhotoUpload value={photos} onChange={setPhotos} max={20} testId="loaner" onUploading={setUploading} />
          </div>
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={300} placeholder={t('loaners.note')} rows={2} />
          <div style={{ display: 'grid', gap: 8 }}>
            <Typography.Text strong>{t('loaners.signTitle')}</Typography.Text>
            <Typography.Text type="secondary">{t(mode === 'handover' ? 'loaners.signHandover' : 'loaners.signReturn')}</Typography.Text>
            <SignaturePad onChange={setSignature} />
          </div>
          <Button
            type="primary"
            size="large"
            loading={saving}
            disabled={!signature || km === null || uploading}
            onClick={() => void submit()}
            data-testid="loaner-handover-submit"
          >
            {t(mode === 'handover' ? 'loaners.handOver' : 'loaners.takeBack')}
          </Button>
        </div>
      )}
    </Drawer>
  );
}
