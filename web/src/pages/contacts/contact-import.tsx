// Import: pick a .csv / .txt / .xlsx file, preview its first lines, upload, watch the progress, download the row errors.
import { Alert, Button, Progress, Radio, Select, Space, Table, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ContactGroup, ContactImportJob } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { contactsApi } from './contacts-api.ts';

const POLL_MS = 500;

/** The first lines of a text file, split on its delimiter (an .xlsx is not previewed). */
async function preview(file: File): Promise<string[][]> {
  if (/\.xlsx$/i.test(file.name)) return [];
  const lines = (await file.slice(0, 16 * 1024).text()).replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 5);
  const delimiter = ['\t', ',', ';', '|'].sort((a, b) => (lines[0] ?? '').split(b).length - (lines[0] ?? '').split(a).length)[0]!;
  return lines.map((l) => l.split(delimiter));
}

export function ContactImport({ accountId, onImported }: { accountId: string | undefined; onImported: () => void }) {
  const { t } = useI18n();
  const client = contactsApi(accountId);
  const [file, setFile] = useState<File | null>(null);
  const [rows, setRows] = useState<string[][]>([]);
  const [mode, setMode] = useState('skip');
  const [group, setGroup] = useState<string | undefined>();
  const [groups, setGroups] = useState<ContactGroup[]>([]);
  const [job, setJob] = useState<ContactImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void client.groups().then((g) => setGroups(g.items.filter((x) => x.kind === 'static')), () => undefined);
  }, [accountId]);

  // Polls the job until it ends.
  useEffect(() => {
    if (!job || job.status !== 'running') return;
    const timer = setTimeout(() => {
      void client.job(job.id).then((next) => {
        setJob(next);
        if (next.status === 'done') onImported();
      }, () => undefined);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  const pick = async (picked: File | undefined) => {
    setFile(picked ?? null);
    setJob(null);
    setError(null);
    setRows(picked ? await preview(picked) : []);
  };
  const start = async () => {
    if (!file) return;
    setError(null);
    try {
      setJob(await client.upload(file, { mode, group }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <input ref={input} type="file" accept=".csv,.txt,.xlsx" data-testid="import-file" style={{ display: 'none' }} onChange={(e) => void pick(e.target.files?.[0])} />
        <Button onClick={() => input.current?.click()}>{t('import.pick')}</Button>
        <Typography.Text data-testid="import-file-name">{file?.name ?? t('import.noFile')}</Typography.Text>
      </Space>
      <Typography.Text type="secondary">{t('import.hint')}</Typography.Text>
      {rows.length > 0 && (
        <Table data-testid="import-preview" size="small" pagination={false} rowKey={(_, i) => String(i)} dataSource={rows.map((r) => Object.fromEntries(r.map((c, i) => [`c${i}`, c])))}
          columns={(rows[0] ?? []).map((_, i) => ({ title: `${t('import.column')} ${i + 1}`, dataIndex: `c${i}` }))} />
      )}
      <Space>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as string)} options={[{ value: 'skip', label: t('import.skip') }, { value: 'update', label: t('import.update') }]} />
        <Select allowClear placeholder={t('import.group')} style={{ width: 200 }} value={group} onChange={setGroup} options={groups.map((g) => ({ value: g.id, label: g.name }))} />
        <Button type="primary" data-testid="import-start" disabled={!file || job?.status === 'running'} onClick={() => void start()}>{t('import.start')}</Button>
      </Space>
      {error && <Alert type="error" message={error} data-testid="import-error" />}
      {job && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="import-job" data-status={job.status}>
          <Progress data-testid="import-progress" percent={job.progress} format={(percent) => `${percent} %`} status={job.status === 'failed' || job.status === 'cancelled' ? 'exception' : job.status === 'done' ? 'success' : 'active'} />
          <Typography.Text data-testid="import-summary">
            {t('import.summary', { total: job.total, inserted: job.inserted, updated: job.updated, skipped: job.skipped, errors: job.errors })}
          </Typography.Text>
          {job.message && <Alert type="error" message={job.message} />}
          {job.errors > 0 && (
            <Button data-testid="import-errors" onClick={() => void client.download(`/v1/contacts/imports/${job.id}/errors`, {}, `import-${job.id}-errors.csv`)}>{t('import.errors')}</Button>
          )}
        </Space>
      )}
    </Space>
  );
}
