import { CopyOutlined, PrinterOutlined, QrcodeOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, QRCode, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/problems';
import { type ProgressLink, type RepairOrder, roApi } from '../../api/repairOrders';
import { copyText } from '../../components/copyText';
import { formatDateTime } from '../../components/DateText';

/** 客户进度链接: a link and QR code to the customer's progress page; a new link replaces the old one. */
export function ProgressLinkButton({ order }: { order: RepairOrder }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [link, setLink] = useState<ProgressLink | null>(null);
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);

  async function create() {
    setCreating(true);
    try {
      setLink(await roApi.progressLink(order.id));
      setOpen(true);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setCreating(false);
    }
  }

  async function copy() {
    if (!link) return;
    if (await copyText(link.url)) void message.success(t('progressLink.copied'));
    else void message.error(t('progressLink.copyFailed'));
  }

  return (
    <>
      <Button
        icon={<QrcodeOutlined />}
        loading={creating && !open}
        onClick={() => (link ? setOpen(true) : void create())}
        data-testid="progress-link"
      >
        {t('progressLink.button')}
      </Button>
      <Modal
        open={open && !!link}
        title={t('progressLink.title', { number: order.number })}
        onCancel={() => setOpen(false)}
        footer={
          <Space wrap style={{ justifyContent: 'flex-end' }}>
            <Button icon={<ReloadOutlined />} loading={creating} onClick={() => void create()} data-testid="progress-link-renew">
              {t('progressLink.renew')}
            </Button>
            <Button type="primary" onClick={() => setOpen(false)}>
              {t('common.close')}
            </Button>
          </Space>
        }
        destroyOnHidden
      >
        {link && (
          <div style={{ display: 'grid', gap: 12, justifyItems: 'center' }} data-testid="progress-link-modal">
            <Typography.Text type="secondary">{t('progressLink.scanHint')}</Typography.Text>
            <div data-testid="progress-link-qr">
              <QRCode value={link.url} size={220} />
            </div>
            <Typography.Text style={{ wordBreak: 'break-all', textAlign: 'center' }} data-testid="progress-link-url">
              {link.url}
            </Typography.Text>
            <Space wrap style={{ justifyContent: 'center' }}>
              <Button type="primary" size="large" icon={<CopyOutlined />} onClick={() => void copy()} data-testid="progress-link-copy">
                {t('progressLink.copy')}
              </Button>
              <Button
                size="large"
                icon={<PrinterOutlined />}
                href={roApi.pdfWithProgressUrl(order.id, i18n.language, link.url)}
                target="_blank"
                data-testid="progress-link-print"
              >
                {t('progressLink.print')}
              </Button>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('progressLink.createdAt', { time: formatDateTime(link.createdAt) })}
            </Typography.Text>
            <Alert type="warning" showIcon title={t('progressLink.oldLinks')} style={{ width: '100%' }} />
          </div>
        )}
      </Modal>
    </>
  );
}
