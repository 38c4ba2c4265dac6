import { ShopOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';

/** The customer's pages: phone-sized, the dealer's name on top with what the page is for, no staff menu, no login. */
export function PublicLayout({
  dealerName,
  tagline,
  children,
}: {
  dealerName?: string | undefined /** The line under the dealer's name (default: the booking page's). */;
  tagline?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', background: '#f3f5f8' }}>
      <header style={{ background: '#0b3d91', color: '#fff' }}>
        <div style={{ maxWidth: 520, margin: '0 auto', padding: '12px 16px', display: 'flex', alignItems: 'center', gap: 10 }}>
          <ShopOutlined style={{ fontSize: 22 }} />
          <div style={{ flex: 1, minWidth: 0 }}>
            <Typography.Text strong ellipsis style={{ color: '#fff', fontSize: 17, display: 'block' }} data-testid="public-dealer">
              {dealerName ?? t('app.name')}
            </Typography.Text>
            <Typography.Text style={{ color: 'rgba(255,255,255,0.75)', fontSize: 12 }} data-testid="public-tagline">
              {tagline ?? t('public.tagline')}
            </Typography.Text>
          </div>
          <LanguageSwitch compact />
        </div>
      </header>
      <main style={{ maxWidth: 520, margin: '0 auto', padding: 16 }}>{children}</main>
    </div>
  );
}
