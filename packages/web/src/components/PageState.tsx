import { Card, Empty, Skeleton, Spin } from 'antd';
import { type ComponentProps, lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

// Result and its illustrations load with the first error shown, not with every page.
const ErrorResult = lazy(async () => ({ default: (await import('./ErrorResult')).ErrorResult }));
const NotFoundResult = lazy(async () => ({ default: (await import('./ErrorResult')).NotFoundResult }));

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

export function EmptyState({ description, children }: { description: ReactNode; children?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description}>
      {children}
    </Empty>
  );
}

/** A failed load: a 404 says "not found" (with a specific text if given), anything else offers a retry. */
export function ErrorState(props: ComponentProps<typeof ErrorResult>) {
  return (
    <Suspense fallback={null}>
      <ErrorResult {...props} />
    </Suspense>
  );
}

export function NotFoundPage() {
  return (
    <Suspense fallback={null}>
      <NotFoundResult />
    </Suspense>
  );
}
