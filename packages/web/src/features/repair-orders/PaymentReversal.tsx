import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clubKeys } from '../../api/club';
import { errorMessage } from '../../api/problems';
import { type Invoice, roApi, roKeys } from '../../api/repairOrders';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { formatFen } from '../../components/money';
import { ReasonConfirmButton } from '../../components/ReasonConfirmButton';

type Payment = Invoice['payments'][number];

/** A payment taken back: its tag with who, when and why. */
export function ReversedTag({ payment }: { payment: Payment }) {
  const { t } = useTranslation();
  if (!payment.reversal) return null;
  return (
    <Tooltip
      title={t('settlement.reversedBy', {
        by: payment.reversal.by ?? '',
        at: formatDateTime(payment.reversal.at),
        reason: payment.reversal.reason,
      })}
    >
      <Tag color="default" data-testid="payment-reversed">
        {t('settlement.reversed')}
      </Tag>
    </Tooltip>
  );
}

/** 撤销收款: the cashier takes a payment back with a reason, after being told what it does to the bill and the points. */
export function ReversePaymentButton({ invoiceId, payment }: { invoiceId: string; payment: Payment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const [problem, setProblem] = useState<string | null>(null);

  async function confirm(reason: string) {
    const body = { reason };
    setProblem(null);
    try {
      const saved = await roApi.reversePayment(invoiceId, payment.id, body, idempotency.keyFor(body));
      idempotency.reset();
      queryClient.setQueryData(roKeys.invoice(invoiceId), saved);
      void queryClient.invalidateQueries({ queryKey: clubKeys.all });
      void message.success(t('settlement.reversedDone'));
      return true;
    } catch (error) {
      setProblem(errorMessage(error));
      return false;
    }
  }

  return (
    <ReasonConfirmButton
      label={t('settlement.reverse')}
      button={{ size: 'small' }}
      title={t('settlement.reverseTitle', { method: t(`settlement.methods.${payment.method}`), amount: formatFen(payment.amountFen) })}
      hint={t('settlement.reverseHint')}
      okText={t('settlement.reverseConfirm')}
      reasonLabel={t('settlement.reverseReason')}
      placeholder={t('settlement.reverseReasonPlaceholder')}
      maxLength={200}
      minLength={2}
      testId="payment-reverse"
      onConfirm={confirm}
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginTop: 12 }} />}
    </ReasonConfirmButton>
  );
}
