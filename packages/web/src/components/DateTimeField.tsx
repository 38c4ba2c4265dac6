import { DatePicker, type DatePickerProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { getDisplayTimeZone } from './DateText';
import { dealerDate, dealerInstant } from './dealerTime';

type Props = {
  id?: string;
  value?: string | null;
  onChange?: (iso: string | null) => void;
  /** Only times from today on (deadlines), or only up to today (when a complaint came in). */
  limit?: 'future' | 'past';
  placeholder?: string;
  size?: DatePickerProps['size'];
  /** Quick picks (e.g. the usual call-back times). */
  presets?: DatePickerProps['presets'];
  'data-testid'?: string;
};

/** A date and time on the dealer's wall clock, as the ISO instant (with offset) the API takes. */
export function DateTimeField({ id, value, onChange, limit, placeholder, size, presets, ...rest }: Props) {
  const wall = value ? dayjs(dayjs(value).tz(getDisplayTimeZone()).format('YYYY-MM-DDTHH:mm')) : null;
  const today = dayjs(dealerDate(0));
  return (
    <DatePicker
      id={id}
      value={wall}
      showTime={{ format: 'HH:mm', minuteStep: 15 }}
      format="YYYY-MM-DD HH:mm"
      inputReadOnly
      placeholder={placeholder}
      size={size}
      style={{ width: '100%' }}
      disabledDate={(d: Dayjs) => (limit === 'future' ? d.isBefore(today, 'day') : limit === 'past' ? d.isAfter(today, 'day') : false)}
      presets={presets}
      onChange={(d) => onChange?.(d ? dealerInstant(d.format('YYYY-MM-DD'), d.format('HH:mm')) : null)}
      data-testid={rest['data-testid']}
    />
  );
}
