import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { MileageReading } from '../../api/vehicles';

type Props = { readings: MileageReading[]; height?: number; compact?: boolean };

/** Oldest first; a replaced odometer starts a new line segment. */
function segmentsOf(readings: MileageReading[]): MileageReading[][] {
  const sorted = [...readings].sort((a, b) => a.readOn.localeCompare(b.readOn));
  const segments: MileageReading[][] = [];
  for (const r of sorted) {
    if (r.odometerReplaced || segments.length === 0) segments.push([r]);
    else segments[segments.length - 1]!.push(r);
  }
  return segments;
}

/** Average km per day over the current odometer's readings (null with fewer than two). */
export function averageKmPerDay(readings: MileageReading[]): number | null {
  const last = segmentsOf(readings).at(-1);
  if (!last || last.length < 2) return null;
  const first = last[0]!;
  const latest = last[last.length - 1]!;
  const days = dayjs(latest.readOn).diff(dayjs(first.readOn), 'day');
  return days > 0 ? Math.round((latest.km - first.km) / days) : null;
}

/** A small SVG line chart of odometer readings over time; no chart library needed. */
export function MileageChart({ readings, height = 160, compact = false }: Props) {
  const { t } = useTranslation();
  if (readings.length < 2) return null;
  const width = compact ? 240 : 640;
  const pad = compact ? { top: 4, right: 4, bottom: 4, left: 4 } : { top: 16, right: 16, bottom: 28, left: 64 };
  const times = readings.map((r) => dayjs(r.readOn).valueOf());
  const kms = readings.map((r) => r.km);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [k0, k1] = [0, Math.max(...kms, 1)];
  const x = (time: number) => pad.left + ((time - t0) / Math.max(1, t1 - t0)) * (width - pad.left - pad.right);
  const y = (km: number) => height - pad.bottom - ((km - k0) / Math.max(1, k1 - k0)) * (height - pad.top - pad.bottom);
  const segments = segmentsOf(readings);

  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={compact ? height : undefined}
      preserveAspectRatio={compact ? 'none' : 'xMidYMid meet'}
      role="img"
      aria-label={t('mileage.chart')}
      style={{ display: 'block', maxWidth: compact ? width : '100%' }}
    >
      {!compact && (
        <g fontSize={11} fill="#888">
          {[0, 0.5, 1].map((f) => {
            const km = Math.round(k0 + f * (k1 - k0));
            return (
              <g key={f}>
                <line x1={pad.left} x2={width - pad.right} y1={y(km)} y2={y(km)} stroke="#eee" />
                <text x={pad.left - 8} y={y(km) + 4} textAnchor="end">
                  {km.toLocaleString()}
                </text>
              </g>
            );
          })}
          <text x={pad.left} y={height - 8}>
            {dayjs(t0).format('YYYY-MM')}
          </text>
          <text x={width - pad.right} y={height - 8} textAnchor="end">
            {dayjs(t1).format('YYYY-MM')}
          </text>
        </g>
      )}
      {segments.map((segment, i) => (
        <polyline
          key={i}
          fill="none"
          stroke="#1565c0"
          strokeWidth={compact ? 2 : 2.5}
          vectorEffect="non-scaling-stroke"
          points={segment.map((r) => `${x(dayjs(r.readOn).valueOf())},${y(r.km)}`).join(' ')}
        />
      ))}
      {!compact &&
        readings.map((r) => (
          <circle key={r.id} cx={x(dayjs(r.readOn).valueOf())} cy={y(r.km)} r={3.5} fill={r.odometerReplaced ? '#fa8c16' : '#1565c0'}>
            <title>{`${r.readOn} · ${t('common.km', { km: r.km.toLocaleString() })}`}</title>
          </circle>
        ))}
    </svg>
  );
}
