import { CheckOutlined, CloseOutlined, GiftOutlined, PlusOutlined } from '@ant-design/icons';
import { type RecoveryKind, recoveryInputSchema } from '@servicebay/contracts';
import { RECOVERY_KINDS } from '@servicebay/contracts/constants';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ComplaintDetail, complaintsApi, type Recovery, type RecoveryInput, useComplaintSettings } from '../../api/complaints';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { applyZodErrors } from '../../components/form/zodForm';
import { zodRule } from '../../components/form/zodRule';
import { formatFen } from '../../components/money';
import { recoveryDecisions, yuanToFen } from './complaints';
import { useCaseUpdate } from './useCaseUpdate';

const STATUS_COLORS: Record<Recovery['status'], string> = { pending: 'gold', approved: 'green', rejected: 'default' };

type Values = { choice: string | null; description: string; yuan: number | null };

/** "catalogue:2" (an entry of the dealer's catalogue) or "kind:gift" (a kind without a preset). */
function kindOf(choice: string | null, catalogue: { kind: RecoveryKind }[]): RecoveryKind | null {
  if (!choice) return null;
  if (choice.startsWith('catalogue:')) return catalogue[Number(choice.slice('catalogue:'.length))]?.kind ?? null;
  const kind = choice.slice('kind:'.length);
  return (RECOVERY_KINDS as readonly string[]).includes(kind) ? (kind as RecoveryKind) : null;
}

function RecoveryModal({ complaint, onClose }: { complaint: ComplaintDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useCaseUpdate();
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const settings = useComplaintSettings(complaint.can.addRecovery);
  const catalogue = settings.data?.recoveryCatalogue ?? [];
  const yuan = Form.useWatch('yuan', form);
  const limit = complaint.can.approveUpToFen;
  const costFen = yuanToFen(yuan) ?? 0;
  const needsApproval = limit !== null && costFen > limit;

  const toInput = (v: Values): RecoveryInput => ({
    version: complaint.version,
    kind: kindOf(v.choice, catalogue) as RecoveryKind,
    description: v.description?.trim() || null,
    costFen: yuanToFen(v.yuan) ?? 0,
  });

  async function submit(values: Values) {
    const input = toInput(values);
    if (
      applyZodErrors(form, recoveryInputSchema, input, {
        labels: { kind: t('complaints.recovery.kind') },
        aliases: { kind: 'choice', costFen: 'yuan' },
      })
    ) {
      void message.error(t('form.fixErrors'));
      return;
    }
    setSaving(true);
    try {
      const detail = await complaintsApi.addRecovery(complaint.id, input, idempotency.keyFor(input));
      idempotency.reset();
      update.saved(detail);
      const added = detail.recoveries.find((r) => !complaint.recoveries.some((old) => old.id === r.id));
      void message.success(added?.status === 'pending' ? t('complaints.recovery.addedPending') : t('complaints.recovery.added'));
      onClose();
    } catch (error) {
      if (update.failed(complaint.id, error, form) === 'reloaded') onClose();
    } finally {
      setSaving(false);
    }
  }

  const options = [
    ...(catalogue.length
      ? [
          {
            label: t('complaints.recovery.catalogue'),
            options: catalogue.map((item, index) => ({ value: `catalogue:${index}`, label: `${item.name} · ${formatFen(item.costFen)}` })),
          },
        ]
      : []),
    {
      label: t('complaints.recovery.kinds'),
      options: RECOVERY_KINDS.map((kind) => ({ value: `kind:${kind}`, label: t(`complaints.recoveryKinds.${kind}`) })),
    },
  ];

  return (
    <Modal
      open
      title={t('complaints.recovery.modalTitle')}
      okText={t('complaints.recovery.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'recovery-submit' }}
      onOk={() => form.submit()}
      onCancel={() => !saving && onClose()}
      maskClosable={false}
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ choice: null, description: '', yuan: null }}
        onFinish={(v) => void submit({ ...form.getFieldsValue(true), ...v })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
      >
        <div data-testid="recovery-modal">
          <Typography.Paragraph type="secondary">{t('complaints.recovery.hint')}</Typography.Paragraph>
          <Form.Item
            name="choice"
            label={t('complaints.recovery.kind')}
            required
            rules={[{ required: true, message: t('form.required', { label: t('complaints.recovery.kind') }) }]}
            extra={catalogue.length ? t('complaints.recovery.catalogueHint') : undefined}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('complaints.recovery.kindPlaceholder')}
              options={options}
              loading={settings.isPending && complaint.can.addRecovery}
              onChange={(choice: string) => {
                if (!choice.startsWith('catalogue:')) return;
                const item = catalogue[Number(choice.slice('catalogue:'.length))];
                if (!item) return;
                form.setFieldsValue({ yuan: item.costFen / 100, description: form.getFieldValue('description') || item.name });
              }}
              data-testid="recovery-kind"
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('complaints.recovery.description')}
            rules={[zodRule(recoveryInputSchema.shape.description, { toInput: (v) => (typeof v === 'string' ? v.trim() || null : null) })]}
          >
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} data-testid="recovery-description" />
          </Form.Item>
          <Form.Item
            name="yuan"
            label={t('complaints.recovery.cost')}
            required
            rules={[
              zodRule(recoveryInputSchema.shape.costFen, {
                label: t('complaints.recovery.cost'),
                toInput: (v) => yuanToFen(v as number | null) ?? undefined,
              }),
            ]}
          >
            <InputNumber<number>
              min={0}
              max={1_000_000}
              precision={2}
              step={10}
              prefix="¥"
              style={{ width: '100%' }}
              data-testid="recovery-cost"
            />
          </Form.Item>
          {needsApproval && (
            <Alert
              type="warning"
              showIcon
              title={t('complaints.recovery.overLimit', { limit: formatFen(limit) })}
              data-testid="recovery-over-limit"
            />
          )}
        </div>
      </Form>
    </Modal>
  );
}

/** 服务补救: what was offered, what it costs, who asked and who approved; approve within one's limit. */
export function RecoveryCard({ complaint, canAdd }: { complaint: ComplaintDetail; canAdd: boolean }) {
  const { t } = useTranslation();
  const update = useCaseUpdate();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [deciding, setDeciding] = useState<string | null>(null);
  const limit = complaint.can.approveUpToFen;

  async function decide(recovery: Recovery, approve: boolean) {
    setDeciding(recovery.id);
    try {
      const detail = await complaintsApi.decideRecovery(complaint.id, recovery.id, { version: complaint.version, approve, note: null });
      update.saved(detail);
      void message.success(approve ? t('complaints.recovery.approved') : t('complaints.recovery.rejected'));
    } catch (error) {
      update.failed(complaint.id, error);
    } finally {
      setDeciding(null);
    }
  }

  const anyDecidable = complaint.recoveries.some((r) => recoveryDecisions(r, complaint).reject);

  return (
    <Card
      title={
        <Space>
          <GiftOutlined />
          {t('complaints.recovery.title')}
        </Space>
      }
      extra={
        canAdd && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="complaint-recovery-add">
            {t('complaints.recovery.add')}
          </Button>
        )
      }
      styles={{ body: { padding: complaint.recoveries.length ? 0 : undefined } }}
      data-testid="complaint-recoveries"
    >
      {complaint.recoveries.length === 0 ? (
        <Typography.Text type="secondary">{t('complaints.recovery.empty')}</Typography.Text>
      ) : (
        <Table<Recovery>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={complaint.recoveries}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ 'data-testid': 'recovery-row', 'data-status': r.status, 'data-id': r.id }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('complaints.recovery.kind'),
              key: 'kind',
              render: (_, r) => (
                <div style={{ display: 'grid', gap: 2, minWidth: 120 }}>
                  <Typography.Text strong>{t(`complaints.recoveryKinds.${r.kind}`)}</Typography.Text>
                  {r.description && <Typography.Text type="secondary">{r.description}</Typography.Text>}
                </div>
              ),
            },
            {
              title: t('complaints.recovery.cost'),
              key: 'cost',
              align: 'right',
              render: (_, r) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatFen(r.costFen)}</span>,
            },
            {
              title: t('complaints.recovery.status'),
              key: 'status',
              render: (_, r) => (
                <Tag color={STATUS_COLORS[r.status]} data-testid="recovery-status" style={{ marginInlineEnd: 0 }}>
                  {t(`complaints.recoveryStatuses.${r.status}`)}
                </Tag>
              ),
            },
            {
              title: t('complaints.recovery.requestedBy'),
              key: 'requested',
              render: (_, r) => (
                <div style={{ display: 'grid', minWidth: 110 }}>
                  <span>{r.requestedBy?.name ?? t('common.none')}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(r.createdAt)}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('complaints.recovery.decidedBy'),
              key: 'decided',
              render: (_, r) =>
                r.decidedBy ? (
                  <div style={{ display: 'grid', minWidth: 110 }}>
                    <span>{r.decidedBy.name}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(r.decidedAt)}
                    </Typography.Text>
                    {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
                  </div>
                ) : (
                  t('common.none')
                ),
            },
            ...(anyDecidable
              ? [
                  {
                    title: '',
                    key: 'decide',
                    render: (_: unknown, r: Recovery) => {
                      const may = recoveryDecisions(r, complaint);
                      if (!may.reject) return null;
                      return (
                        <Space size={4}>
                          {may.approve && (
                            <Button
                              type="primary"
                              size="small"
                              icon={<CheckOutlined />}
                              loading={deciding === r.id}
                              disabled={!!deciding && deciding !== r.id}
                              onClick={() => void decide(r, true)}
                              data-testid="recovery-approve"
                            >
                              {t('complaints.recovery.approve')}
                            </Button>
                          )}
                          <Button
                            danger
                            size="small"
                            icon={<CloseOutlined />}
                            disabled={!!deciding}
                            onClick={() => void decide(r, false)}
                            data-testid="recovery-reject"
                          >
                            {t('complaints.recovery.reject')}
                          </Button>
                        </Space>
                      );
                    },
                  },
                ]
              : []),
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('complaints.recovery.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong data-testid="recovery-total" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatFen(complaint.recoveryCostFen)}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} colSpan={anyDecidable ? 4 : 3}>
                {complaint.pendingRecoveries > 0 && (
                  <Typography.Text type="warning">
                    {t('complaints.recovery.pending', { count: complaint.pendingRecoveries })}
                  </Typography.Text>
                )}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      )}
      {canAdd && (
        <div style={{ padding: complaint.recoveries.length ? '8px 16px' : '8px 0 0' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {limit === null ? t('complaints.recovery.limitNone') : t('complaints.recovery.limit', { amount: formatFen(limit) })}
          </Typography.Text>
        </div>
      )}
      {adding && <RecoveryModal complaint={complaint} onClose={() => setAdding(false)} />}
    </Card>
  );
}
