// Backup and restore (admins): take a backup now, download or restore a kept one, and stage an uploaded backup,
// which the platform applies at its next start — the page says so, and shows what is staged and how the last went.
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography, Upload, type ButtonProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { backupApi, formatSize, type BackupFile, type BackupListing } from './backup-api.ts';

export function BackupPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [listing, setListing] = useState<BackupListing>();
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const reload = useCallback(() => backupApi.list().then(setListing, () => undefined), []);
  useEffect(() => void reload(), [reload]);

  const create = async () => {
    setBusy(true);
    try {
      const file = await backupApi.create();
      message.success(t('backup.created', { name: file.name }));
      await reload();
    } catch {
      // Reported by the API client.
    } finally {
      setBusy(false);
    }
  };
  const stageUpload = async (file: File) => {
    setRefusal(null);
    setUploading(true);
    try {
      await backupApi.stageUpload(file);
      await reload();
    } catch (error) {
      setRefusal(error instanceof ApiError ? error.message : String(error));
    } finally {
      setUploading(false);
    }
  };
  const stageKept = (name: string) => backupApi.stageKept(name).then(reload, () => undefined);
  const cancel = () => backupApi.cancel().then(() => (message.success(t('backup.cancelled')), reload()), () => undefined);
  const kind = (k: BackupFile['kind']) => t(`backup.kind.${k}`);
  const staged = listing?.staged;
  const last = listing?.lastRestore;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('backup.backups')} extra={<Button type="primary" loading={busy} onClick={() => void create()} data-testid="backup-create">{t('backup.create')}</Button>}>
        {listing && <Typography.Paragraph type="secondary">{t('backup.hint', { dir: listing.dir, keep: listing.keep })}</Typography.Paragraph>}
        <Table<BackupFile>
          rowKey="name"
          loading={!listing}
          dataSource={listing?.items}
          pagination={false}
          locale={{ emptyText: t('backup.empty') }}
          onRow={(row) => ({ 'data-testid': `backup-row-${row.name}` }) as object}
          columns={[
            { title: t('backup.name'), dataIndex: 'name', render: (name: string, row) => <Space><code>{name}</code>{row.reason === 'pre-restore' && <Tag color="orange">{t('backup.reason.pre-restore')}</Tag>}</Space> },
            { title: t('backup.kind'), dataIndex: 'kind', render: kind },
            { title: t('backup.size'), dataIndex: 'size', render: formatSize },
            { title: t('backup.createdAt'), dataIndex: 'createdAt', render: (at: string) => new Date(at).toLocaleString() },
            {
              title: t('backup.actions'),
              render: (_: unknown, row) => (
                <Space>
                  <Button size="small" onClick={() => void backupApi.download(row.name).catch(() => undefined)} data-testid={`backup-download-${row.name}`}>{t('backup.download')}</Button>
                  <Popconfirm title={t('backup.restoreThisConfirm', { name: row.name })} onConfirm={() => stageKept(row.name)} okButtonProps={{ 'data-testid': 'backup-restore-confirm' } as ButtonProps}>
                    <Button size="small" danger data-testid={`backup-restore-${row.name}`}>{t('backup.restoreThis')}</Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('backup.restore')}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Alert type="warning" showIcon message={t('backup.restoreWarning')} data-testid="restore-warning" />
          {last && (
            <Alert
              type={last.ok ? 'success' : 'error'}
              showIcon
              data-testid="restore-last"
              message={last.ok ? t('backup.lastOk', { file: last.fileName, at: new Date(last.at).toLocaleString(), safety: last.safetyBackup ?? '-' }) : t('backup.lastFailed', { file: last.fileName, at: new Date(last.at).toLocaleString(), error: last.error ?? '' })}
            />
          )}
          {staged && (
            <Alert
              type="info"
              showIcon
              data-testid="restore-staged"
              message={t('backup.stagedTitle', { file: staged.fileName })}
              description={t('backup.stagedDetail', { kind: kind(staged.kind), version: staged.schemaVersion, who: staged.stagedBy, at: new Date(staged.stagedAt).toLocaleString() })}
              action={<Button danger size="small" onClick={() => void cancel()} data-testid="restore-cancel">{t('backup.cancel')}</Button>}
            />
          )}
          {refusal && <Alert type="error" showIcon message={t('backup.refused', { reason: refusal })} data-testid="restore-error" />}
          <Upload
            accept=".sqlite,.gz,.db,.backup"
            showUploadList={false}
            disabled={uploading}
            beforeUpload={(file) => {
              void stageUpload(file);
              // The file goes up as the raw body through the API client, not antd's multipart request.
              return false;
            }}
          >
            <Button loading={uploading} data-testid="restore-upload">{uploading ? t('backup.uploading') : t('backup.upload')}</Button>
          </Upload>
        </Space>
      </Card>
    </Space>
  );
}
