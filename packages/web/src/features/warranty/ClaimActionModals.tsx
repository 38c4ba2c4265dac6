import { CLAIM_REJECT_CODES } from '@servicebay/contracts/constants';
import { Alert, App, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { fieldProblemMessage } from '../../api/problems';
import { type ClaimDetail, type ClaimRejectCode, warrantyApi } from '../../api/warranty';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { formatFen } from '../../components/money';
import { useClaimUpdate } from './useClaimUpdate';
import { type ApprovalRow, approvalBody, approvalRows, isAdjusted, linesTotalFen, submitDeadline } from './warranty';

export type ClaimModalAction = 'submit' | 'approve' | 'reject' | 'return' | 'shipParts' | 'receiveParts';

type Props = { claim: ClaimDetail; onClose: () => void };

const MAX_REASON = 500;

/**
 * Sends one action of the claim with its version and an Idempotency-Key (the same key while the same
 * payload is retried), and handles what can go wrong. Returns a `run` for the dialog's OK button.
 */
function useClaimAction<I>(claim: ClaimDetail, onClose: () => void) {
  const { message } = App.useApp();
  const update = useClaimUpdate();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);
  async function run(
    input: I,
    send: (input: I, key: string) => Promise<ClaimDetail>,
    doneText: string,
    onError?: (error: unknown) => boolean,
  ): Promise<void> {
    setSaving(true);
    try {
      const detail = await send(input, idempotency.keyFor(input));
      idempotency.reset();
      update.saved(detail);
      void message.success(doneText);
      onClose();
    } catch (error) {
      if (onError?.(error)) return;
      if (update.failed(claim.id, error) === 'reloaded') onClose();
    } finally {
      setSaving(false);
    }
  }
  return { run, saving };
}

/** 提交索赔: a last look at what is claimed; the total shown is the total sent. */
function SubmitModal({ claim, onClose }: Props) {
  const { t } = useTranslation();
  const action = useClaimAction<{ version: number; claimedFen: number }>(claim, onClose);
  const totalFen = linesTotalFen(claim.lines);
  const deadline = submitDeadline(claim, new Date());
  return (
    <Modal
      open
      title={t('warranty.submit.title', { number: claim.number })}
      okText={t('warranty.submit.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: action.saving, disabled: claim.lines.length === 0, 'data-testid': 'claim-submit-ok' }}
      onOk={() =>
        void action.run(
          { version: claim.version, claimedFen: totalFen },
          (body, key) => warrantyApi.submit(claim.id, body, key),
          t('warranty.submit.done'),
        )
      }
      onCancel={() => !action.saving && onClose()}
      maskClosable={false}
      data-testid="claim-submit-modal"
    >
      <Descriptions column={1} size="small" styles={{ label: { width: 140 } }}>
        <Descriptions.Item label={t('warranty.claim.lineCount')}>{claim.lines.length}</Descriptions.Item>
        <Descriptions.Item label={t('warranty.claim.claimedTotal')}>
          <Typography.Text strong style={{ fontSize: 18 }} data-testid="claim-submit-total">
            {formatFen(totalFen)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('warranty.columns.submitBy')}>{formatDateTime(claim.submitBy)}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('warranty.submit.hint')}
      </Typography.Paragraph>
      {deadline?.state === 'past' && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('warranty.submit.late')} data-testid="claim-submit-late" />
      )}
      {claim.lines.length === 0 && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('warranty.submit.noLines')} />}
    </Modal>
  );
}

/** 审核通过: the lines with what is paid for each (a reason when it differs), the parts to send back, a note. */
function ApproveModal({ claim, onClose }: Props) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const action = useClaimAction<ReturnType<typeof approvalBody>['body'] & { version: number }>(claim, onClose);
  const [rows, setRows] = useState<ApprovalRow[]>(() => approvalRows(claim.lines));
  const [note, setNote] = useState('');
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const check = approvalBody(rows, note);
  const claimedFen = linesTotalFen(claim.lines);
  const blocked = check.missingReason.length > 0 || check.invalidAmount.length > 0;
  const byPosition = new Map(claim.lines.map((l) => [l.position, l]));
  const setRow = (position: number, patch: Partial<ApprovalRow>) => {
    setRows((prev) => prev.map((r) => (r.position === position ? { ...r, ...patch } : r)));
    setServerErrors((prev) => ({ ...prev, [String(position)]: '' }));
  };

  /** Field errors of the answer, under their lines: `adjustments.<i>.…` names the i-th adjustment sent. */
  function showServerErrors(error: unknown): boolean {
    if (!(error instanceof ApiError) || error.errors.length === 0) return false;
    const next: Record<string, string> = {};
    const rest: string[] = [];
    for (const problem of error.errors) {
      const m = /^(adjustments|returnPositions)\.(\d+)/.exec(problem.field);
      const text = fieldProblemMessage(problem, error.code);
      if (m && m[1] === 'adjustments') next[String(check.body.adjustments?.[Number(m[2])]?.position ?? '')] = text;
      else if (m) next[String(check.body.returnPositions?.[Number(m[2])] ?? '')] = text;
      else if (problem.field === 'note') next.note = text;
      else rest.push(text);
    }
    setServerErrors(next);
    if (rest.length > 0) void modal.error({ title: t('warranty.approve.failed'), content: rest.join('\n') });
    return true;
  }

  function confirm() {
    if (blocked) return;
    const body = { version: claim.version, ...check.body };
    void action.run(body, (input, key) => warrantyApi.approve(claim.id, input, key), t('warranty.approve.done'), showServerErrors);
  }

  return (
    <Modal
      open
      width={920}
      title={t('warranty.approve.title', { number: claim.number })}
      okText={t('warranty.approve.ok', { amount: formatFen(check.totalFen) })}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: action.saving, disabled: blocked, 'data-testid': 'claim-approve-ok' }}
      onOk={confirm}
      onCancel={() => !action.saving && onClose()}
      maskClosable={false}
      data-testid="claim-approve-modal"
    >
      <Typography.Paragraph type="secondary">{t('warranty.approve.hint')}</Typography.Paragraph>
      <Table<ApprovalRow>
        size="small"
        rowKey="position"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 760 }}
        columns={[
          { title: '#', width: 40, render: (_, r) => r.position },
          {
            title: t('warranty.lines.item'),
            render: (_, r) => {
              const line = byPosition.get(r.position);
              return (
                <div style={{ display: 'grid', gap: 2 }}>
                  <span>
                    <Tag style={{ marginInlineEnd: 6 }}>{t(`warranty.lineKinds.${r.kind}`)}</Tag>
                    {line?.description}
                  </span>
                  {line?.code && (
                    <Typography.Text type="secondary" className="sb-mono" style={{ fontSize: 12 }}>
                      {line.code}
                    </Typography.Text>
                  )}
                </div>
              );
            },
          },
          {
            title: t('warranty.lines.amount'),
            width: 110,
            align: 'right',
            render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(r.amountFen)}</span>,
          },
          {
            title: t('warranty.approve.approvedYuan'),
            width: 140,
            render: (_, r) => (
              <InputNumber<number>
                min={0}
                max={r.amountFen / 100}
                step={1}
                precision={2}
                prefix="¥"
                value={r.approvedYuan}
                status={check.invalidAmount.includes(r.position) ? 'error' : undefined}
                onChange={(v) => setRow(r.position, { approvedYuan: v })}
                style={{ width: '100%' }}
                aria-label={t('warranty.approve.approvedFor', { position: r.position })}
                data-testid="approve-amount"
              />
            ),
          },
          {
            title: t('warranty.approve.reason'),
            render: (_, r) => {
              const missing = check.missingReason.includes(r.position);
              const error = serverErrors[String(r.position)] || (missing ? t('warranty.approve.reasonRequired') : '');
              return (
                <div style={{ display: 'grid', gap: 2, minWidth: 180 }}>
                  <Input
                    value={r.reason}
                    maxLength={MAX_REASON}
                    disabled={!isAdjusted(r)}
                    status={error ? 'error' : undefined}
                    placeholder={isAdjusted(r) ? t('warranty.approve.reasonPlaceholder') : t('warranty.approve.asClaimed')}
                    onChange={(e) => setRow(r.position, { reason: e.target.value })}
                    aria-label={t('warranty.approve.reasonFor', { position: r.position })}
                    data-testid="approve-reason"
                  />
                  {error && (
                    <Typography.Text type="danger" style={{ fontSize: 12 }}>
                      {error}
                    </Typography.Text>
                  )}
                </div>
              );
            },
          },
          {
            title: t('warranty.approve.returnPart'),
            width: 90,
            align: 'center',
            render: (_, r) =>
              r.kind === 'parts' ? (
                <Checkbox
                  checked={!!r.returnPart}
                  onChange={(e) => setRow(r.position, { returnPart: e.target.checked })}
                  aria-label={t('warranty.approve.returnPartFor', { position: r.position })}
                  data-testid="approve-return"
                />
              ) : null,
          },
        ]}
      />
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('warranty.claim.claimedTotal')}>{formatFen(claimedFen)}</Descriptions.Item>
        <Descriptions.Item label={t('warranty.claim.approvedTotal')}>
          <Typography.Text strong type={check.totalFen < claimedFen ? 'warning' : undefined} data-testid="approve-total">
            {formatFen(check.totalFen)}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Form layout="vertical" style={{ marginTop: 8 }}>
        <Form.Item
          label={t('warranty.approve.note')}
          validateStatus={serverErrors.note ? 'error' : undefined}
          help={serverErrors.note || undefined}
        >
          <Input.TextArea
            value={note}
            maxLength={MAX_REASON}
            showCount
            autoSize={{ minRows: 2, maxRows: 5 }}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('warranty.approve.notePlaceholder')}
            data-testid="approve-note"
          />
        </Form.Item>
      </Form>
      {blocked && (
        <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('warranty.approve.blocked')} data-testid="approve-blocked" />
      )}
    </Modal>
  );
}

type FormModalProps<V> = Props & {
  title: ReactNode;
  okText: string;
  danger?: boolean;
  testId: string;
  initialValues: Partial<V>;
  send: (values: V, key: string) => Promise<ClaimDetail>;
  doneText: string;
  children: ReactNode;
};

/** A dialog with a small form whose field errors (the client's and the server's) show under the fields. */
function FormModal<V extends object>({
  claim,
  onClose,
  title,
  okText,
  danger,
  testId,
  initialValues,
  send,
  doneText,
  children,
}: FormModalProps<V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const update = useClaimUpdate();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);

  async function submit(values: V) {
    setSaving(true);
    try {
      const detail = await send(values, idempotency.keyFor(values));
      idempotency.reset();
      update.saved(detail);
      void message.success(doneText);
      onClose();
    } catch (error) {
      if (update.failed(claim.id, error, form) === 'reloaded') onClose();
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, danger, 'data-testid': `${testId}-ok` }}
      onOk={() => form.submit()}
      onCancel={() => !saving && onClose()}
      maskClosable={false}
      width={560}
    >
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues as V}
        onFinish={(v) => void submit({ ...form.getFieldsValue(true), ...v })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
      >
        <div data-testid={testId}>{children}</div>
      </Form>
    </Modal>
  );
}

const required = (message: string) => [{ required: true, whitespace: true, message }];

/** 驳回: the reason code the car maker refuses under, and its words. */
function RejectModal({ claim, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal<{ code?: ClaimRejectCode; reason: string }>
      claim={claim}
      onClose={onClose}
      title={t('warranty.reject.title', { number: claim.number })}
      okText={t('warranty.reject.ok')}
      danger
      testId="claim-reject"
      initialValues={{ reason: '' }}
      send={(v, key) =>
        warrantyApi.reject(claim.id, { version: claim.version, code: v.code as ClaimRejectCode, reason: v.reason.trim() }, key)
      }
      doneText={t('warranty.reject.done')}
    >
      <Alert type="warning" showIcon title={t('warranty.reject.hint')} style={{ marginBottom: 16 }} />
      <Form.Item name="code" label={t('warranty.reject.code')} rules={[{ required: true, message: t('warranty.reject.codeRequired') }]}>
        <Select
          placeholder={t('warranty.reject.codePlaceholder')}
          options={CLAIM_REJECT_CODES.map((c) => ({ value: c, label: t(`warranty.rejectCodes.${c}`) }))}
          data-testid="claim-reject-code"
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('warranty.reject.reason')}
        rules={required(t('form.required', { label: t('warranty.reject.reason') }))}
      >
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={MAX_REASON}
          showCount
          placeholder={t('warranty.reject.reasonPlaceholder')}
          data-testid="claim-reject-reason"
        />
      </Form.Item>
    </FormModal>
  );
}

/** 退回补充资料: what the dealer is asked for; the claim comes back to the clerk. */
function ReturnModal({ claim, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal<{ note: string }>
      claim={claim}
      onClose={onClose}
      title={t('warranty.return.title', { number: claim.number })}
      okText={t('warranty.return.ok')}
      testId="claim-return"
      initialValues={{ note: '' }}
      send={(v, key) => warrantyApi.returnForInformation(claim.id, { version: claim.version, note: v.note.trim() }, key)}
      doneText={t('warranty.return.done')}
    >
      <Form.Item name="note" label={t('warranty.return.note')} rules={required(t('form.required', { label: t('warranty.return.note') }))}>
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={MAX_REASON}
          showCount
          placeholder={t('warranty.return.notePlaceholder')}
          data-testid="claim-return-note"
        />
      </Form.Item>
    </FormModal>
  );
}

/** The parts the car maker asked back, as the return note lists them. */
function ReturnedParts({ claim }: { claim: ClaimDetail }) {
  const { t } = useTranslation();
  const parts = claim.lines.filter((l) => l.returnRequired);
  return (
    <div style={{ display: 'grid', gap: 4, marginBottom: 16 }} data-testid="parts-return-list">
      <Typography.Text type="secondary">{t('warranty.partsReturn.parts')}</Typography.Text>
      {parts.map((l) => (
        <span key={l.position}>
          <Typography.Text className="sb-mono">{l.code}</Typography.Text> {l.description} × {l.quantity ?? ''}
        </span>
      ))}
      {claim.partsReturn && (
        <Typography.Text type="secondary">
          {t('warranty.partsReturn.dueAt', { time: formatDateTime(claim.partsReturn.dueAt) })}
        </Typography.Text>
      )}
    </div>
  );
}

/** 旧件寄回: the waybill of the parcel with the parts the car maker asked back. */
function ShipPartsModal({ claim, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal<{ waybill: string; note?: string }>
      claim={claim}
      onClose={onClose}
      title={t('warranty.ship.title', { number: claim.number })}
      okText={t('warranty.ship.ok')}
      testId="claim-ship-parts"
      initialValues={{ waybill: '', note: '' }}
      send={(v, key) =>
        warrantyApi.shipParts(claim.id, { version: claim.version, waybill: v.waybill.trim(), note: v.note?.trim() || null }, key)
      }
      doneText={t('warranty.ship.done')}
    >
      <ReturnedParts claim={claim} />
      <Form.Item
        name="waybill"
        label={t('warranty.ship.waybill')}
        rules={[
          ...required(t('form.required', { label: t('warranty.ship.waybill') })),
          { min: 4, max: 40, message: t('warranty.ship.waybillLength') },
        ]}
      >
        <Input className="sb-mono" maxLength={40} autoComplete="off" spellCheck={false} data-testid="claim-ship-waybill" />
      </Form.Item>
      <Form.Item name="note" label={t('warranty.ship.note')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={MAX_REASON} showCount data-testid="claim-ship-note" />
      </Form.Item>
    </FormModal>
  );
}

/** 旧件签收: the claims centre confirms the parts arrived, with what its inspection found. */
function ReceivePartsModal({ claim, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal<{ note?: string }>
      claim={claim}
      onClose={onClose}
      title={t('warranty.receive.title', { number: claim.number })}
      okText={t('warranty.receive.ok')}
      testId="claim-receive-parts"
      initialValues={{ note: '' }}
      send={(v, key) => warrantyApi.receiveParts(claim.id, { version: claim.version, note: v.note?.trim() || null }, key)}
      doneText={t('warranty.receive.done')}
    >
      <ReturnedParts claim={claim} />
      {claim.partsReturn?.waybill && (
        <Typography.Paragraph>
          {t('warranty.labelled', { label: t('warranty.ship.waybill') })}
          <Typography.Text className="sb-mono" copyable>
            {claim.partsReturn.waybill}
          </Typography.Text>
        </Typography.Paragraph>
      )}
      <Form.Item name="note" label={t('warranty.receive.note')}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={MAX_REASON}
          showCount
          placeholder={t('warranty.receive.notePlaceholder')}
          data-testid="claim-receive-note"
        />
      </Form.Item>
    </FormModal>
  );
}

export function ClaimActionModal({ action, claim, onClose }: { action: ClaimModalAction | null; claim: ClaimDetail; onClose: () => void }) {
  if (action === 'submit') return <SubmitModal claim={claim} onClose={onClose} />;
  if (action === 'approve') return <ApproveModal claim={claim} onClose={onClose} />;
  if (action === 'reject') return <RejectModal claim={claim} onClose={onClose} />;
  if (action === 'return') return <ReturnModal claim={claim} onClose={onClose} />;
  if (action === 'shipParts') return <ShipPartsModal claim={claim} onClose={onClose} />;
  if (action === 'receiveParts') return <ReceivePartsModal claim={claim} onClose={onClose} />;
  return null;
}
