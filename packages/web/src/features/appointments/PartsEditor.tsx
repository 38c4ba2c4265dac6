import { DeleteOutlined } from '@ant-design/icons';
import { Button, InputNumber, Select, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Part, useParts } from '../../api/appointments';
import { formatFen } from '../../components/money';
import { useDebounced } from '../../components/useDebounced';
import { StockTag } from './AppointmentParts';

export type PartLine = { partId: string; quantity: number };

type Props = { id?: string; value?: PartLine[]; onChange?: (lines: PartLine[]) => void };

/** 预约配件: search the parts catalogue, set quantities; shows price, stock and the total quote. */
export function PartsEditor({ id, value = [], onChange }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const parts = useParts(q);
  const [known, setKnown] = useState<Map<string, Part>>(new Map());

  const rows = value.map((line) => ({ ...line, part: known.get(line.partId) }));
  const totalFen = rows.reduce((sum, r) => sum + Math.round((r.part?.priceFen ?? 0) * r.quantity), 0);

  function add(partId: string) {
    const part = parts.data?.find((p) => p.id === partId);
    if (!part) return;
    setKnown((prev) => new Map(prev).set(part.id, part));
    setText('');
    if (value.some((l) => l.partId === partId))
      onChange?.(value.map((l) => (l.partId === partId ? { ...l, quantity: l.quantity + 1 } : l)));
    else onChange?.([...value, { partId, quantity: 1 }]);
  }

  return (
    <div id={id} style={{ display: 'grid', gap: 8, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Select<string>
        showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
        value={null as unknown as string}
        placeholder={t('parts.searchPlaceholder')}
        notFoundContent={parts.isFetching ? <Spin size="small" /> : t('parts.noneFound')}
        onChange={add}
        options={(parts.data ?? []).map((p) => ({
          value: p.id,
          label: (
            <span style={{ display: 'flex', gap: 8, justifyContent: 'space-between' }}>
              <span>
                <span className="sb-mono">{p.partNumber}</span> {p.name}
              </span>
              <Typography.Text type={p.stockQuantity > 0 ? 'secondary' : 'danger'}>
                {formatFen(p.priceFen)} · {t('parts.stockQty', { count: p.stockQuantity })}
              </Typography.Text>
            </span>
          ),
        }))}
        data-testid="parts-search"
        style={{ width: '100%' }}
      />
      {rows.length > 0 && (
        <Table
          size="small"
          rowKey="partId"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('parts.name'), render: (_, r) => (r.part ? `${r.part.name}` : r.partId), key: 'name' },
            {
              title: t('parts.quantity'),
              key: 'quantity',
              render: (_, r) => (
                <InputNumber<number>
                  min={0.1}
                  max={1000}
                  step={1}
                  value={r.quantity}
                  style={{ width: 90 }}
                  onChange={(q) => onChange?.(value.map((l) => (l.partId === r.partId ? { ...l, quantity: q ?? 1 } : l)))}
                />
              ),
            },
            { title: t('parts.unitPrice'), key: 'price', align: 'right', render: (_, r) => (r.part ? formatFen(r.part.priceFen) : '') },
            {
              title: t('parts.stock'),
              key: 'stock',
              render: (_, r) => (r.part ? <StockTag inStock={r.part.stockQuantity >= r.quantity} /> : null),
            },
            {
              key: 'remove',
              render: (_, r) => (
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('parts.remove')}
                  onClick={() => onChange?.(value.filter((l) => l.partId !== r.partId))}
                />
              ),
            },
          ]}
        />
      )}
      <Typography.Text strong data-testid="parts-total">
        {t('parts.quoteTotal')}: {formatFen(totalFen)}
      </Typography.Text>
    </div>
  );
}
