import { GiftOutlined } from '@ant-design/icons';
import type { PublicDealer } from '@servicebay/contracts';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

/** 预约礼遇: what keeping the appointment on time is worth at this dealer, and the no-show rule that loses it. */
export function BookingBenefits({ benefits }: { benefits: PublicDealer['benefits'] }) {
  const { t } = useTranslation();
  if (!benefits) return null;
  const items = [
    benefits.labourDiscountPercent > 0 ? t('public.benefits.discount', { percent: benefits.labourDiscountPercent }) : null,
    benefits.dedicatedLane ? t('public.benefits.lane') : null,
    benefits.apologyGift ? t('public.benefits.gift', { gift: benefits.apologyGift }) : null,
  ].filter((item): item is string => item !== null);
  return (
    <Alert
      type="success"
      showIcon
      icon={<GiftOutlined />}
      style={{ marginBottom: 16 }}
      data-testid="booking-benefits"
      message={t('public.benefits.title', { minutes: benefits.onTimeWindowMinutes })}
      description={
        <>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          {benefits.noShowForfeitCount > 0 && (
            <div style={{ marginTop: 4, opacity: 0.75 }}>
              {t('public.benefits.forfeit', { count: benefits.noShowForfeitCount, months: benefits.noShowForfeitMonths })}
            </div>
          )}
        </>
      }
    />
  );
}
