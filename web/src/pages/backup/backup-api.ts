// Backup and restore calls of the console (admin): JSON through api(), uploads as raw bodies, downloads by one-time link.
import { api, upload } from '../../api/client.ts';
import { saveLink } from '../../api/download.ts';

export interface BackupFile {
  name: string;
  size: number;
  createdAt: string;
  kind: 'sqlite' | 'portable';
  reason: 'manual' | 'pre-restore';
}

export interface StagedRestore {
  fileName: string;
  kind: 'sqlite' | 'portable';
  schemaVersion: number;
  size: number;
  stagedAt: string;
  stagedBy: string;
}

export interface RestoreOutcome {
  at: string;
  ok: boolean;
  fileName: string;
  error: string | null;
  safetyBackup: string | null;
}

export interface BackupListing {
  items: BackupFile[];
  dir: string;
  keep: number;
  staged: StagedRestore | null;
  lastRestore: RestoreOutcome | null;
}

export const backupApi = {
  list: () => api<BackupListing>('/v1/admin/backups'),
  create: () => api<BackupFile>('/v1/admin/backups', { method: 'POST' }),
  /** The browser follows a one-time link and streams the file to disk: no Bearer header is needed, nothing is held in memory. */
  download: async (name: string) => {
    const { url } = await api<{ url: string }>(`/v1/admin/backups/${encodeURIComponent(name)}/link`, { method: 'POST' });
    saveLink(url, name);
  },
  stageKept: (name: string) => api<{ staged: StagedRestore }>(`/v1/admin/backups/${encodeURIComponent(name)}/restore`, { method: 'POST' }),
  /** Quiet: the page shows the refusal (what is wrong with the file) itself. */
  stageUpload: (file: File) => upload<{ staged: StagedRestore }>('/v1/admin/restore', file, { contentType: 'application/octet-stream', query: { fileName: file.name }, quiet: true }),
  cancel: () => api<{ cancelled: StagedRestore }>('/v1/admin/restore', { method: 'DELETE' }),
};

/** 1536 → "1.5 KiB". */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
