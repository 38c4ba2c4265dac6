import { EyeOutlined, PhoneOutlined } from '@ant-design/icons';
import { maskMobile } from '@servicebay/contracts/constants';
import { Button, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../app/session';

/** A mobile number, masked (138****5678) unless `full`; the masked one can be revealed, the full one called. */
export function MobileText({
  mobile,
  full = false,
  revealable = false,
  callable = false,
}: {
  mobile: string;
  full?: boolean;
  revealable?: boolean;
  callable?: boolean;
}) {
  const { t } = useTranslation();
  // Roles without contact access (the workshop floor) get the number masked from the API: nothing to reveal or call.
  const contact = useCan('customer.contact.read');
  const [revealed, setRevealed] = useState(full && contact);
  const shown = revealed ? mobile : maskMobile(mobile);
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontVariantNumeric: 'tabular-nums' }}>
      <Typography.Text copyable={revealed ? { text: mobile } : false}>{shown}</Typography.Text>
      {!revealed && revealable && contact && (
        <Tooltip title={t('customer.showMobile')}>
          <Button
            type="text"
            size="small"
            icon={<EyeOutlined />}
            aria-label={t('customer.showMobile')}
            onClick={(e) => {
              e.stopPropagation();
              setRevealed(true);
            }}
          />
        </Tooltip>
      )}
      {revealed && callable && (
        <Tooltip title={t('customer.callMobile')}>
          <Button type="text" size="small" icon={<PhoneOutlined />} href={`tel:${mobile}`} aria-label={t('customer.callMobile')} />
        </Tooltip>
      )}
    </span>
  );
}
