// The error and not-found screens: antd's Result with its illustrations, loaded only when one is
// shown (components/PageState.tsx), not with the first page.
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { errorMessage } from '../api/problems';

/** A failed load: a 404 says "not found" (with a specific text if given), anything else offers a retry. */
export function ErrorResult({ error, onRetry, notFoundText }: { error: unknown; onRetry?: () => void; notFoundText?: string }) {
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

export function NotFoundResult() {
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
