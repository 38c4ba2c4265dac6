import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParts } from '../../api/appointments';
import type { LabourOperation, PayType, RoLineInput } from '../../api/repairOrders';
import { formatFen } from '../../components/money';
import { useDebounced } from '../../components/useDebounced';
import { PAY_TYPE_OPTIONS } from './roText';

/** One line being edited; becomes a RoLineInput when saved. */
export type LineDraft = {
  key: string;
  kind: 'labour' | 'parts';
  labourOperationId?: string;
  description?: string;
  hours?: number | null;
  partId?: string;
  partLabel?: string;
  /** The part's price per unit (fen), for the live quote; the server prices from its own catalogue. */
  unitPriceFen?: number | null;
  quantity?: number | null;
  payType: PayType;
  discountPercent?: number | null;
};

let seq = 0;
export const newLineKey = () => `l${++seq}`;

/** The drafts as the API takes them; a line missing what it needs is left out and reported. */
export function linesToInput(lines: LineDraft[]): { lines: RoLineInput[]; incomplete: number } {
  const out: RoLineInput[] = [];
  let incomplete = 0;
  for (const l of lines) {
    const discountPercent = l.discountPercent ?? null;
    if (l.kind === 'labour') {
      if (l.labourOperationId) out.push({ kind: 'labour', labourOperationId: l.labourOperationId, payType: l.payType, discountPercent });
      else if (l.description?.trim() && l.hours)
        out.push({ kind: 'labour', description: l.description.trim(), hours: l.hours, payType: l.payType, discountPercent });
      else incomplete++;
    } else if (l.partId && l.quantity) {
      out.push({ kind: 'parts', partId: l.partId, quantity: l.quantity, payType: l.payType, discountPercent });
    } else incomplete++;
  }
  return { lines: out, incomplete };
}

function PartSelect({
  value,
  label,
  onChange,
}: {
  value?: string;
  label?: string;
  onChange: (id: string, label: string, unitPriceFen: number | null) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const parts = useParts(q);
  const options = (parts.data ?? []).map((p) => ({ value: p.id, label: `${p.partNumber} ${p.name} · ${formatFen(p.priceFen)}` }));
  if (value && label && !options.some((o) => o.value === value)) options.unshift({ value, label });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      placeholder={t('roForm.partPlaceholder')}
      options={options}
      loading={parts.isFetching}
      onChange={(id: string) =>
        onChange(id, options.find((o) => o.value === id)?.label ?? id, parts.data?.find((p) => p.id === id)?.priceFen ?? null)
      }
      style={{ width: '100%', minWidth: 220 }}
      data-testid="line-part"
    />
  );
}

type Props = { value?: LineDraft[]; onChange?: (lines: LineDraft[]) => void; labourOperations: LabourOperation[] };

/** 维修项目: labour from the catalogue (or described with its hours) and parts, each with its pay type and discount. */
export function LinesEditor({ value = [], onChange, labourOperations }: Props) {
  const { t } = useTranslation();
  const update = (key: string, patch: Partial<LineDraft>) => onChange?.(value.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const add = (kind: LineDraft['kind']) =>
    onChange?.([...value, { key: newLineKey(), kind, payType: 'customer', quantity: kind === 'parts' ? 1 : undefined }]);
  const remove = (key: string) => onChange?.(value.filter((l) => l.key !== key));
  const DESCRIBED = '__described__';

  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="lines-editor">
      <Table<LineDraft>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={value}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('roForm.noLines') }}
        columns={[
          { title: t('roForm.kind'), width: 70, render: (_, l) => t(`roForm.kinds.${l.kind}`) },
          {
            title: t('roForm.item'),
            render: (_, l) =>
              l.kind === 'labour' ? (
                <div style={{ display: 'grid', gap: 4 }}>
                  <Select
                    value={l.labourOperationId ?? DESCRIBED}
                    showSearch={{ optionFilterProp: 'label' }}
                    style={{ width: '100%', minWidth: 220 }}
                    options={[
                      { value: DESCRIBED, label: t('roForm.described') },
                      ...labourOperations.map((op) => ({
                        value: op.id,
                        label: `${op.code} ${op.name} · ${t('roForm.hoursShort', { hours: op.flatRateHours })}`,
                      })),
                    ]}
                    onChange={(v: string) => update(l.key, { labourOperationId: v === DESCRIBED ? undefined : v })}
                    data-testid="line-labour"
                  />
                  {!l.labourOperationId && (
                    <Input
                      value={l.description}
                      placeholder={t('roForm.descriptionPlaceholder')}
                      maxLength={200}
                      onChange={(e) => update(l.key, { description: e.target.value })}
                      data-testid="line-description"
                    />
                  )}
                </div>
              ) : (
                <PartSelect
                  value={l.partId}
                  label={l.partLabel}
                  onChange={(partId, partLabel, unitPriceFen) => update(l.key, { partId, partLabel, unitPriceFen })}
                />
              ),
          },
          {
            title: t('roForm.qty'),
            width: 110,
            render: (_, l) =>
              l.kind === 'parts' ? (
                <InputNumber
                  min={0.01}
                  max={10000}
                  value={l.quantity}
                  onChange={(v) => update(l.key, { quantity: v })}
                  style={{ width: '100%' }}
                  data-testid="line-quantity"
                />
              ) : l.labourOperationId ? (
                <Typography.Text type="secondary">
                  {t('roForm.hoursShort', { hours: labourOperations.find((op) => op.id === l.labourOperationId)?.flatRateHours ?? '' })}
                </Typography.Text>
              ) : (
                <InputNumber
                  min={0.1}
                  max={200}
                  step={0.1}
                  value={l.hours}
                  placeholder={t('roForm.hours')}
                  onChange={(v) => update(l.key, { hours: v })}
                  style={{ width: '100%' }}
                  data-testid="line-hours"
                />
              ),
          },
          {
            title: t('roForm.payType'),
            width: 140,
            render: (_, l) => (
              <Select
                value={l.payType}
                style={{ width: '100%' }}
                options={PAY_TYPE_OPTIONS.map((p) => ({ value: p, label: t(`payType.${p}`) }))}
                onChange={(payType: PayType) => update(l.key, { payType })}
                data-testid="line-pay-type"
              />
            ),
          },
          {
            title: t('roForm.discount'),
            width: 100,
            render: (_, l) => (
              <InputNumber
                min={0}
                max={100}
                value={l.discountPercent}
                suffix="%"
                onChange={(v) => update(l.key, { discountPercent: v })}
                style={{ width: '100%' }}
                data-testid="line-discount"
              />
            ),
          },
          {
            width: 48,
            render: (_, l) => (
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('roForm.removeLine')} onClick={() => remove(l.key)} />
            ),
          },
        ]}
      />
      <Space wrap>
        <Button icon={<PlusOutlined />} onClick={() => add('labour')} data-testid="add-labour">
          {t('roForm.addLabour')}
        </Button>
        <Button icon={<PlusOutlined />} onClick={() => add('parts')} data-testid="add-part">
          {t('roForm.addPart')}
        </Button>
      </Space>
    </div>
  );
}
