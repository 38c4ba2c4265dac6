import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PrepickItem } from '../../api/appointments';
import { formatFen } from '../../components/money';

export const PREPICK_COLORS = { requested: 'default', picked: 'green', shortage: 'red', cancelled: 'default' } as const;

export function StockTag({ inStock }: { inStock: boolean }) {
  const { t } = useTranslation();
  return <Tag color={inStock ? 'green' : 'red'}>{inStock ? t('parts.inStock') : t('parts.shortage')}</Tag>;
}

/** The parts booked with an appointment: quote, stock, pre-pick status. */
export function AppointmentParts({ parts, quoteFen }: { parts: PrepickItem[]; quoteFen: number }) {
  const { t } = useTranslation();
  return (
    <Table<PrepickItem>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={parts}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('parts.partNumber'), dataIndex: 'partNumber', render: (v: string) => <span className="sb-mono">{v}</span> },
        { title: t('parts.name'), dataIndex: 'name' },
        { title: t('parts.quantity'), dataIndex: 'quantity', align: 'right' },
        { title: t('parts.unitPrice'), dataIndex: 'unitPriceFen', align: 'right', render: (v: number) => formatFen(v) },
        { title: t('parts.stock'), dataIndex: 'inStock', render: (v: boolean) => <StockTag inStock={v} /> },
        {
          title: t('prepick.status'),
          dataIndex: 'status',
          render: (v: PrepickItem['status']) => <Tag color={PREPICK_COLORS[v]}>{t(`prepick.statuses.${v}`)}</Tag>,
        },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={3}>
            <Typography.Text strong>{t('parts.quoteTotal')}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} colSpan={3}>
            <Typography.Text strong>{formatFen(quoteFen)}</Typography.Text>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}
