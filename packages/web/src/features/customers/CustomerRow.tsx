import { BankOutlined, EnvironmentOutlined, RightOutlined, UserOutlined, WarningFilled } from '@ant-design/icons';
import type { Customer, CustomerSummary } from '@servicebay/contracts';
import { Avatar, Tag, Typography } from 'antd';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MobileText } from '../../components/MobileText';
import { PlateTag } from '../../components/PlateTag';

const MATCH_COLORS: Record<CustomerSummary['matchedBy'][number], string> = {
  name: 'blue',
  mobile: 'purple',
  mobile_last4: 'purple',
  plate: 'geekblue',
  vin: 'cyan',
  vin_last6: 'cyan',
};
const MAX_VEHICLES = 3;

type Props = {
  customer: CustomerSummary | Customer;
  active: boolean;
  onOpen: () => void;
  onHover?: () => void;
  testId?: string;
};

/** 召回/活动 2: the recalls and service campaigns open on a car and not yet done, found at lookup. */
export function OpenCampaignsTag({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <Tag color="red" icon={<WarningFilled />} style={{ marginInlineEnd: 0 }} data-testid="open-campaigns-tag" data-count={count}>
      {t('search.openCampaigns', { count })}
    </Tag>
  );
}

/** One customer in the search results or the dealer's list: name, mobile, plates, what matched. */
export const CustomerRow = forwardRef<HTMLDivElement, Props>(function CustomerRow({ customer, active, onOpen, onHover, testId }, ref) {
  const { t } = useTranslation();
  const summary = 'matchedBy' in customer ? customer : null;
  const isCompany = 'kind' in customer && customer.kind === 'company';
  // Show the whole number only when the user typed the whole number.
  const fullMobile = !!summary?.matchedBy.includes('mobile');
  const vehicles = summary?.vehicles ?? [];
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: an option of the search's listbox; the search input handles the keys (CustomerSearchPage onKeyDown)
    <div
      ref={ref}
      role="option"
      aria-selected={active}
      tabIndex={-1}
      className="sb-row"
      data-testid={testId}
      data-customer-id={customer.id}
      onClick={onOpen}
      onMouseMove={onHover}
    >
      <Avatar
        size={44}
        icon={isCompany ? <BankOutlined /> : <UserOutlined />}
        style={{ flex: 'none', background: isCompany ? '#7b61ff' : '#1565c0' }}
      />
      <div style={{ flex: 1, minWidth: 0, display: 'grid', gap: 4 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
          <Typography.Text strong style={{ fontSize: 17 }}>
            {customer.name}
          </Typography.Text>
          <MobileText mobile={customer.mobile} full={fullMobile} />
          {customer.city && (
            <Typography.Text type="secondary">
              <EnvironmentOutlined /> {customer.city}
            </Typography.Text>
          )}
          {isCompany && <Tag>{t('customer.kinds.company')}</Tag>}
        </div>
        {summary && (
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '6px 14px' }}>
            {vehicles.length === 0 && <Typography.Text type="secondary">{t('search.noVehicle')}</Typography.Text>}
            {vehicles.slice(0, MAX_VEHICLES).map((v) => (
              <span key={v.id} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
                <PlateTag plate={v.plate} size="small" />
                {v.modelName && <Typography.Text type="secondary">{v.modelName}</Typography.Text>}
                <OpenCampaignsTag count={v.openCampaigns} />
                {(summary.matchedBy.includes('vin') || summary.matchedBy.includes('vin_last6')) && (
                  <Typography.Text type="secondary" className="sb-mono" style={{ fontSize: 12 }}>
                    {v.vin}
                  </Typography.Text>
                )}
              </span>
            ))}
            {vehicles.length > MAX_VEHICLES && (
              <Typography.Text type="secondary">{t('search.moreVehicles', { count: vehicles.length - MAX_VEHICLES })}</Typography.Text>
            )}
          </div>
        )}
      </div>
      {summary && summary.matchedBy.length > 0 && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, justifyContent: 'flex-end', maxWidth: 200 }}>
          {summary.matchedBy.map((m) => (
            <Tag key={m} color={MATCH_COLORS[m]} style={{ marginInlineEnd: 0 }} data-testid="matched-by">
              {t(`matchedBy.${m}`)}
            </Tag>
          ))}
        </div>
      )}
      <RightOutlined className="sb-row-arrow" style={{ color: '#bbb', flex: 'none' }} />
    </div>
  );
});
