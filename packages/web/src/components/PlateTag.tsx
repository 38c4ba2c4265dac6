import type { PlateKind } from '@servicebay/contracts';
import { formatPlate, plateKey, plateKind } from '@servicebay/contracts/constants';
import { Tag } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

const STYLES: Record<PlateKind, CSSProperties> = {
  // Blue plates of ordinary small cars; gradient green plates of new-energy vehicles.
  regular: { background: '#0b4ea2', color: '#fff', borderColor: '#0b4ea2' },
  new_energy: { background: 'linear-gradient(180deg, #f4fbf5 0%, #6fd08c 100%)', color: '#111', borderColor: '#3fae5a' },
};

/** A licence plate the way it looks on the car, with a 新能源 tag for new-energy plates. */
export function PlateTag({
  plate,
  kind,
  size = 'default',
  showKindTag = true,
}: {
  plate: string;
  kind?: PlateKind;
  size?: 'small' | 'default' | 'large';
  showKindTag?: boolean;
}) {
  const { t } = useTranslation();
  const resolved = kind ?? plateKind(plateKey(plate)) ?? 'regular';
  const fontSize = size === 'large' ? 22 : size === 'small' ? 13 : 15;
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}>
      <span
        style={{
          ...STYLES[resolved],
          display: 'inline-block',
          border: '1px solid',
          borderRadius: 4,
          padding: size === 'large' ? '2px 12px' : '0 7px',
          fontSize,
          lineHeight: 1.6,
          fontWeight: 600,
          letterSpacing: 1,
        }}
      >
        {formatPlate(plate)}
      </span>
      {showKindTag && resolved === 'new_energy' && (
        <Tag color="green" style={{ marginInlineEnd: 0 }}>
          {t('vehicle.newEnergy')}
        </Tag>
      )}
    </span>
  );
}
