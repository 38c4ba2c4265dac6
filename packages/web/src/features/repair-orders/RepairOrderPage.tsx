import { EditOutlined, FilePdfOutlined } from '@ant-design/icons';
import { PAY_TYPES } from '@servicebay/contracts/constants';
import { Alert, Button, Card, Descriptions, Result, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Delivered, type RepairOrder, rememberedInvoice, roApi, useRepairOrder } from '../../api/repairOrders';
import { formatDate, formatDateTime } from '../../components/DateText';
import { MobileText } from '../../components/MobileText';
import { formatFen } from '../../components/money';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { currentLanguage } from '../../i18n';
import { SurveyNoticeText } from '../messages/MessageDelivery';
import { RoWarrantyCard } from '../warranty/RoWarrantyCard';
import { AdditionalItemsCard } from './AdditionalItemsCard';
import { ProgressLinkButton } from './ProgressLinkButton';
import { AuthoriseForm, DeliverForm, TransitionButtons } from './RoActions';
import { PayTypeTag, PromisedTime, RoStatusTag } from './roText';
import { InvoiceForm, InvoicePanel } from './SettlementCard';
import { DispatchPanel, QualityCheckForm } from './WorkshopPanels';

function Header({ order }: { order: RepairOrder }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
      <Descriptions.Item label={t('ro.vehicle')}>
        <Space wrap size={8}>
          <Link to={`/vehicles/${order.vehicle.id}`}>
            <PlateTag plate={order.vehicle.plate} size="small" />
          </Link>
          {order.vehicle.modelName}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('ro.customer')}>
        <Space wrap size={8}>
          <Link to={`/customers/${order.customer.id}`}>{order.customer.name}</Link>
          <MobileText mobile={order.customer.mobile} full callable />
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('ro.promisedAt')}>
        <PromisedTime promisedAt={order.promisedAt} status={order.status} />
      </Descriptions.Item>
      <Descriptions.Item label={t('ro.odometer')}>
        {order.odometerKm === null ? t('common.none') : t('common.km', { km: order.odometerKm.toLocaleString() })}
      </Descriptions.Item>
      <Descriptions.Item label={t('ro.concerns')} span={2}>
        <span data-testid="ro-concerns-text">“{order.concerns}”</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('ro.diagnosis')} span={2}>
        {order.diagnosis ?? t('common.none')}
      </Descriptions.Item>
      <Descriptions.Item label={t('visit.sa')}>{order.sa?.name ?? t('common.none')}</Descriptions.Item>
      <Descriptions.Item label={t('ro.signedAt')}>{order.signedAt ? formatDateTime(order.signedAt) : t('ro.notSigned')}</Descriptions.Item>
      {order.reworkCount > 0 && (
        <Descriptions.Item label={t('ro.rework')}>
          <Tag color="error" data-testid="ro-rework" data-count={order.reworkCount}>
            {order.reworkCount}
          </Tag>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function Lines({ order }: { order: RepairOrder }) {
  const { t } = useTranslation();
  const totals = PAY_TYPES.filter((p) => order.totals.byPayType[p] && order.totals.byPayType[p].grossFen !== 0);
  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={order.lines}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('roForm.noLines') }}
        data-testid="ro-lines"
        columns={[
          { title: '#', width: 40, render: (_, l) => l.position },
          { title: t('roForm.kind'), width: 64, render: (_, l) => t(`roForm.kinds.${l.kind}`) },
          { title: t('roForm.item'), render: (_, l) => [l.code, l.description].filter(Boolean).join(' ') },
          {
            title: t('roForm.qty'),
            width: 110,
            render: (_, l) =>
              l.kind === 'labour'
                ? t('roForm.hoursShort', { hours: l.hours ?? '' })
                : `${l.quantity ?? ''} × ${l.unitPriceFen === null ? '' : formatFen(l.unitPriceFen)}`,
          },
          { title: t('roForm.payType'), width: 110, render: (_, l) => <PayTypeTag payType={l.payType} /> },
          { title: t('roForm.discount'), width: 80, align: 'right', render: (_, l) => (l.discountPercent ? `${l.discountPercent}%` : '') },
          { title: t('ro.amount'), width: 110, align: 'right', render: (_, l) => formatFen(l.amount.netFen) },
        ]}
      />
      <Descriptions column={{ xs: 1, md: 3 }} size="small" data-testid="ro-totals">
        {totals.map((p) => (
          <Descriptions.Item key={p} label={t(`payType.${p}`)}>
            {formatFen(order.totals.byPayType[p]!.netFen)}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('ro.total')}>{formatFen(order.totals.totalFen)}</Descriptions.Item>
        <Descriptions.Item label={t('ro.customerPayable')}>
          <Typography.Text strong data-testid="ro-customer-payable">
            {formatFen(order.totals.customerPayableFen)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('ro.freeItems')}>{order.totals.freeItemCount}</Descriptions.Item>
      </Descriptions>
    </div>
  );
}

/** 维修委托书: everything about one repair order, and the next step for its status. */
export function RepairOrderPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const order = useRepairOrder(id);
  const [invoiceId, setInvoiceId] = useState<string | null>(() => rememberedInvoice(id));
  const [delivered, setDelivered] = useState<Delivered | null>(null);
  const nextMaintenance = delivered?.nextMaintenance;
  if (order.isPending) return <PageSkeleton cards={3} />;
  if (order.isError) return <ErrorState error={order.error} onRetry={() => void order.refetch()} />;
  const o = order.data;

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="ro-page">
      <Space wrap style={{ justifyContent: 'space-between' }}>
        <Space wrap size={12} align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('ro.title', { number: o.number })}
          </Typography.Title>
          <RoStatusTag status={o.status} testId="ro-status" />
        </Space>
        <Space wrap>
          <a href={roApi.pdfUrl(o.id, currentLanguage())} target="_blank" rel="noreferrer" data-testid="ro-pdf-link">
            <Button icon={<FilePdfOutlined />}>{t('ro.pdf')}</Button>
          </a>
          {o.can.shareProgress && <ProgressLinkButton order={o} />}
          {o.can.edit && (
            <Link to={`/repair-orders/${o.id}/edit`}>
              <Button icon={<EditOutlined />} data-testid="ro-edit">
                {t('common.edit')}
              </Button>
            </Link>
          )}
        </Space>
      </Space>
      {o.reworkCount > 0 && o.status === 'in_progress' && (
        <Alert type="error" showIcon title={t('ro.reworkAlert', { count: o.reworkCount })} data-testid="ro-rework-alert" />
      )}
      <Card>
        <Header order={o} />
      </Card>
      <Card title={t('roForm.lines')}>
        <Lines order={o} />
      </Card>
      <RoWarrantyCard order={o} />

      {o.can.sign && (
        <Card title={t('ro.signTitle')}>
          <AuthoriseForm order={o} />
        </Card>
      )}
      {(o.can.advance || o.can.cancel) && (
        <Card title={t('ro.workshopTitle')}>
          <TransitionButtons order={o} />
        </Card>
      )}
      {o.can.dispatch && (
        <Card title={t('dispatch.title')}>
          <DispatchPanel order={o} />
        </Card>
      )}
      {o.can.qualityCheck && (
        <Card title={t('qc.title')}>
          <QualityCheckForm order={o} />
        </Card>
      )}
      {o.status !== 'open' && o.status !== 'cancelled' && <AdditionalItemsCard order={o} />}

      {o.can.invoice && (
        <Card title={t('settlement.title')}>
          <InvoiceForm order={o} onInvoiced={(inv) => setInvoiceId(inv.id)} />
        </Card>
      )}
      {['invoiced', 'delivered', 'closed'].includes(o.status) && (
        <Card title={t('settlement.title')}>
          {(o.invoiceId ?? invoiceId) ? (
            <InvoicePanel invoiceId={(o.invoiceId ?? invoiceId)!} />
          ) : (
            <Alert type="info" showIcon title={t('settlement.invoiceElsewhere')} />
          )}
        </Card>
      )}
      {o.can.deliver && (
        <Card title={t('settlement.deliveryTitle')}>
          <DeliverForm order={o} onDelivered={setDelivered} />
        </Card>
      )}
      {nextMaintenance && (
        <Result
          status="success"
          title={t('settlement.delivered')}
          subTitle={t('settlement.nextMaintenance', {
            date: formatDate(nextMaintenance.dueOn),
            km: nextMaintenance.dueKm === null ? t('common.none') : nextMaintenance.dueKm.toLocaleString(),
          })}
          data-testid="next-maintenance"
          extra={<SurveyNoticeText notice={delivered!.survey} />}
        />
      )}
    </div>
  );
}
