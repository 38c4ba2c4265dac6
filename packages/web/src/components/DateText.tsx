import { Tag } from 'antd';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { useTranslation } from 'react-i18next';

dayjs.extend(utc);
dayjs.extend(timezone);

// Instants are shown in the dealer's time zone (the car maker's staff: the network's), not the
// device's: a tablet set to another zone must still show the dealer's 09:00 as 09:00.
const NETWORK_TIME_ZONE = 'Asia/Shanghai';
let displayTimeZone = NETWORK_TIME_ZONE;

export function setDisplayTimeZone(timeZone: string | null | undefined) {
  displayTimeZone = timeZone || NETWORK_TIME_ZONE;
}

/** The zone instants are shown in (the dealer's). */
export function getDisplayTimeZone(): string {
  return displayTimeZone;
}

/** Today's date in the dealer's time zone. */
export function dealerToday(): dayjs.Dayjs {
  return dayjs(dayjs().tz(displayTimeZone).format('YYYY-MM-DD'));
}

/** A calendar date (YYYY-MM-DD) is shown as is: it already is the dealer's day. */
export function formatDate(value: string | null | undefined): string | null {
  return value ? value.slice(0, 10) : null;
}

export function formatDateTime(value: string | null | undefined): string | null {
  return value ? dayjs(value).tz(displayTimeZone).format('YYYY-MM-DD HH:mm') : null;
}

/** A due date with an "overdue" or "due soon" (within `soonDays`) tag. */
export function DueDate({ value, soonDays = 30 }: { value: string | null; soonDays?: number }) {
  const { t } = useTranslation();
  if (!value) return <>{t('common.none')}</>;
  const days = dayjs(value).diff(dealerToday(), 'day');
  return (
    <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
      {formatDate(value)}
      {days < 0 && <Tag color="error">{t('vehicle.overdue')}</Tag>}
      {days >= 0 && days <= soonDays && <Tag color="warning">{t('vehicle.dueSoon')}</Tag>}
    </span>
  );
}
