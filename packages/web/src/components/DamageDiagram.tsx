import { Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export const DAMAGE_KINDS = ['scratch', 'dent', 'crack', 'chip', 'other'] as const;
export type DamageKind = (typeof DAMAGE_KINDS)[number];
/** A damage mark on the car's plan view, at x/y percent of its box. */
export type DamageMark = { x: number; y: number; kind: DamageKind };

/** The car outline: a tap adds a damage mark at x/y percent of the box. */
export function DamageDiagram({
  marks,
  onAdd,
  readOnly,
}: {
  marks: DamageMark[];
  onAdd?: (x: number, y: number) => void;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  return (
    // A pointer-only canvas: the marks it adds are listed (and removable) below it, the form works without it.
    // biome-ignore lint/a11y/useKeyWithClickEvents: a position on a drawing has no keyboard equivalent
    <div
      data-testid="walkaround-diagram"
      role="img"
      aria-label={t('walkaround.diagram')}
      onClick={(e) => {
        if (readOnly || !onAdd) return;
        const rect = e.currentTarget.getBoundingClientRect();
        const x = Math.round(((e.clientX - rect.left) / rect.width) * 1000) / 10;
        const y = Math.round(((e.clientY - rect.top) / rect.height) * 1000) / 10;
        onAdd(Math.min(100, Math.max(0, x)), Math.min(100, Math.max(0, y)));
      }}
      style={{
        position: 'relative',
        width: '100%',
        maxWidth: 420,
        aspectRatio: '2 / 1',
        border: '1px solid #d9d9d9',
        borderRadius: 8,
        background: '#fafafa',
        cursor: readOnly ? 'default' : 'crosshair',
      }}
    >
      {/* A plan view of a car: body, cabin and four wheels. */}
      <svg
        viewBox="0 0 200 100"
        aria-hidden="true"
        style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none' }}
      >
        <rect x="15" y="20" width="170" height="60" rx="22" fill="none" stroke="#8c8c8c" strokeWidth="2" />
        <rect x="60" y="28" width="75" height="44" rx="10" fill="none" stroke="#bfbfbf" strokeWidth="1.5" />
        <rect x="38" y="12" width="26" height="8" rx="3" fill="#8c8c8c" />
        <rect x="136" y="12" width="26" height="8" rx="3" fill="#8c8c8c" />
        <rect x="38" y="80" width="26" height="8" rx="3" fill="#8c8c8c" />
        <rect x="136" y="80" width="26" height="8" rx="3" fill="#8c8c8c" />
      </svg>
      {marks.map((m, i) => (
        <span
          key={i}
          data-testid="damage-mark"
          title={t(`walkaround.damageKinds.${m.kind}`)}
          style={{
            position: 'absolute',
            left: `${m.x}%`,
            top: `${m.y}%`,
            transform: 'translate(-50%, -50%)',
            width: 20,
            height: 20,
            lineHeight: '20px',
            borderRadius: 10,
            background: '#cf1322',
            color: '#fff',
            fontSize: 12,
            textAlign: 'center',
            pointerEvents: 'none',
          }}
        >
          {i + 1}
        </span>
      ))}
    </div>
  );
}

/** The most marks one walk-around takes (the contracts' bound). */
const MAX_MARKS = 40;

/**
 * 损伤标记: pick the kind of damage, tap the car where it is; each mark is listed and can be removed.
 * The walk-around at reception, a loaner's hand-over and return, and the driver's pick-up use it.
 */
export function DamageMarksField({ marks, onChange }: { marks: DamageMark[]; onChange: (marks: DamageMark[]) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<DamageKind>('scratch');
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <Space wrap>
        <Typography.Text strong>{t('walkaround.damage')}</Typography.Text>
        <Select<DamageKind>
          value={kind}
          onChange={setKind}
          style={{ width: 120 }}
          options={DAMAGE_KINDS.map((k) => ({ value: k, label: t(`walkaround.damageKinds.${k}`) }))}
          data-testid="damage-kind"
        />
        <Typography.Text type="secondary">{t('walkaround.damageHint')}</Typography.Text>
      </Space>
      <DamageDiagram marks={marks} onAdd={(x, y) => onChange(marks.length >= MAX_MARKS ? marks : [...marks, { x, y, kind }])} />
      {marks.length > 0 && (
        <Space wrap>
          {marks.map((m, i) => (
            <Tag key={`${m.x}:${m.y}:${i}`} closable onClose={() => onChange(marks.filter((_, j) => j !== i))}>
              {i + 1}. {t(`walkaround.damageKinds.${m.kind}`)}
            </Tag>
          ))}
        </Space>
      )}
    </div>
  );
}
