import { PhoneOutlined, QrcodeOutlined } from '@ant-design/icons';
import type { MessageDelivery, SurveyNotice } from '@servicebay/contracts';
import { Alert, App, Button, QRCode, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/problems';
import { dealerToday, formatDateTime } from '../../components/DateText';
import { dealerDateOf, dealerTimeOf } from '../../components/dealerTime';

type Tone = 'success' | 'info' | 'warning';

/** When a queued message goes out: HH:mm today, or the date and time. */
function untilText(until: string): string {
  return dealerDateOf(until) === dealerToday().format('YYYY-MM-DD') ? dealerTimeOf(until) : (formatDateTime(until) ?? until);
}

/**
 * What really happens to a message an action just queued, in words: sending, queued until the quiet
 * hours end, or not sent (no consent). `null`: the same message had been queued before.
 */
export function deliveryText(t: TFunction, message: MessageDelivery | null): { tone: Tone; text: string } {
  if (!message) return { tone: 'info', text: t('messages.delivery.duplicate') };
  const channel = t(`customer.channels.${message.channel}`);
  if (message.status === 'sending') return { tone: 'success', text: t('messages.delivery.sending', { channel, to: message.to }) };
  if (message.status === 'queued') {
    const key = message.reason === 'quiet_hours' ? 'messages.delivery.queuedQuietHours' : 'messages.delivery.queued';
    return { tone: 'info', text: t(key, { channel, to: message.to, time: message.until ? untilText(message.until) : '' }) };
  }
  return {
    tone: 'warning',
    text: t(message.reason === 'no_recipient' ? 'messages.delivery.notSentNoRecipient' : 'messages.delivery.notSentNoConsent', { channel }),
  };
}

/** The survey a delivery sets off, in words: not sent and why, or its SMS as it will go. */
export function SurveyNoticeText({ notice }: { notice: SurveyNotice }) {
  const { t } = useTranslation();
  const { tone, text } = notice.skipped
    ? { tone: 'info' as const, text: t(`messages.delivery.survey.${notice.skipped}`) }
    : deliveryText(t, notice.message);
  return (
    <Alert
      type={tone}
      showIcon
      title={`${t('messages.delivery.survey.title')}：${text}`}
      data-testid="survey-notice"
      data-skipped={notice.skipped ?? ''}
      data-status={notice.message?.status ?? ''}
      style={{ textAlign: 'start' }}
    />
  );
}

/**
 * Tells the person who just booked what happens to the confirmation: a toast when it goes (or waits
 * for the morning), a dialog with "call instead" when it will not be sent.
 */
export function useTellDelivery() {
  const { t } = useTranslation();
  const { message: toast, modal } = App.useApp();
  return (message: MessageDelivery | null, customerMobile: string | null) => {
    if (message?.status === 'not_sent') {
      const mobile = customerMobile && /^\d+$/.test(customerMobile) ? customerMobile : null;
      modal.warning({
        title: t('messages.delivery.notSentTitle'),
        content: <MessageDeliveryResult message={message} mobile={mobile} />,
        okText: t('common.close'),
      });
    } else {
      const { tone, text } = deliveryText(t, message);
      void toast.open({ type: tone, content: text });
    }
  };
}

/**
 * The truth about a message, and when it was not sent, what to do instead: show the link as a QR
 * code for the customer to scan in person (`showLink` makes a fresh one) and/or call the customer.
 */
export function MessageDeliveryResult({
  message,
  mobile,
  showLink,
}: {
  message: MessageDelivery | null;
  mobile?: string | null;
  showLink?: () => Promise<{ link: string; expiresAt: string }>;
}) {
  const { t } = useTranslation();
  const { tone, text } = deliveryText(t, message);
  const [shown, setShown] = useState<{ link: string; expiresAt: string } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const notSent = message?.status === 'not_sent';

  async function show() {
    if (!showLink) return;
    setLoading(true);
    setError(null);
    try {
      setShown(await showLink());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }

  return (
    <div
      style={{ display: 'grid', gap: 12 }}
      data-testid="message-delivery"
      data-status={message?.status ?? 'duplicate'}
      data-reason={message?.reason ?? ''}
    >
      <Alert type={tone} showIcon title={text} />
      {notSent && (showLink || mobile) && (
        <div style={{ display: 'grid', gap: 8 }}>
          <Typography.Text strong>{t('messages.delivery.instead')}</Typography.Text>
          <Space wrap>
            {showLink && (
              <Button
                size="large"
                icon={<QrcodeOutlined />}
                loading={loading}
                onClick={() => void show()}
                data-testid="message-delivery-qr"
              >
                {t('messages.delivery.showQr')}
              </Button>
            )}
            {mobile && (
              <Button size="large" icon={<PhoneOutlined />} href={`tel:${mobile}`} data-testid="message-delivery-call">
                {t('messages.delivery.call', { mobile })}
              </Button>
            )}
          </Space>
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} />}
      {shown && (
        <div style={{ display: 'grid', gap: 8, justifyItems: 'center' }} data-testid="message-delivery-qr-code">
          <Typography.Text type="secondary">{t('messages.delivery.scanHint', { time: formatDateTime(shown.expiresAt) })}</Typography.Text>
          <QRCode value={shown.link} size={220} />
        </div>
      )}
    </div>
  );
}
