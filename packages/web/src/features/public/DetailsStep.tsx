import { CalendarOutlined } from '@ant-design/icons';
import { publicBookingSchema } from '@servicebay/contracts';
import { formatPlate, maskMobile } from '@servicebay/contracts/constants';
import { Alert, Button, Card, Checkbox, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SlotDto, sameDayAppointment, slotFullAlternatives } from '../../api/appointments';
import { ApiError } from '../../api/client';
import { applyProblemToForm } from '../../api/problems';
import { type PublicAppointment, type PublicBookingInput, publicApi, usePublicAvailability } from '../../api/public';
import { formatDateTime } from '../../components/DateText';
import { dealerDate } from '../../components/dealerTime';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { zodRule } from '../../components/form/zodRule';
import { currentLanguage } from '../../i18n';
import { SlotAlternatives } from '../appointments/SlotAlternatives';
import { SlotGrid } from '../appointments/SlotGrid';
import { useConfirmSameDay } from '../appointments/useConfirmSameDay';
import type { Identity } from './IdentifyStep';
import { PickupRequest } from './PickupRequest';
import { type PickupOffer, pickupWindowFor } from './pickupWindow';

type Values = {
  code: string;
  name: string;
  kinds: ('maintenance' | 'repair')[];
  words: string;
  startsAt: string | null;
  pickup: boolean;
  pickupArea?: string;
  pickupAddress?: string;
};

type Props = {
  dealerCode: string;
  identity: Identity;
  resendAt: number;
  onResend: () => Promise<void>;
  onChangeIdentity: () => void;
  onBooked: (result: { manageToken: string; appointment: PublicAppointment }) => void;
  /** The dealer's pick-up offer; null when it fetches no cars. */
  pickupOffer: PickupOffer | null;
};

function useSecondsUntil(at: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Step 2: the code from the SMS, what needs doing, and a slot. */
export function DetailsStep({ dealerCode, identity, resendAt, onResend, onChangeIdentity, onBooked, pickupOffer }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const idempotency = useIdempotencyKey();
  const wait = useSecondsUntil(resendAt);
  const [resending, setResending] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [alternatives, setAlternatives] = useState<SlotDto[] | null>(null);
  const availability = usePublicAvailability(dealerCode, dealerDate(0), dealerDate(6));
  const startsAt = Form.useWatch('startsAt', form);
  const confirmSameDay = useConfirmSameDay();

  function toInput(v: Values): PublicBookingInput {
    const words = (v.words ?? '').trim();
    const kinds = v.kinds?.length ? v.kinds : ['maintenance' as const];
    return {
      mobile: identity.mobile,
      plate: identity.plate,
      code: (v.code ?? '').trim(),
      startsAt: v.startsAt ?? '',
      name: v.name?.trim() || undefined,
      requestedWork: kinds.map((kind) => ({ kind, description: (words || t(`public.defaultWork.${kind}`)).slice(0, 200) })),
      customerWords: words || null,
      locale: currentLanguage(),
      ...(pickupOffer && v.pickup && v.startsAt
        ? {
            pickup: {
              area: v.pickupArea ?? '',
              address: (v.pickupAddress ?? '').trim(),
              ...pickupWindowFor(v.startsAt, pickupOffer),
            },
          }
        : {}),
    };
  }

  /** `confirmDuplicate`: the customer confirmed a second booking of the car that day. */
  async function submit(values: Values, confirmDuplicate = false) {
    const input: PublicBookingInput = { ...toInput(values), ...(confirmDuplicate ? { confirmDuplicate: true } : {}) };
    setSaving(true);
    setProblem(null);
    setAlternatives(null);
    try {
      const result = await publicApi.book(dealerCode, input, idempotency.keyFor(input));
      idempotency.reset();
      onBooked(result);
    } catch (error) {
      const full = slotFullAlternatives(error);
      if (full) {
        setAlternatives(full);
        form.setFieldValue('startsAt', null);
        void availability.refetch();
      } else if (sameDayAppointment(error)) {
        setSaving(false);
        if (await confirmSameDay(error)) await submit(values, true);
      } else if (error instanceof ApiError && error.status === 429) {
        setProblem(t('public.rateLimited'));
      } else {
        const rest = applyProblemToForm(form, error, {
          requestedWork: 'words',
          customerWords: 'words',
          'pickup.area': 'pickupArea',
          'pickup.address': 'pickupAddress',
          'pickup.windowStart': 'startsAt',
          'pickup.windowEnd': 'startsAt',
        });
        if (rest.length) setProblem(rest.join(' '));
      }
    } finally {
      setSaving(false);
    }
  }

  async function resend() {
    setResending(true);
    setProblem(null);
    try {
      await onResend();
    } catch (error) {
      setProblem(error instanceof ApiError && error.status === 429 ? t('public.rateLimited') : applyProblemToForm(form, error).join(' '));
    } finally {
      setResending(false);
    }
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size="large"
      requiredMark={false}
      initialValues={{ code: '', name: '', kinds: ['maintenance'], words: '', startsAt: null, pickup: false }}
      onFinish={(v) => void submit({ ...form.getFieldsValue(true), ...v })}
      scrollToFirstError
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Typography.Text>
            {t('public.codeSentTo', { mobile: maskMobile(identity.mobile), plate: formatPlate(identity.plate) })}
          </Typography.Text>
          <Button type="link" size="small" onClick={onChangeIdentity} style={{ paddingInline: 0 }}>
            {t('public.changeIdentity')}
          </Button>
        </div>
      </Card>
      <Form.Item label={t('public.code')} required>
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item name="code" noStyle rules={[zodRule(publicBookingSchema.shape.code, { label: t('public.code') })]}>
            <Input
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder="······"
              data-testid="public-code"
              style={{ fontSize: 22, letterSpacing: 6, textAlign: 'center' }}
            />
          </Form.Item>
          <Button disabled={wait > 0} loading={resending} onClick={() => void resend()} style={{ minWidth: 120 }} data-testid="resend-code">
            {wait > 0 ? t('public.resendIn', { seconds: wait }) : t('public.resend')}
          </Button>
        </div>
      </Form.Item>
      <Form.Item
        name="kinds"
        label={t('public.whatNeedsDoing')}
        rules={[{ required: true, type: 'array', min: 1, message: t('public.pickWork') }]}
      >
        <Checkbox.Group
          options={(['maintenance', 'repair'] as const).map((k) => ({ value: k, label: t(`appointment.workKinds.${k}`) }))}
          data-testid="public-work-kinds"
        />
      </Form.Item>
      <Form.Item
        name="words"
        label={t('public.words')}
        dependencies={['kinds']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_, value: string) => {
              if ((getFieldValue('kinds') as string[] | undefined)?.includes('repair') && !(value ?? '').trim())
                throw new Error(t('public.describeRepair'));
            },
          }),
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={200}
          showCount
          placeholder={t('public.wordsPlaceholder')}
          data-testid="public-words"
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('public.name')}
        rules={[zodRule(publicBookingSchema.shape.name, { toInput: (v) => (typeof v === 'string' && v.trim() ? v : undefined) })]}
      >
        <Input maxLength={60} autoComplete="name" placeholder={t('public.namePlaceholder')} />
      </Form.Item>
      <Form.Item
        name="startsAt"
        label={t('public.slot')}
        rules={[zodRule(publicBookingSchema.shape.startsAt, { label: t('public.slot'), toInput: (v) => v ?? '' })]}
      >
        <SlotPickerField availability={availability.data} loading={availability.isFetching} />
      </Form.Item>
      {pickupOffer && <PickupRequest offer={pickupOffer} startsAt={startsAt} />}
      {alternatives && (
        <div style={{ marginBottom: 16 }}>
          <SlotAlternatives
            large
            alternatives={alternatives}
            onPick={(slot) => {
              form.setFieldValue('startsAt', slot.startsAt);
              void submit({ ...form.getFieldsValue(true), startsAt: slot.startsAt });
            }}
          />
        </div>
      )}
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="public-error" />}
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        icon={<CalendarOutlined />}
        loading={saving}
        data-testid="public-book-submit"
        style={{ height: 56, fontSize: 18 }}
      >
        {startsAt ? t('public.bookAt', { time: formatDateTime(startsAt) }) : t('public.book')}
      </Button>
    </Form>
  );
}

function SlotPickerField({
  value,
  onChange,
  availability,
  loading,
}: {
  value?: string | null;
  onChange?: (v: string) => void;
  availability: Parameters<typeof SlotGrid>[0]['availability'];
  loading: boolean;
}) {
  return <SlotGrid availability={availability} loading={loading} large value={value} onChange={(slot) => onChange?.(slot.startsAt)} />;
}
