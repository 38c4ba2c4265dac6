import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { sessionKey } from '../api/auth';
import { ApiError, setUnauthorizedHandler } from '../api/client';
import { antdLocale } from '../i18n';
import { router } from './router';
import { markSessionExpired } from './session';
import { theme } from './theme';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again; network blips and 5xx may.
      retry: (failureCount, error) => !(error instanceof ApiError && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
    mutations: { retry: false },
  },
});

// Any 401 (session expired, logged out elsewhere) → forget the session; RequireAuth shows the login page.
setUnauthorizedHandler(() => {
  if (queryClient.getQueryData(sessionKey)) markSessionExpired();
  queryClient.setQueryData(sessionKey, null);
});

export function App() {
  const { i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh-CN';
  useEffect(() => {
    document.title = i18n.t('app.name');
  }, [i18n, language]);
  return (
    <ConfigProvider locale={antdLocale(language)} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
