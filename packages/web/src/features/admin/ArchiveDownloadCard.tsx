import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { API_PREFIX } from '../../api/client';
import { useCan, useUser } from '../../app/session';

/** The archive download (issue 18 §2): the dealer's data (the car maker's admin: the network's) as one zip, after a confirmation. */
export function ArchiveDownloadCard() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const can = useCan('archive.download');
  const user = useUser();
  if (!can) return null;
  const network = user.dealer === null;

  function confirm() {
    modal.confirm({
      title: t(network ? 'admin.archive.confirmNetwork' : 'admin.archive.confirmDealer'),
      content: t('admin.archive.holds'),
      okText: t('admin.archive.download'),
      cancelText: t('common.cancel'),
      // A plain GET: the session cookie authorises it and the answer is an attachment.
      onOk: () => window.location.assign(`${API_PREFIX}/admin/archive`),
    });
  }

  return (
    <Card title={t('admin.archive.title')} data-testid="archive-download">
      <Typography.Paragraph type="secondary">{t('admin.archive.hint')}</Typography.Paragraph>
      <Button icon={<DownloadOutlined />} onClick={confirm}>
        {t('admin.archive.download')}
      </Button>
    </Card>
  );
}
