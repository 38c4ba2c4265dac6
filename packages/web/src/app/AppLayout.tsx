import { BankOutlined, LogoutOutlined, MenuOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, theme as antdTheme, Button, Dropdown, Grid, Layout, Menu, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { logout, sessionKey } from '../api/auth';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { SyncStatus } from '../offline/SyncStatus';
import { activeMenuKey, menuFor } from './menu';
import { useUser } from './session';

const { Header, Sider, Content } = Layout;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The staff app's frame: side menu by permission, header with dealer, language and logout. */
export function AppLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const { token } = antdTheme.useToken();
  const screens = Grid.useBreakpoint();
  // Under ~992px (tablet portrait, phone) the menu collapses and opens over the content.
  const [narrow, setNarrow] = useState(() => typeof window !== 'undefined' && window.innerWidth < 992);
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => setMenuOpen(false), [location.pathname]);

  // "/" anywhere jumps to the customer search (the search page focuses its box itself).
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (location.pathname !== '/customers') {
        event.preventDefault();
        void navigate('/customers');
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [location.pathname, navigate]);

  const entries = menuFor(user.permissions, user.roles);
  const selected = activeMenuKey(location.pathname);
  const collapsed = narrow && !menuOpen;

  function confirmLogout() {
    modal.confirm({
      title: t('header.logoutConfirmTitle'),
      okText: t('header.logout'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        await logout().catch(() => undefined);
        queryClient.clear();
        queryClient.setQueryData(sessionKey, null);
        void message.success(t('header.loggedOut'));
        void navigate('/login', { replace: true });
      },
    });
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        breakpoint="lg"
        collapsedWidth={0}
        collapsed={collapsed}
        trigger={null}
        width={220}
        onBreakpoint={(broken) => {
          setNarrow(broken);
          setMenuOpen(false);
        }}
        style={
          narrow
            ? { position: 'fixed', insetBlock: 0, insetInlineStart: 0, zIndex: 1001, height: '100vh' }
            : { position: 'sticky', top: 0, height: '100vh' }
        }
      >
        <Link
          to="/customers"
          style={{ display: 'flex', alignItems: 'center', gap: 10, height: 64, padding: '0 20px', color: '#fff', textDecoration: 'none' }}
        >
          <ShopOutlined style={{ fontSize: 22 }} />
          <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 0.5 }}>{t('app.name')}</span>
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={entries.map((entry) => ({
            key: entry.key,
            icon: entry.icon,
            label: <Link to={entry.path}>{t(entry.labelKey)}</Link>,
          }))}
        />
      </Sider>
      {narrow && menuOpen && (
        <div
          aria-hidden
          onClick={() => setMenuOpen(false)}
          style={{ position: 'fixed', inset: 0, background: 'rgba(0,0,0,0.45)', zIndex: 1000 }}
        />
      )}
      <Layout>
        <Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 999,
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            height: 64,
            lineHeight: 'normal',
          }}
        >
          {narrow && (
            <Button
              type="text"
              size="large"
              icon={<MenuOutlined />}
              aria-label={t('menu.toggle')}
              onClick={() => setMenuOpen((open) => !open)}
            />
          )}
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0, flex: 1 }}>
            {user.dealer ? <ShopOutlined style={{ color: token.colorPrimary }} /> : <BankOutlined style={{ color: token.colorPrimary }} />}
            <Typography.Text strong ellipsis style={{ minWidth: 0 }} data-testid="header-dealer">
              {user.dealer ? user.dealer.name : `${t('header.carMaker')} · ${user.network.name}`}
            </Typography.Text>
          </div>
          <SyncStatus />
          <LanguageSwitch compact={!screens.sm} />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'who', label: user.displayName, disabled: true },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), onClick: confirmLogout },
              ],
            }}
          >
            <Button type="text" size="large" icon={<UserOutlined />} aria-label={t('header.userMenu')} data-testid="user-menu">
              {screens.sm && <span style={{ maxWidth: 120, overflow: 'hidden', textOverflow: 'ellipsis' }}>{user.displayName}</span>}
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: narrow ? 12 : 24, maxWidth: 1400, width: '100%', margin: '0 auto' }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
