import { FilePdfOutlined } from '@ant-design/icons';
import { PAYMENT_METHODS } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { clubKeys, useInvoicePoints } from '../../api/club';
import { errorMessage } from '../../api/problems';
import { type Invoice, type PaymentMethod, type RepairOrder, rememberInvoice, roApi, roKeys, useInvoice } from '../../api/repairOrders';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { formatFen } from '../../components/money';
import { currentLanguage } from '../../i18n';
import { ReversedTag, ReversePaymentButton } from './PaymentReversal';
import { useRefreshRepairOrder } from './useRoCache';

/** 结算: the advisor invoices a ready order; a discount beyond their authority needs a manager on the spot. */
export function InvoiceForm({ order, onInvoiced }: { order: RepairOrder; onInvoiced: (invoice: Invoice) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshRepairOrder(order.id);
  const idempotency = useIdempotencyKey();
  const [discountYuan, setDiscountYuan] = useState<number | null>(0);
  const [needsApproval, setNeedsApproval] = useState(false);
  const [approval, setApproval] = useState({ login: '', password: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit() {
    const body = {
      version: order.version,
      discountFen: Math.round((discountYuan ?? 0) * 100),
      approval: needsApproval ? approval : undefined,
    };
    setSaving(true);
    setProblem(null);
    try {
      const invoice = await roApi.invoice(order.id, body, idempotency.keyFor(body));
      idempotency.reset();
      rememberInvoice(order.id, invoice.id);
      onInvoiced(invoice);
      refresh();
      void message.success(t('settlement.invoiced', { number: invoice.number }));
    } catch (error) {
      const approvalCode = error instanceof ApiError ? error.errors.find((e) => e.field === 'approval')?.code : undefined;
      if (approvalCode) {
        setNeedsApproval(true);
        setProblem(
          t(
            `settlement.approvalCodes.${approvalCode === 'approval_invalid' || approvalCode === 'beyond_authority' ? approvalCode : 'approval_required'}`,
          ),
        );
      } else setProblem(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 420 }}>
      <Form layout="vertical">
        <Form.Item label={t('settlement.discount')} extra={t('settlement.payable', { amount: formatFen(order.totals.customerPayableFen) })}>
          <InputNumber
            min={0}
            max={order.totals.customerPayableFen / 100}
            precision={2}
            prefix="¥"
            value={discountYuan}
            onChange={setDiscountYuan}
            style={{ width: 200 }}
            data-testid="invoice-discount"
          />
        </Form.Item>
        {needsApproval && (
          <>
            <Alert type="warning" showIcon title={t('settlement.approvalTitle')} style={{ marginBottom: 12 }} />
            <Form.Item label={t('settlement.approverLogin')}>
              <Input
                value={approval.login}
                autoComplete="off"
                onChange={(e) => setApproval({ ...approval, login: e.target.value })}
                data-testid="approval-login"
              />
            </Form.Item>
            <Form.Item label={t('settlement.approverPassword')}>
              <Input.Password
                value={approval.password}
                autoComplete="new-password"
                onChange={(e) => setApproval({ ...approval, password: e.target.value })}
                data-testid="approval-password"
              />
            </Form.Item>
          </>
        )}
      </Form>
      {problem && <Alert type="error" showIcon title={problem} data-testid="invoice-error" />}
      <Button type="primary" size="large" loading={saving} onClick={() => void submit()} data-testid="invoice-submit">
        {t('settlement.invoice')}
      </Button>
    </div>
  );
}

/** The part of the invoice's discount its benefits make: the member's free services and labour discount, the kept appointment's. */
const benefitsFen = (inv: Invoice) =>
  (inv.memberDiscount?.discountFen ?? 0) +
  (inv.memberDiscount?.freeServices.reduce((sum, f) => sum + f.fen, 0) ?? 0) +
  (inv.bookingBenefit?.discountFen ?? 0);

/** The invoice: amount due, payments (cash, card, WeChat Pay, Alipay) and the cashier time. */
export function InvoicePanel({ invoiceId }: { invoiceId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const invoice = useInvoice(invoiceId);
  const idempotency = useIdempotencyKey();
  const [method, setMethod] = useState<PaymentMethod>('wechat_pay');
  const [amountYuan, setAmountYuan] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const points = useInvoicePoints(invoiceId, method === 'points');
  if (invoice.isPending) return <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>;
  if (invoice.isError) return <Alert type="error" showIcon title={errorMessage(invoice.error)} />;
  const inv = invoice.data;
  const outstanding = inv.amountDueFen - inv.paidFen;
  // Points pay at most what the club allows on this invoice; money pays the rest.
  const pointsMaxFen = method === 'points' ? (points.data?.maxFen ?? 0) : null;
  const payable = pointsMaxFen ?? outstanding;

  async function pay() {
    const amountFen = amountYuan === null ? payable : Math.round(amountYuan * 100);
    const body = { method, amountFen };
    setSaving(true);
    try {
      const saved = await roApi.pay(inv.id, body, idempotency.keyFor(body));
      idempotency.reset();
      queryClient.setQueryData(roKeys.invoice(inv.id), saved);
      void queryClient.invalidateQueries({ queryKey: clubKeys.all });
      setAmountYuan(null);
      void message.success(saved.paidAt ? t('settlement.paidInFull') : t('settlement.paymentRecorded'));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="invoice-panel">
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t('settlement.invoiceNumber')}>
          <Space size={8}>
            {inv.number}
            <a href={roApi.invoicePdfUrl(inv.id, currentLanguage())} target="_blank" rel="noreferrer" data-testid="invoice-pdf-link">
              <FilePdfOutlined /> PDF
            </a>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('settlement.status')}>
          {inv.paidAt ? <Tag color="success">{t('settlement.paid')}</Tag> : <Tag color="gold">{t('settlement.unpaid')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('settlement.customerPayable')}>{formatFen(inv.customerPayableFen)}</Descriptions.Item>
        {inv.memberDiscount?.freeServices.map((f) => (
          <Descriptions.Item key={f.lineId} label={t(`settlement.memberFreeService.${f.kind}`, { description: f.description })}>
            <span data-testid="member-free-service">{formatFen(-f.fen)}</span>
          </Descriptions.Item>
        ))}
        {inv.memberDiscount && inv.memberDiscount.discountFen > 0 && (
          <Descriptions.Item
            label={t('settlement.memberDiscount', {
              level: t(`club.levels.${inv.memberDiscount.level}`),
              percent: inv.memberDiscount.labourDiscountPercent,
            })}
          >
            <span data-testid="member-discount">{formatFen(-inv.memberDiscount.discountFen)}</span>
          </Descriptions.Item>
        )}
        {inv.bookingBenefit && inv.bookingBenefit.discountFen > 0 && (
          <Descriptions.Item
            label={t('settlement.bookingDiscount', {
              number: inv.bookingBenefit.appointmentNumber,
              percent: inv.bookingBenefit.labourDiscountPercent,
            })}
          >
            <span data-testid="booking-discount">{formatFen(-inv.bookingBenefit.discountFen)}</span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('settlement.discount')}>{formatFen(inv.discountFen - benefitsFen(inv))}</Descriptions.Item>
        {inv.bookingBenefit?.apologyGift && (
          <Descriptions.Item label={t('settlement.apologyGift')} span={2}>
            <Typography.Text data-testid="apology-gift">
              {t(`settlement.dealerLate.${inv.bookingBenefit.dealerLate ?? 'delivery'}`, { gift: inv.bookingBenefit.apologyGift })}
            </Typography.Text>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('settlement.amountDue')}>
          <Typography.Text strong data-testid="amount-due">
            {formatFen(inv.amountDueFen)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('settlement.paidAmount')}>
          <span data-testid="amount-paid">{formatFen(inv.paidFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('settlement.readyToPayAt')}>{formatDateTime(inv.readyToPayAt)}</Descriptions.Item>
        <Descriptions.Item label={t('settlement.cashierTime')}>
          {inv.cashierSeconds === null ? (
            t('common.none')
          ) : (
            <Space size={8}>
              {t('settlement.seconds', { count: inv.cashierSeconds })}
              {inv.cashierSeconds <= 120 ? (
                <Tag color="success">{t('settlement.onTarget')}</Tag>
              ) : (
                <Tag color="warning">{t('settlement.overTarget')}</Tag>
              )}
            </Space>
          )}
        </Descriptions.Item>
      </Descriptions>
      {inv.payments.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={inv.payments}
          columns={[
            {
              title: t('settlement.method'),
              render: (_, p) => (
                <Space size={4}>
                  {t(`settlement.methods.${p.method}`)}
                  <ReversedTag payment={p} />
                </Space>
              ),
            },
            {
              title: t('settlement.amount'),
              align: 'right',
              render: (_, p) => (p.reversal ? <Typography.Text delete>{formatFen(p.amountFen)}</Typography.Text> : formatFen(p.amountFen)),
            },
            { title: t('settlement.at'), render: (_, p) => formatDateTime(p.at) },
            ...(inv.can.reversePayment
              ? [
                  {
                    key: 'reverse',
                    render: (_: unknown, p: Invoice['payments'][number]) =>
                      p.reversal ? null : <ReversePaymentButton invoiceId={inv.id} payment={p} />,
                  },
                ]
              : []),
          ]}
        />
      )}
      {!inv.paidAt && outstanding > 0 && method === 'points' && points.data && (
        <Alert
          type={points.data.maxFen > 0 ? 'info' : 'warning'}
          showIcon
          data-testid="points-quote"
          title={
            !points.data.member
              ? t('club.pay.notMember')
              : points.data.maxFen > 0
                ? t('club.pay.available', {
                    level: t(`club.levels.${points.data.level ?? 'silver'}`),
                    balance: points.data.balance,
                    amount: formatFen(points.data.maxFen),
                  })
                : t('club.pay.notAvailable', { balance: points.data.balance, min: points.data.minRedeemPoints })
          }
        />
      )}
      {!inv.paidAt && outstanding > 0 && (
        <Space wrap align="end">
          <Segmented<PaymentMethod>
            value={method}
            onChange={setMethod}
            options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`settlement.methods.${m}`) }))}
            data-testid="pay-method"
          />
          <InputNumber
            min={0.01}
            max={payable / 100}
            precision={2}
            prefix="¥"
            placeholder={(payable / 100).toFixed(2)}
            value={amountYuan}
            onChange={setAmountYuan}
            style={{ width: 160 }}
            data-testid="pay-amount"
          />
          <Button type="primary" size="large" loading={saving} disabled={payable <= 0} onClick={() => void pay()} data-testid="pay-submit">
            {t('settlement.pay', { amount: formatFen(amountYuan === null ? payable : Math.round(amountYuan * 100)) })}
          </Button>
        </Space>
      )}
    </div>
  );
}
