import { BankOutlined, ManOutlined, QuestionOutlined, WomanOutlined } from '@ant-design/icons';
import type { Customer } from '@servicebay/contracts';
import { Card, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ConsentTags } from '../../components/ConsentTags';
import { formatDate, formatDateTime } from '../../components/DateText';
import { MobileText } from '../../components/MobileText';

const GENDER_ICONS = { male: <ManOutlined />, female: <WomanOutlined />, unknown: <QuestionOutlined /> };

export function CustomerProfileCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <Card title={t('customer.profile')} data-testid="customer-profile">
      <Descriptions column={{ xs: 1, sm: 2, md: 2, lg: 1, xl: 1, xxl: 1 }} size="middle">
        <Descriptions.Item label={t('customer.name')}>
          <Typography.Text strong>{customer.name}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.kind')}>
          {customer.kind === 'company' ? <Tag icon={<BankOutlined />}>{t('customer.kinds.company')}</Tag> : t('customer.kinds.individual')}
        </Descriptions.Item>
        {customer.kind === 'individual' && (
          <Descriptions.Item label={t('customer.gender')}>
            {GENDER_ICONS[customer.gender]} {t(`customer.genders.${customer.gender}`)}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('customer.mobile')}>
          <span data-testid="customer-mobile">
            <MobileText mobile={customer.mobile} full callable />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.email')}>
          {customer.email ? <Typography.Text copyable>{customer.email}</Typography.Text> : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.birthday')}>{formatDate(customer.birthday) ?? none}</Descriptions.Item>
        <Descriptions.Item label={t('customer.city')}>{customer.city ?? none}</Descriptions.Item>
        <Descriptions.Item label={t('customer.address')} span="filled">
          {customer.address ?? none}
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.notes')} span="filled">
          {customer.notes ? (
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{customer.notes}</Typography.Paragraph>
          ) : (
            none
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.createdAt')}>{formatDateTime(customer.createdAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

export function CustomerConsentCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  return (
    <Card title={t('customer.consent')} data-testid="customer-consent">
      <ConsentTags consent={customer.consent} />
      <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 13 }}>
        {t('customer.consentHint')}
        {customer.consentUpdatedAt && (
          <>
            <br />
            {t('customer.consentUpdatedAt', { time: formatDateTime(customer.consentUpdatedAt) })}
          </>
        )}
      </Typography.Paragraph>
    </Card>
  );
}
