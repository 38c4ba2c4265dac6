import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import type { Consent } from '@servicebay/contracts';
import { CONTACT_CHANNELS } from '@servicebay/contracts/constants';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** One tag per channel: green "短信 允许" or grey struck-out "邮件 不允许". */
export function ConsentTags({ consent }: { consent: Consent }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {CONTACT_CHANNELS.map((channel) => {
        const on = consent[channel];
        return (
          <Tag
            key={channel}
            data-testid={`consent-${channel}`}
            data-consent={on ? 'on' : 'off'}
            color={on ? 'success' : 'default'}
            icon={on ? <CheckCircleFilled /> : <CloseCircleOutlined />}
            style={{ fontSize: 14, padding: '4px 10px', marginInlineEnd: 0 }}
          >
            {t(`customer.channels.${channel}`)} · {on ? t('customer.consentOn') : t('customer.consentOff')}
          </Tag>
        );
      })}
    </div>
  );
}
