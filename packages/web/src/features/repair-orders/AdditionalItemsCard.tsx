import { PlusOutlined, SendOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import {
  type AdditionalItem,
  type AdditionalItemLinkSent,
  type PayType,
  type RepairOrder,
  roApi,
  useAdditionalItems,
  useCatalogue,
} from '../../api/repairOrders';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { formatFen } from '../../components/money';
import { ErrorState } from '../../components/PageState';
import { PhotoUpload } from '../../components/PhotoUpload';
import { SignaturePad } from '../../components/SignaturePad';
import { currentLanguage } from '../../i18n';
import { deliveryText, MessageDeliveryResult } from '../messages/MessageDelivery';
import { type LineDraft, LinesEditor, linesToInput } from './LinesEditor';
import { PayTypeTag } from './roText';
import { useRefreshRepairOrder } from './useRoCache';

const RAISABLE = ['authorised', 'in_progress', 'quality_check'];

/** Raise additional work found on the job (advisor's page and technician's tablet). */
export function RaiseModal({ orderId, open, onClose }: { orderId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const catalogue = useCatalogue();
  const refresh = useRefreshRepairOrder(orderId);
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<{ line: LineDraft[]; reason: string; safety: boolean; photos?: string[] }>();
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);

  async function submit(values: { line: LineDraft[]; reason: string; safety: boolean; photos?: string[] }) {
    const { lines } = linesToInput(values.line ?? []);
    const line = lines[0];
    if (!line) {
      void message.warning(t('additional.lineRequired'));
      return;
    }
    const photos = values.photos ?? [];
    const { discountPercent: _d, ...rest } = line;
    const body = { ...rest, reason: values.reason.trim(), safety: !!values.safety, photos, payType: line.payType as PayType };
    setSaving(true);
    try {
      await roApi.raise(orderId, body, idempotency.keyFor(body));
      idempotency.reset();
      void message.success(t('additional.raised'));
      refresh();
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('additional.raise')}
      width={960}
      okText={t('additional.raiseSubmit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, disabled: uploading, 'data-testid': 'additional-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ line: [], safety: false }} onFinish={(v) => void submit(v)}>
        <Form.Item name="line" label={t('additional.item')} extra={t('additional.oneLine')}>
          <LinesEditor labourOperations={catalogue.data?.labourOperations ?? []} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('additional.reason')}
          rules={[{ required: true, whitespace: true, message: t('form.required', { label: t('additional.reason') }) }]}
        >
          <Input.TextArea rows={2} maxLength={1000} placeholder={t('additional.reasonPlaceholder')} data-testid="additional-reason" />
        </Form.Item>
        <Form.Item name="photos" label={t('additional.photos')}>
          <PhotoUpload testId="additional" onUploading={setUploading} />
        </Form.Item>
        <Form.Item name="safety" valuePropName="checked">
          <Checkbox data-testid="additional-safety">{t('additional.safety')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The customer answers in person: approve, or decline (a safety item needs the hazard wording and a signature). */
function DecideModal({ item, orderId, onClose }: { item: AdditionalItem | null; orderId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshRepairOrder(orderId);
  const [acknowledged, setAcknowledged] = useState(false);
  const [signature, setSignature] = useState<string | null>(null);
  const [busy, setBusy] = useState<'approved' | 'declined' | null>(null);

  async function decide(outcome: 'approved' | 'declined') {
    if (!item) return;
    setBusy(outcome);
    try {
      const body =
        outcome === 'approved'
          ? { outcome }
          : { outcome, hazardWording: item.safety ? t('additional.hazardWording') : null, signaturePng: item.safety ? signature : null };
      await roApi.decide(item.id, body);
      void message.success(outcome === 'approved' ? t('additional.approvedDone') : t('additional.declinedDone'));
      refresh();
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }
  const declineReady = !item?.safety || (acknowledged && !!signature);
  return (
    <Modal
      open={!!item}
      title={t('additional.decideTitle')}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o) return;
        setAcknowledged(false);
        setSignature(null);
      }}
    >
      {item && (
        <div style={{ display: 'grid', gap: 12 }}>
          <Typography.Text strong>{item.description}</Typography.Text>
          <Typography.Text>{item.reason}</Typography.Text>
          <Typography.Text>
            {t('additional.price')}: <b>{formatFen(item.amount.netFen)}</b> <PayTypeTag payType={item.payType} />
          </Typography.Text>
          <Button
            type="primary"
            size="large"
            loading={busy === 'approved'}
            onClick={() => void decide('approved')}
            data-testid="decide-approve"
          >
            {t('additional.approve')}
          </Button>
          {item.safety && (
            <div style={{ display: 'grid', gap: 8, padding: 12, border: '1px solid #ffa39e', background: '#fff1f0', borderRadius: 8 }}>
              <Typography.Text type="danger" strong>
                <WarningOutlined /> {t('additional.hazardWording')}
              </Typography.Text>
              <Checkbox checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} data-testid="hazard-ack">
                {t('additional.hazardAck')}
              </Checkbox>
              <SignaturePad onChange={setSignature} height={150} />
            </div>
          )}
          <Button
            size="large"
            danger
            disabled={!declineReady}
            loading={busy === 'declined'}
            onClick={() => void decide('declined')}
            data-testid="decide-decline"
          >
            {t('additional.decline')}
          </Button>
        </div>
      )}
    </Modal>
  );
}

export function AdditionalItemsCard({ order }: { order: RepairOrder }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const items = useAdditionalItems(order.id);
  const refresh = useRefreshRepairOrder(order.id);
  const [raising, setRaising] = useState(false);
  const [deciding, setDeciding] = useState<AdditionalItem | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  // An SMS that was not sent: the advisor sees why and what to do instead.
  const [notSent, setNotSent] = useState<{ item: AdditionalItem; sent: AdditionalItemLinkSent } | null>(null);

  async function sendLink(item: AdditionalItem) {
    setSending(item.id);
    try {
      const sent = await roApi.sendLink(item.id, currentLanguage());
      // What really happens to the SMS, never "sent" when it was not.
      const { tone, text } = deliveryText(t, sent.message);
      if (sent.message?.status === 'not_sent') setNotSent({ item, sent });
      else
        void message.open({
          type: tone,
          content: `${text} · ${t('additional.linkValidUntil', { until: formatDateTime(sent.expiresAt) })}`,
        });
      refresh();
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSending(null);
    }
  }

  return (
    <Card
      title={t('additional.title')}
      data-testid="additional-items"
      extra={
        RAISABLE.includes(order.status) && (
          <Button icon={<PlusOutlined />} onClick={() => setRaising(true)} data-testid="additional-raise">
            {t('additional.raise')}
          </Button>
        )
      }
    >
      {items.isError ? (
        <ErrorState error={items.error} onRetry={() => void items.refetch()} />
      ) : (
        <Table<AdditionalItem>
          size="small"
          rowKey="id"
          loading={items.isPending}
          pagination={false}
          dataSource={items.data ?? []}
          scroll={{ x: 800 }}
          locale={{ emptyText: t('additional.none') }}
          columns={[
            {
              title: t('additional.item'),
              render: (_, i) => (
                <div style={{ display: 'grid' }}>
                  <span>
                    {i.safety && <Tag color="error">{t('additional.safetyTag')}</Tag>}
                    {i.description}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {i.reason}
                  </Typography.Text>
                </div>
              ),
            },
            { title: t('roForm.payType'), width: 110, render: (_, i) => <PayTypeTag payType={i.payType} /> },
            { title: t('additional.price'), width: 110, align: 'right', render: (_, i) => formatFen(i.amount.netFen) },
            {
              title: t('additional.status'),
              width: 170,
              render: (_, i) => (
                <div style={{ display: 'grid' }} data-testid="additional-status" data-status={i.status}>
                  <span>
                    <Tag color={i.status === 'approved' ? 'success' : i.status === 'declined' ? 'error' : 'gold'}>
                      {t(`additional.statuses.${i.status}`)}
                    </Tag>
                    {i.decidedVia && <Typography.Text type="secondary">{t(`additional.via.${i.decidedVia}`)}</Typography.Text>}
                  </span>
                  {i.status === 'pending' && i.linkExpiresAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('additional.linkUntil', { time: formatDateTime(i.linkExpiresAt) })}
                    </Typography.Text>
                  )}
                </div>
              ),
            },
            {
              width: 210,
              render: (_, i) =>
                i.status === 'pending' && (
                  <Space>
                    <Button size="small" type="primary" onClick={() => setDeciding(i)} data-testid="additional-decide">
                      {t('additional.decide')}
                    </Button>
                    <Button
                      size="small"
                      icon={<SendOutlined />}
                      loading={sending === i.id}
                      onClick={() => void sendLink(i)}
                      data-testid="additional-send-link"
                    >
                      {t('additional.sendLink')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      )}
      <RaiseModal orderId={order.id} open={raising} onClose={() => setRaising(false)} />
      <DecideModal item={deciding} orderId={order.id} onClose={() => setDeciding(null)} />
      <Modal
        open={!!notSent}
        title={t('messages.delivery.notSentTitle')}
        onCancel={() => setNotSent(null)}
        footer={
          <Button type="primary" onClick={() => setNotSent(null)}>
            {t('common.close')}
          </Button>
        }
        destroyOnHidden
      >
        {notSent && (
          <MessageDeliveryResult
            message={notSent.sent.message}
            mobile={/^\d+$/.test(order.customer.mobile) ? order.customer.mobile : null}
            showLink={async () => {
              const shown = await roApi.showLink(notSent.item.id);
              refresh();
              return shown;
            }}
          />
        )}
      </Modal>
    </Card>
  );
}
