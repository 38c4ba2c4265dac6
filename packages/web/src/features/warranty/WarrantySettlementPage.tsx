import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { settlementExportUrl, useWarrantySettlement, type WarrantySettlement } from '../../api/warranty';
import { dealerToday } from '../../components/DateText';
import { formatFen } from '../../components/money';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { isMonth, previousMonth } from './reports';
import { WarrantyHeader } from './WarrantyNav';

type Row = WarrantySettlement['items'][number];

const amount = (fen: number, negative = false) => (
  <Typography.Text type={negative && fen > 0 ? 'danger' : undefined} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
    {negative && fen > 0 ? `−${formatFen(fen)}` : formatFen(fen)}
  </Typography.Text>
);

/** 月度结算: the claims approved in a month per dealer, the parts returns charged back, the net credited; the workbook for finance. */
export function WarrantySettlementPage() {
  const { t, i18n } = useTranslation();
  const carMaker = useIsCarMaker();
  const [params, setParams] = useSearchParams();
  const monthParam = params.get('month');
  const month = isMonth(monthParam) ? monthParam : previousMonth(dealerToday().format('YYYY-MM-DD'));
  const dealerId = carMaker ? (params.get('dealer') ?? undefined) : undefined;
  const settlement = useWarrantySettlement(month, dealerId);
  const data = settlement.data;

  const update = (key: string, value: string | null | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  let body: ReactNode;
  if (settlement.isPending)
    body = (
      <div style={{ padding: 16 }}>
        <PageSkeleton cards={1} />
      </div>
    );
  else if (settlement.isError) body = <ErrorState error={settlement.error} onRetry={() => void settlement.refetch()} />;
  else if (data!.items.length === 0)
    body = (
      <div style={{ padding: 32 }} data-testid="settlement-empty">
        <EmptyState description={t('warranty.settlement.empty', { month })} />
      </div>
    );
  else
    body = (
      <Table<Row>
        rowKey={(r) => r.dealer.id}
        size="middle"
        dataSource={data!.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        style={{ opacity: settlement.isPlaceholderData ? 0.6 : 1 }}
        data-testid="settlement-table"
        columns={[
          {
            title: t('warranty.columns.dealer'),
            key: 'dealer',
            render: (_, r) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                <Typography.Text type="secondary" className="sb-mono">
                  {r.dealer.code}
                </Typography.Text>{' '}
                {r.dealer.name}
              </span>
            ),
            sorter: (a, b) => a.dealer.code.localeCompare(b.dealer.code),
          },
          { title: t('warranty.settlement.claims'), dataIndex: 'claims', align: 'right', sorter: (a, b) => a.claims - b.claims },
          {
            title: t('warranty.settlement.approved'),
            key: 'approved',
            align: 'right',
            render: (_, r) => amount(r.approvedFen),
            sorter: (a, b) => a.approvedFen - b.approvedFen,
          },
          {
            title: t('warranty.settlement.chargedBack'),
            key: 'chargedBack',
            align: 'right',
            render: (_, r) => amount(r.chargedBackFen, true),
            sorter: (a, b) => a.chargedBackFen - b.chargedBackFen,
          },
          {
            title: t('warranty.settlement.net'),
            key: 'net',
            align: 'right',
            render: (_, r) => <strong>{amount(r.netFen)}</strong>,
            sorter: (a, b) => a.netFen - b.netFen,
          },
        ]}
        summary={() => (
          <Table.Summary fixed>
            <Table.Summary.Row data-testid="settlement-totals">
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('warranty.settlement.totals')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong>{data!.totals.claims}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <strong>{amount(data!.totals.approvedFen)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <strong>{amount(data!.totals.chargedBackFen, true)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <strong data-testid="settlement-net-total">{amount(data!.totals.netFen)}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
    );

  const latest = dealerToday().format('YYYY-MM');
  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="settlement-page">
      <WarrantyHeader
        title={t('warranty.settlement.title')}
        extra={
          <Button
            type="primary"
            size="large"
            icon={<DownloadOutlined />}
            href={settlementExportUrl(month, dealerId, i18n.language)}
            download
            disabled={!data || data.items.length === 0}
            data-testid="settlement-export"
          >
            {t('warranty.settlement.download')}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 12 } }}>
        <Space wrap>
          <DatePicker
            picker="month"
            value={dayjs(`${month}-01`)}
            allowClear={false}
            inputReadOnly
            disabledDate={(d) => d.format('YYYY-MM') > latest || d.year() < 2000}
            onChange={(d) => d && update('month', d.format('YYYY-MM'))}
            aria-label={t('warranty.settlement.month')}
            data-testid="settlement-month"
          />
          {carMaker && <NetworkDealerFilter value={dealerId} onChange={(id) => update('dealer', id)} />}
          <Button
            icon={<ReloadOutlined spin={settlement.isFetching && !settlement.isPending} />}
            aria-label={t('common.reload')}
            onClick={() => void settlement.refetch()}
          />
        </Space>
      </Card>
      <Typography.Text type="secondary">{t('warranty.settlement.hint')}</Typography.Text>
      <Card styles={{ body: { padding: 0 } }}>{body}</Card>
    </div>
  );
}
