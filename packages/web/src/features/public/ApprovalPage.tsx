import { CheckCircleOutlined, CloseCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Image, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { type PublicDecision, publicApprovalApi, publicApprovalKeys, usePublicApproval } from '../../api/public';
import { linkPath } from '../../api/publicLink';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { formatFen } from '../../components/money';
import { PlateTag } from '../../components/PlateTag';
import { SignaturePad } from '../../components/SignaturePad';
import { PublicLayout } from './PublicLayout';

const photoUrl = (photo: string) => (/^https?:\/\//.test(photo) ? photo : `/${photo}`);

/** The dealer's name a 410 carries (a spent link still says whose page it was). */
const dealerNameOf = (error: ApiError): string | undefined =>
  typeof error.body.dealerName === 'string' ? error.body.dealerName : undefined;

/** 增修项目确认: the customer approves or declines additional work from the SMS link, without logging in. */
export function ApprovalPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const link = linkPath(useParams());
  const queryClient = useQueryClient();
  const item = usePublicApproval(link);
  const idempotency = useIdempotencyKey();
  const [acknowledged, setAcknowledged] = useState(false);
  const [signature, setSignature] = useState<string | null>(null);
  const [busy, setBusy] = useState<'approved' | 'declined' | null>(null);
  // A spent or expired link: the 410 still names the dealer.
  const [gone, setGone] = useState<{ dealerName?: string } | null>(null);

  const expired = gone ?? (item.error instanceof ApiError && item.error.status === 410 ? { dealerName: dealerNameOf(item.error) } : null);
  if (expired) {
    return (
      <PublicLayout dealerName={expired.dealerName ?? item.data?.dealer.name} tagline={t('public.approvalTagline')}>
        <div data-testid="approval-page">
          <Result status="info" title={t('approval.expired')} subTitle={t('approval.expiredHint')} data-testid="approval-expired" />
        </div>
      </PublicLayout>
    );
  }
  if (item.isPending) {
    return (
      <PublicLayout tagline={t('public.approvalTagline')}>
        <Card>
          <Skeleton active />
        </Card>
      </PublicLayout>
    );
  }
  if (item.isError) {
    return (
      <PublicLayout tagline={t('public.approvalTagline')}>
        <Result
          status="warning"
          title={t('common.loadFailed')}
          subTitle={errorMessage(item.error)}
          extra={<Button onClick={() => void item.refetch()}>{t('common.retry')}</Button>}
        />
      </PublicLayout>
    );
  }
  const a = item.data;

  async function decide(outcome: 'approved' | 'declined') {
    const body: PublicDecision =
      outcome === 'approved'
        ? { outcome }
        : { outcome, hazardWording: a.safety ? t('additional.hazardWording') : null, signaturePng: a.safety ? signature : null };
    setBusy(outcome);
    try {
      const saved = await publicApprovalApi.decide(link, body, idempotency.keyFor(body));
      idempotency.reset();
      queryClient.setQueryData(publicApprovalKeys.approval(link), saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) setGone({ dealerName: dealerNameOf(error) ?? a.dealer.name });
      else void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <PublicLayout dealerName={a.dealer.name} tagline={t('public.approvalTagline')}>
      <div style={{ display: 'grid', gap: 12 }} data-testid="approval-page">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('approval.title')}
        </Typography.Title>
        <Card>
          <div style={{ display: 'grid', gap: 8 }}>
            <Space size={8}>
              <PlateTag plate={a.plate} size="small" showKindTag={false} />
              {a.safety && (
                <Tag color="error" icon={<WarningOutlined />}>
                  {t('additional.safetyTag')}
                </Tag>
              )}
            </Space>
            <Typography.Text strong style={{ fontSize: 17 }}>
              {a.description}
            </Typography.Text>
            <Typography.Paragraph style={{ margin: 0 }}>{a.reason}</Typography.Paragraph>
            <Typography.Text>
              {t('approval.youPay')}:{' '}
              <b style={{ fontSize: 20 }} data-testid="approval-price">
                {formatFen(a.customerPaysFen)}
              </b>
              {a.payType !== 'customer' && <Tag style={{ marginInlineStart: 8 }}>{t(`payType.${a.payType}`)}</Tag>}
            </Typography.Text>
            {a.photos.length > 0 && (
              <Image.PreviewGroup>
                <Space wrap>
                  {a.photos.map((p) => (
                    <Image key={p} src={photoUrl(p)} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} />
                  ))}
                </Space>
              </Image.PreviewGroup>
            )}
            {a.status === 'pending' && (
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('approval.validUntil', { time: formatDateTime(a.expiresAt) })}
              </Typography.Text>
            )}
          </div>
        </Card>
        {a.status !== 'pending' ? (
          <Result
            status={a.status === 'approved' ? 'success' : 'info'}
            icon={a.status === 'approved' ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
            title={a.status === 'approved' ? t('approval.approvedDone') : t('approval.declinedDone')}
            subTitle={a.decidedAt ? formatDateTime(a.decidedAt) : undefined}
            data-testid="approval-result"
            data-status={a.status}
          />
        ) : (
          <>
            <Button
              type="primary"
              size="large"
              block
              loading={busy === 'approved'}
              disabled={!!busy}
              onClick={() => void decide('approved')}
              data-testid="approve-submit"
            >
              {t('approval.approve')}
            </Button>
            {a.safety && (
              <Alert
                type="error"
                showIcon
                title={t('additional.hazardWording')}
                description={
                  <div style={{ display: 'grid', gap: 8, marginTop: 8 }}>
                    <Checkbox checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} data-testid="hazard-ack">
                      {t('additional.hazardAck')}
                    </Checkbox>
                    <SignaturePad onChange={setSignature} height={150} />
                  </div>
                }
              />
            )}
            <Button
              size="large"
              block
              danger
              loading={busy === 'declined'}
              disabled={!!busy || (a.safety && (!acknowledged || !signature))}
              onClick={() => void decide('declined')}
              data-testid="decline-submit"
            >
              {t('approval.decline')}
            </Button>
          </>
        )}
      </div>
    </PublicLayout>
  );
}
