import { MobileOutlined } from '@ant-design/icons';
import { otpRequestSchema } from '@servicebay/contracts';
import { normalizeMobile, plateKey } from '@servicebay/contracts/constants';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import { publicApi } from '../../api/public';
import { zodRule } from '../../components/form/zodRule';

export type Identity = { plate: string; mobile: string };

/** Step 1: the car's plate and the mobile the code goes to. */
export function IdentifyStep({
  dealerCode,
  initial,
  onSent,
}: {
  dealerCode: string;
  initial: Identity | null;
  onSent: (identity: Identity, expiresInSeconds: number) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Identity>();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function send(values: Identity) {
    const identity = { plate: plateKey(values.plate), mobile: normalizeMobile(values.mobile) };
    setSending(true);
    setProblem(null);
    try {
      const sent = await publicApi.requestCode(dealerCode, identity);
      onSent(identity, sent.expiresInSeconds);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) {
        setProblem(
          error.retryAfterSeconds ? t('public.rateLimitedSeconds', { seconds: error.retryAfterSeconds }) : t('public.rateLimited'),
        );
      } else {
        const rest = applyProblemToForm(form, error);
        if (rest.length) setProblem(rest.join(' ') || errorMessage(error));
      }
    } finally {
      setSending(false);
    }
  }

  return (
    <Form<Identity>
      form={form}
      layout="vertical"
      size="large"
      initialValues={initial ?? { plate: '', mobile: '' }}
      onFinish={(v) => void send(v)}
      requiredMark={false}
    >
      <Form.Item
        name="plate"
        label={t('public.plate')}
        validateFirst
        rules={[zodRule(otpRequestSchema.shape.plate, { label: t('public.plate') })]}
      >
        <Input
          placeholder={t('vehicle.platePlaceholder')}
          autoComplete="off"
          autoCapitalize="characters"
          data-testid="public-plate"
          style={{ fontSize: 18 }}
        />
      </Form.Item>
      <Form.Item
        name="mobile"
        label={t('public.mobile')}
        validateFirst
        rules={[zodRule(otpRequestSchema.shape.mobile, { label: t('public.mobile') })]}
      >
        <Input
          inputMode="tel"
          autoComplete="tel"
          placeholder={t('customer.mobilePlaceholder')}
          data-testid="public-mobile"
          style={{ fontSize: 18 }}
        />
      </Form.Item>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="public-error" />}
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        icon={<MobileOutlined />}
        loading={sending}
        data-testid="send-code"
        style={{ height: 52 }}
      >
        {t('public.sendCode')}
      </Button>
    </Form>
  );
}
