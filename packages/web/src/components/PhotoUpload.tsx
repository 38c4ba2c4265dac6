import { CameraOutlined } from '@ant-design/icons';
import { App, Button, Image, Space } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/problems';
import { roApi } from '../api/repairOrders';
import { isUnreachable } from '../offline/queue';

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Stored photos as thumbnails that open full size. */
export function Thumbnails({ keys, testId = 'photo' }: { keys: string[]; testId?: string }) {
  if (keys.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap>
        {keys.map((key) => (
          <Image
            key={key}
            src={key.startsWith('data:') ? key : roApi.fileUrl(key)}
            width={88}
            height={88}
            style={{ objectFit: 'cover', borderRadius: 6 }}
            data-testid={testId}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/**
 * Photos taken with the tablet's camera (or picked from its gallery), uploaded as they are chosen;
 * the value is the stored files' keys. `onUploading` tells the form to wait for them.
 */
export function PhotoUpload({
  value = [],
  onChange,
  max = 10,
  testId,
  onUploading,
  upload: store = roApi.uploadFile,
  preview = true,
  keepOffline = false,
}: {
  value?: string[];
  onChange?: (keys: string[]) => void;
  max?: number;
  testId: string;
  onUploading?: (busy: boolean) => void;
  /** Where a photo is stored (default: the staff's upload; a link page passes its own). */
  upload?: (file: { contentType: (typeof PHOTO_TYPES)[number]; dataBase64: string }) => Promise<{ key: string }>;
  /** Thumbnails need the staff's session to load; a link page shows how many were taken instead. */
  preview?: boolean;
  /**
   * With the server out of reach, keep the photo in the value as a data URL (the reception's
   * offline queue uploads it before the walk-around it belongs to).
   */
  keepOffline?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement | null>(null);
  const [uploading, setUploading] = useState(false);

  async function upload(files: FileList | null) {
    if (!files || files.length === 0) return;
    setUploading(true);
    onUploading?.(true);
    let keys = value;
    try {
      for (const file of Array.from(files).slice(0, Math.max(0, max - keys.length))) {
        const contentType = PHOTO_TYPES.find((type) => type === file.type);
        if (!contentType) {
          void message.error(t('walkaround.photoType'));
          continue;
        }
        const dataBase64 = await readBase64(file);
        try {
          const { key } = await store({ contentType, dataBase64 });
          keys = [...keys, key];
        } catch (error) {
          if (!keepOffline || !isUnreachable(error)) throw error;
          keys = [...keys, `data:${contentType};base64,${dataBase64}`];
        }
        onChange?.(keys);
      }
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setUploading(false);
      onUploading?.(false);
    }
  }

  return (
    <div style={{ display: 'grid', gap: 8 }}>
      {preview ? (
        <Thumbnails keys={value} testId={`${testId}-photo`} />
      ) : (
        value.length > 0 && <span data-testid={`${testId}-photo-count`}>{t('walkaround.photosTaken', { count: value.length })}</span>
      )}
      <div>
        <Button icon={<CameraOutlined />} loading={uploading} disabled={value.length >= max} onClick={() => input.current?.click()}>
          {t('walkaround.addPhoto')}
        </Button>
        <input
          ref={input}
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          hidden
          data-testid={`${testId}-photo-input`}
          onChange={(e) => {
            void upload(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
    </div>
  );
}
