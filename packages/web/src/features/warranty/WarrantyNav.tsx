import { Segmented, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { WARRANTY_PAGES, type WarrantyPage, warrantyPageOf } from './warranty';

/** 索赔单 / 召回与服务活动 / 三包 / 索赔分析 / 月度结算 / 保修政策, switched at the top of each page of the area. */
export function WarrantyNav() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = warrantyPageOf(pathname);
  return (
    <nav aria-label={t('menu.warranty')} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      <Segmented<WarrantyPage>
        size="large"
        value={current}
        onChange={(page) => void navigate(`/warranty/${page}`)}
        options={WARRANTY_PAGES.map((page) => ({
          value: page,
          label: <span data-testid={`warranty-nav-${page}`}>{t(`warranty.nav.${page}`)}</span>,
        }))}
        data-testid="warranty-nav"
      />
    </nav>
  );
}

/** A warranty page's top: the area's switch, then the page's title with its own actions (`extra`). */
export function WarrantyHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <>
      <WarrantyNav />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra && <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>{extra}</div>}
      </div>
    </>
  );
}
