import { theme as antdTheme, Card, Empty, Skeleton } from 'antd';
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
        <Rows items={query.data ?? []} render={render} empty={empty} />
      )}
    </Card>
  );
}

/** The rows as a plain list: antd's List brings pagination and Select along, too much for the first page. */
function Rows<T>({ items, render, empty }: { items: T[]; render: (item: T) => ReactNode; empty: string }) {
  const { token } = antdTheme.useToken();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: the rows are a read-only rendering of the query's order
          key={i}
          style={{
            display: 'flex',
            alignItems: 'center',
            padding: `${token.paddingSM}px 0`,
            borderBlockEnd: i < items.length - 1 ? `${token.lineWidth}px ${token.lineType} ${token.colorSplit}` : undefined,
          }}
        >
          {render(item)}
        </li>
      ))}
    </ul>
  );
}
