import { Alert, Checkbox } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type MileageReading, useMileage } from '../../api/vehicles';
import { formatDate } from '../../components/DateText';

export type LastReading = Pick<MileageReading, 'km' | 'readOn'>;

/** The reading an entry is checked against: the latest one (readings come newest first), optionally only those read before `before` (the visit's own day). */
export function lastReadingOf(readings: readonly MileageReading[] | undefined, before?: string): LastReading | undefined {
  return readings?.find((r) => before === undefined || r.readOn < before);
}

/** The vehicle's last reading, for the odometer fields of the walk-around and the repair order. */
export function useLastReading(vehicleId: string | undefined, before?: string): LastReading | undefined {
  const mileage = useMileage(vehicleId ?? '', !!vehicleId);
  return lastReadingOf(mileage.data, before);
}

/**
 * An odometer entry lower than the last reading: the last reading and its date, and "odometer replaced"
 * offered right there (the server refuses a lower reading without it). `children` is the checkbox when
 * the form owns it; otherwise `replaced` / `onReplacedChange` drive one here.
 */
export function OdometerLowerHint(props: {
  km: number | null | undefined;
  last: LastReading | undefined;
  replaced?: boolean;
  onReplacedChange?: (replaced: boolean) => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { km, last } = props;
  if (km === null || km === undefined || !last || km >= last.km) return null;
  return (
    <Alert
      type={props.replaced ? 'info' : 'warning'}
      showIcon
      data-testid="odometer-lower"
      title={t('mileage.lowerThanLast', { km: last.km.toLocaleString(), date: formatDate(last.readOn) })}
      description={
        props.children ?? (
          <Checkbox checked={!!props.replaced} onChange={(e) => props.onReplacedChange?.(e.target.checked)} data-testid="odometer-replaced">
            {t('mileage.odometerReplaced')}
          </Checkbox>
        )
      }
    />
  );
}
