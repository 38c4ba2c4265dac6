import { Button, Card, Empty, Result, Skeleton, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { errorMessage } from '../api/problems';

export function FullPageSpinner() {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '60vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}

/** Skeleton cards shown while a page's data loads. */
export function PageSkeleton({ cards = 2 }: { cards?: number }) {
  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      {Array.from({ length: cards }, (_, i) => (
        <Card key={i}>
          <Skeleton active paragraph={{ rows: i === 0 ? 4 : 3 }} />
        </Card>
      ))}
    </div>
  );
}

/** A failed load: a 404 says "not found" (with a specific text if given), anything else offers a retry. */
export function ErrorState({ error, onRetry, notFoundText }: { error: unknown; onRetry?: () => void; notFoundText?: string }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Result
        status="404"
        title={t('app.notFound')}
        subTitle={notFoundText ?? t('app.notFoundHint')}
        extra={
          <Link to="/customers">
            <Button type="primary">{t('app.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  if (error instanceof ApiError && error.status === 403) {
    return <Result status="403" title={t('app.forbidden')} />;
  }
  return (
    <Result
      status="warning"
      title={t('common.loadFailed')}
      subTitle={errorMessage(error)}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

export function EmptyState({ description, children }: { description: ReactNode; children?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description}>
      {children}
    </Empty>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('app.notFound')}
      subTitle={t('app.notFoundHint')}
      extra={
        <Link to="/customers">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}
