import { GlobalOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { Customer, CustomerSummary } from '@servicebay/contracts';
import {
  formatPlate,
  isValidMobile,
  isValidPlate,
  normalizeMobile,
  normalizeVin,
  plateKey,
  vinProblem,
} from '@servicebay/contracts/constants';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, type InputRef, Result, Skeleton, Space, Typography } from 'antd';
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { CUSTOMER_SEARCH_LIMIT, customerKeys, useCustomerList, useCustomerSearch } from '../../api/customers';
import { errorMessage } from '../../api/problems';
import { vehiclesApi } from '../../api/vehicles';
import { useCan, useUser } from '../../app/session';
import { EmptyState, ErrorState } from '../../components/PageState';
import { CustomerFormDrawer } from './CustomerFormDrawer';
import { CustomerRow } from './CustomerRow';
import type { CustomerFormValues } from './customerForm';

const DEBOUNCE_MS = 300;
const HAS_CJK = /[\u3400-\u9fff]/;

/** What the text could be looked up by in the brand network: a full valid plate or VIN. */
function lookupIdentity(q: string): { plate: string } | { vin: string } | null {
  if (vinProblem(q) === null) return { vin: normalizeVin(q) };
  if (isValidPlate(q)) return { plate: plateKey(q) };
  return null;
}

/** Pre-fill a new customer from what was searched: a mobile number or a name. */
function prefillFrom(q: string): Partial<CustomerFormValues> {
  const mobile = normalizeMobile(q);
  if (isValidMobile(mobile)) return { mobile };
  if (q && HAS_CJK.test(q) && !isValidPlate(q) && !/\d/.test(q)) return { name: q };
  return {};
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

function SearchHints() {
  const { t } = useTranslation();
  return (
    <div style={{ textAlign: 'start', display: 'inline-block' }}>
      <Typography.Text strong>{t('search.hintTitle')}</Typography.Text>
      <ul style={{ margin: '8px 0 0', paddingInlineStart: 20, color: 'rgba(0,0,0,0.65)', lineHeight: 1.9 }}>
        <li>{t('search.hintName')}</li>
        <li>{t('search.hintMobile')}</li>
        <li>{t('search.hintPlate')}</li>
        <li>{t('search.hintVin')}</li>
      </ul>
    </div>
  );
}

export function CustomerSearchPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const user = useUser();
  const canWrite = useCan('customer.write');
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(() => params.get('q') ?? '');
  // The text actually searched: follows the box after a pause, or at once on Enter.
  const [query, setQuery] = useState(() => (params.get('q') ?? '').trim());
  const [active, setActive] = useState(-1);
  const [creating, setCreating] = useState(false);
  const inputRef = useRef<InputRef>(null);
  const rowRefs = useRef<(HTMLDivElement | null)[]>([]);

  const commit = useCallback(
    (value: string) => {
      const q = value.trim();
      setQuery(q);
      setParams(q ? { q } : {}, { replace: true });
    },
    [setParams],
  );

  useEffect(() => {
    if (text.trim() === query) return;
    const timer = setTimeout(() => commit(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, query, commit]);

  // "/" focuses the search box.
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
        event.preventDefault();
        inputRef.current?.focus({ cursor: 'all' });
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const search = useCustomerSearch(query);
  const list = useCustomerList(query === '');
  const results: (CustomerSummary | Customer)[] = useMemo(
    () => (query ? (search.data ?? []) : (list.data?.pages.flatMap((p) => p.items) ?? [])),
    [query, search.data, list.data],
  );

  useEffect(() => setActive(-1), [query]);
  useEffect(() => {
    if (active >= 0) rowRefs.current[active]?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const open = (id: string) => void navigate(`/customers/${id}`);

  const lookup = useMutation({
    mutationFn: (identity: { plate: string } | { vin: string }) => vehiclesApi.lookup(identity),
    onSuccess: (vehicle) => {
      void message.success(t('search.lookupFound', { plate: formatPlate(vehicle.plate) }));
      void queryClient.invalidateQueries({ queryKey: customerKeys.all });
      void navigate(vehicle.owner ? `/customers/${vehicle.owner.id}` : `/vehicles/${vehicle.id}`);
    },
    onError: (error) => {
      if (!(error instanceof ApiError && error.status === 404)) void message.error(errorMessage(error));
    },
  });
  const resetLookup = lookup.reset;
  useEffect(() => resetLookup(), [query, resetLookup]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && results.length > 0) {
      event.preventDefault();
      setActive((i) => Math.min(results.length - 1, i + 1));
    } else if (event.key === 'ArrowUp' && results.length > 0) {
      event.preventDefault();
      setActive((i) => Math.max(-1, i - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const pending = text.trim() !== query;
      if (pending) return commit(text);
      const chosen = results[active] ?? (results.length === 1 ? results[0] : undefined);
      if (chosen) open(chosen.id);
    } else if (event.key === 'Escape') {
      setText('');
      commit('');
    }
  }

  const searching = query !== '' && (search.isPending || (search.isFetching && search.isPlaceholderData));
  const pendingTyping = text.trim() !== query;
  const identity = query ? lookupIdentity(query) : null;
  const vinCheckDigitWrong = query.length > 0 && normalizeVin(query).length === 17 && vinProblem(query) === 'check_digit';

  let body: ReactNode;
  if (query && search.isError) {
    body = <ErrorState error={search.error} onRetry={() => void search.refetch()} />;
  } else if (!query && list.isError) {
    body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  } else if ((query && search.isPending) || (!query && list.isPending)) {
    body = (
      <div style={{ padding: 16 }} aria-busy>
        <Skeleton active avatar paragraph={{ rows: 1 }} />
        <Skeleton active avatar paragraph={{ rows: 1 }} />
        <Skeleton active avatar paragraph={{ rows: 1 }} />
      </div>
    );
  } else if (results.length === 0 && query) {
    body = (
      <div style={{ padding: '24px 16px' }} data-testid="search-empty">
        {identity ? (
          <Result
            icon={<GlobalOutlined />}
            title={t('search.lookupTitle')}
            subTitle={
              'plate' in identity
                ? t('search.lookupHintPlate', { value: formatPlate(identity.plate) })
                : t('search.lookupHintVin', { value: identity.vin })
            }
            extra={
              <Space orientation="vertical" size={12} style={{ width: '100%', alignItems: 'center' }}>
                <Button
                  type="primary"
                  size="large"
                  icon={<GlobalOutlined />}
                  loading={lookup.isPending}
                  onClick={() => lookup.mutate(identity)}
                  data-testid="network-lookup"
                >
                  {t('search.lookupInNetwork')}
                </Button>
                {lookup.error instanceof ApiError && lookup.error.status === 404 && (
                  <Alert
                    type="info"
                    showIcon
                    title={t('search.lookupNotFound')}
                    action={
                      canWrite ? (
                        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                          {t('search.newCustomer')}
                        </Button>
                      ) : undefined
                    }
                  />
                )}
              </Space>
            }
          />
        ) : (
          <EmptyState
            description={
              <Space orientation="vertical" size={8}>
                <Typography.Text strong>{t('search.noResults', { q: query })}</Typography.Text>
                {vinCheckDigitWrong ? (
                  <Alert type="warning" showIcon title={t('search.vinCheckDigitHint')} />
                ) : (
                  <Typography.Text type="secondary">{t('search.noResultsHint')}</Typography.Text>
                )}
                <SearchHints />
              </Space>
            }
          >
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('search.newCustomer')}
              </Button>
            )}
          </EmptyState>
        )}
      </div>
    );
  } else if (results.length === 0) {
    body = (
      <div style={{ padding: 24 }}>
        <EmptyState description={<SearchHints />}>
          <Typography.Text type="secondary">{t('search.noCustomers')}</Typography.Text>
        </EmptyState>
      </div>
    );
  } else {
    body = (
      <div
        role="listbox"
        aria-label={t('search.ariaLabel')}
        style={{ opacity: searching || pendingTyping ? 0.6 : 1, transition: 'opacity 0.15s' }}
      >
        {results.map((customer, index) => (
          <CustomerRow
            key={customer.id}
            ref={(el) => {
              rowRefs.current[index] = el;
            }}
            customer={customer}
            active={index === active}
            onOpen={() => open(customer.id)}
            testId="search-result"
          />
        ))}
      </div>
    );
  }

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('search.title')}
        </Typography.Title>
        {canWrite && (
          <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-customer">
            {t('search.newCustomer')}
          </Button>
        )}
      </div>
      <Card styles={{ body: { padding: 16 } }}>
        <Input
          ref={inputRef}
          data-testid="customer-search"
          aria-label={t('search.ariaLabel')}
          size="large"
          autoFocus
          allowClear
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="search"
          prefix={<SearchOutlined style={{ fontSize: 20, color: '#888' }} />}
          placeholder={t('search.placeholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value === '') commit('');
          }}
          onKeyDown={onKeyDown}
          style={{ fontSize: 20, height: 56 }}
        />
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 13 }}>
          {t('search.keyboardHint')}
        </Typography.Text>
      </Card>
      <Card
        title={
          query ? (
            search.data ? (
              <span data-testid="result-count">
                {search.data.length >= CUSTOMER_SEARCH_LIMIT
                  ? t('search.resultCountCapped', { count: search.data.length })
                  : t('search.resultCount', { count: search.data.length })}
              </span>
            ) : (
              t('search.searching')
            )
          ) : (
            <span>
              {user.dealer ? t('search.allCustomers') : t('search.allCustomersNetwork')}{' '}
              <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
                {t('search.allCustomersHint')}
              </Typography.Text>
            </span>
          )
        }
        styles={{ body: { padding: 0 } }}
      >
        {body}
        {!query && list.hasNextPage && (
          <div style={{ padding: 16, textAlign: 'center' }}>
            <Button size="large" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()} data-testid="load-more">
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </Card>
      <CustomerFormDrawer
        open={creating}
        prefill={prefillFrom(query)}
        onClose={() => setCreating(false)}
        onSaved={(customer) => {
          setCreating(false);
          open(customer.id);
        }}
      />
    </div>
  );
}
