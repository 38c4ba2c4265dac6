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
