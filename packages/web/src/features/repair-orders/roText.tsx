import { PAY_TYPES } from '@servicebay/contracts/constants';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PayType, RoStatus } from '../../api/repairOrders';
import { formatDateTime } from '../../components/DateText';

export const PAY_TYPE_OPTIONS = PAY_TYPES;

const STATUS_COLORS: Record<RoStatus, string> = {
  open: 'default',
  authorised: 'blue',
  in_progress: 'processing',
  quality_check: 'purple',
  ready: 'cyan',
  invoiced: 'gold',
  delivered: 'success',
  closed: 'default',
  cancelled: 'error',
};

export function RoStatusTag({ status, testId }: { status: RoStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status}>
      {t(`roStatus.${status}`)}
    </Tag>
  );
}

export function PayTypeTag({ payType }: { payType: PayType }) {
  const { t } = useTranslation();
  return <Tag color={payType === 'customer' ? 'blue' : 'green'}>{t(`payType.${payType}`)}</Tag>;
}

const DONE: RoStatus[] = ['ready', 'invoiced', 'delivered', 'closed', 'cancelled'];

/** The promised delivery time; red when it has passed (or is within the hour) and the car is not ready. */
export function PromisedTime({ promisedAt, status }: { promisedAt: string; status: RoStatus }) {
  const { t } = useTranslation();
  const minutesLeft = dayjs(promisedAt).diff(dayjs(), 'minute');
  const open = !DONE.includes(status);
  const late = open && minutesLeft < 0;
  const atRisk = open && !late && minutesLeft < 60;
  return (
    <span
      style={{ color: late || atRisk ? '#cf1322' : undefined, fontWeight: late || atRisk ? 600 : undefined }}
      data-testid="ro-promised"
      data-late={late || atRisk}
    >
      {formatDateTime(promisedAt)}
      {late && (
        <Tag color="error" style={{ marginInlineStart: 8 }}>
          {t('ro.late')}
        </Tag>
      )}
      {atRisk && (
        <Tag color="warning" style={{ marginInlineStart: 8 }}>
          {t('ro.atRisk')}
        </Tag>
      )}
    </span>
  );
}
