import { Card, Empty, List, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { ErrorState } from '../../components/PageState';

type ListQuery<T> = { data?: T[] | undefined; isLoading: boolean; isError: boolean; error: unknown; refetch: () => unknown };

/** A workspace card: a titled list with its count, loading, error and empty states. */
export function Section<T>({
  title,
  testId,
  query,
  render,
  empty,
  extra,
}: {
  title: string;
  testId: string;
  query: ListQuery<T>;
  render: (item: T) => ReactNode;
  empty: string;
  extra?: ReactNode;
}) {
  return (
    <Card title={`${title}${query.data ? ` · ${query.data.length}` : ''}`} extra={extra} data-testid={testId}>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.isLoading ? (
        <Skeleton active />
      ) : (
        <List
          dataSource={query.data ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
          renderItem={(item) => <List.Item>{render(item)}</List.Item>}
        />
      )}
    </Card>
  );
}
