import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SlotDto } from '../../api/appointments';
import { SlotButton } from './SlotGrid';

/** "Someone just took the last seat": the nearest free slots, one tap to take one instead. */
export function SlotAlternatives({
  alternatives,
  onPick,
  large = false,
}: {
  alternatives: SlotDto[];
  onPick: (slot: SlotDto) => void;
  large?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="slot-full"
      title={t('availability.slotFullTitle')}
      description={
        <div style={{ display: 'grid', gap: 8 }}>
          <Typography.Text>{alternatives.length > 0 ? t('availability.slotFullPick') : t('availability.slotFullNone')}</Typography.Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {alternatives.map((slot) => (
              <SlotButton
                key={slot.startsAt}
                slot={slot}
                testId="alternative-slot"
                withDate
                large={large}
                selected={false}
                onClick={() => onPick(slot)}
              />
            ))}
          </div>
        </div>
      }
    />
  );
}
