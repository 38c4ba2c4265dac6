import { LockOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, theme as antdTheme, Button, Card, Form, Input, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { login, sessionKey } from '../../api/auth';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { type LoginLocationState, takeSessionExpired, useSessionQuery } from '../../app/session';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { FullPageSpinner } from '../../components/PageState';

type LoginValues = { login: string; password: string };

/** Why the last attempt failed, in words the user can act on. */
function useFailureText() {
  const { t } = useTranslation();
  return (error: unknown): { title: string; hint?: string } => {
    if (error instanceof ApiError) {
      if (error.code === 'invalid_credentials') return { title: t('login.invalidCredentials'), hint: t('login.invalidCredentialsHint') };
      if (error.code === 'account_locked') {
        const until = typeof error.body.lockedUntil === 'string' ? dayjs(error.body.lockedUntil) : null;
        if (until?.isValid()) {
          const minutes = Math.max(1, Math.ceil(until.diff(dayjs(), 'second') / 60));
          return { title: t('login.locked', { time: until.format('HH:mm'), minutes }) };
        }
        return { title: t('login.lockedNoTime') };
      }
      if (error.code === 'rate_limited' || error.status === 429) {
        return error.retryAfterSeconds
          ? { title: t('login.rateLimited', { seconds: error.retryAfterSeconds }) }
          : { title: t('login.rateLimitedNoTime') };
      }
    }
    return { title: errorMessage(error) };
  };
}

export function LoginPage() {
  const { t } = useTranslation();
  const { token } = antdTheme.useToken();
  const session = useSessionQuery();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as LoginLocationState | null)?.from;
  const [expired] = useState(takeSessionExpired);
  const failureText = useFailureText();

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (result) => {
      queryClient.setQueryData(sessionKey, result);
      const target = from && from !== '/login' ? from : '/'; // `/` lands each role on its workspace
      void navigate(target, { replace: true });
    },
  });

  if (session.isPending) return <FullPageSpinner />;
  if (session.data && !mutation.isPending) return <Navigate to={from ?? '/'} replace />;

  const failure = mutation.isError ? failureText(mutation.error) : null;

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: `linear-gradient(160deg, ${token.colorPrimary} 0%, #0d2b57 100%)`,
      }}
    >
      <Card style={{ width: '100%', maxWidth: 420, boxShadow: '0 12px 40px rgba(0,0,0,0.25)' }} styles={{ body: { padding: 32 } }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 12, marginBottom: 24 }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0, display: 'flex', gap: 10, alignItems: 'center' }}>
              <ShopOutlined style={{ color: token.colorPrimary }} />
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          </div>
          <LanguageSwitch />
        </div>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        {expired && !failure && <Alert type="info" showIcon title={t('login.sessionExpired')} style={{ marginBottom: 16 }} />}
        {failure && (
          <Alert
            type="error"
            showIcon
            title={failure.title}
            description={failure.hint}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
            role="alert"
          />
        )}
        <Form<LoginValues>
          layout="vertical"
          size="large"
          requiredMark={false}
          onFinish={(values) => mutation.mutate({ login: values.login.trim(), password: values.password })}
        >
          <Form.Item
            label={t('login.login')}
            name="login"
            rules={[{ required: true, whitespace: true, message: t('login.loginRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              name="login"
              autoComplete="username"
              autoFocus
              autoCapitalize="none"
              spellCheck={false}
              placeholder={t('login.loginPlaceholder')}
            />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password
              prefix={<LockOutlined />}
              name="password"
              autoComplete="current-password"
              placeholder={t('login.passwordPlaceholder')}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={mutation.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <Typography.Text style={{ color: 'rgba(255,255,255,0.75)', marginTop: 16 }}>{t('app.tagline')}</Typography.Text>
    </div>
  );
}
