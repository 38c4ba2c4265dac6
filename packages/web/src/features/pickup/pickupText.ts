import type { PickupJob } from '@servicebay/contracts';
import type { PickupStatus } from '@servicebay/contracts/constants';
import dayjs from 'dayjs';

// What the desk's day plan, the driver's list and the driver's page show alike, without loading each other.

export const STATUS_COLORS: Record<PickupStatus, string> = {
  requested: 'orange',
  assigned: 'blue',
  en_route: 'geekblue',
  picked_up: 'purple',
  completed: 'green',
  cancelled: 'default',
};
const hhmm = (iso: string) => dayjs(iso).format('HH:mm');
export const windowText = (job: Pick<PickupJob, 'windowStart' | 'windowEnd'>) => `${hhmm(job.windowStart)}–${hhmm(job.windowEnd)}`;
