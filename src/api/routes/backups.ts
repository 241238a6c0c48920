// Admin-only backup and restore from the console: take a backup now, list and download the kept ones (streamed
// from disk), and stage a restore — an upload or a kept backup, checked in full — that the next start applies.
import { copyFileSync, createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BackupError } from '../../backup/backup-format.ts';
import { isBackupName, type BackupFolder } from '../../backup/backup-folder.ts';
import { cancelStaged, lastRestore, readStaged, stageRestore, uploadPath } from '../../backup/staged-restore.ts';
import { newSecret } from '../../core/auth/secrets.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { AccessContext } from '../access-hook.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAdmin } from '../principal.ts';

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });
const TicketParams = Type.Object({ ticket: Type.String({ minLength: 1, maxLength: 100 }) });
const UploadQuery = Type.Object({ fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });

/** How long a download link works; it works once. */
const TICKET_MS = 60_000;
/** What the console tells the operator, and the API answers, about when a staged restore happens. */
const APPLIES = 'the restore is staged: it is applied when the platform next starts (restart kuaixin; on PostgreSQL stop every node first), after a backup of the current data; until then nothing changes';

export async function backupRoutes(app: FastifyInstance, deps: ApiDeps, access: AccessContext): Promise<void> {
  const tickets = new Map<string, { name: string; expiresAt: number; actor: string }>();
  const folder = (): BackupFolder => {
    if (!deps.backups) throw new AppError('not_found', 'backups are not set up on this node');
    return deps.backups;
  };
  const note = (request: FastifyRequest, action: string, target: string | null, detail: Record<string, unknown> | null = null) =>
    access.audit.record({ actor: request.principal.actor, accountId: null, action, target, detail, ip: request.ip });
  const existing = (name: string): string => {
    const path = isBackupName(name) ? folder().pathOf(name) : null;
    if (!path) throw new AppError('not_found', `no backup named ${name}`, 'name');
    return path;
  };
  const stream = (reply: FastifyReply, name: string, path: string) =>
    reply
      .header('content-type', 'application/octet-stream')
      .header('content-length', String(statSync(path).size))
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(createReadStream(path));

  app.get('/v1/admin/backups', { schema: { tags: ['backup'], summary: 'Kept backups (newest first), the staged restore and the last restore' } }, async (request) => {
    requireAdmin(request.principal);
    const { settings } = folder();
    return { items: folder().list(), dir: settings.dir, keep: settings.keep, engine: settings.engine, maxUploadBytes: settings.maxUploadBytes, staged: readStaged(settings), lastRestore: lastRestore(settings) };
  });

  app.post('/v1/admin/backups', { schema: { tags: ['backup'], summary: 'Take a backup now (consistent while the platform runs); answers 201 with the file' }, config: { audit: false } }, async (request, reply) => {
    requireAdmin(request.principal);
    try {
      const file = await folder().create();
      note(request, 'backup.created', file.name, { size: file.size, kind: file.kind });
      return reply.status(201).send(file);
    } catch (error) {
      if (error instanceof BackupError) throw new AppError('conflict', error.message);
      throw error;
    }
  });

  app.get<{ Params: Static<typeof NameParams> }>(
    '/v1/admin/backups/:name',
    { schema: { params: NameParams, tags: ['backup'], summary: 'Download a kept backup (streamed)' } },
    async (request, reply) => {
      requireAdmin(request.principal);
      const path = existing(request.params.name);
      note(request, 'backup.downloaded', request.params.name);
      return stream(reply, request.params.name, path);
    },
  );

  // Browsers cannot put a Bearer token on a plain link; a one-time link lets them stream the file to disk.
  app.post<{ Params: Static<typeof NameParams> }>(
    '/v1/admin/backups/:name/link',
    { schema: { params: NameParams, tags: ['backup'], summary: 'A one-time download link for a kept backup, valid for a minute' }, config: { audit: false } },
    async (request) => {
      requireAdmin(request.principal);
      existing(request.params.name);
      const now = Date.now();
      for (const [ticket, entry] of tickets) if (entry.expiresAt <= now) tickets.delete(ticket);
      const ticket = newSecret(24);
      tickets.set(ticket, { name: request.params.name, expiresAt: now + TICKET_MS, actor: request.principal.actor });
      return { url: `/downloads/backups/${ticket}`, expiresAt: new Date(now + TICKET_MS).toISOString() };
    },
  );

  app.get<{ Params: Static<typeof TicketParams> }>(
    '/downloads/backups/:ticket',
    { schema: { params: TicketParams, tags: ['backup'], summary: 'Download through a one-time link from POST /v1/admin/backups/{name}/link', security: [] } },
    async (request, reply) => {
      const entry = tickets.get(request.params.ticket);
      tickets.delete(request.params.ticket);
      if (!entry || entry.expiresAt <= Date.now()) throw new AppError('not_found', 'this download link is unknown, used or expired: ask for a new one', 'ticket');
      const path = existing(entry.name);
      access.audit.record({ actor: entry.actor, accountId: null, action: 'backup.downloaded', target: entry.name, detail: { link: true }, ip: request.ip });
      return stream(reply, entry.name, path);
    },
  );

  app.post<{ Params: Static<typeof NameParams> }>(
    '/v1/admin/backups/:name/restore',
    { schema: { params: NameParams, tags: ['backup'], summary: 'Stage a kept backup for restore at the next start' }, config: { audit: false } },
    async (request, reply) => {
      requireAdmin(request.principal);
      const source = existing(request.params.name);
      const path = uploadPath(folder().settings, newId());
      copyFileSync(source, path);
      return stage(request, reply, path, request.params.name);
    },
  );

  app.get('/v1/admin/restore', { schema: { tags: ['backup'], summary: 'The staged restore (null: none) and the outcome of the last one' } }, async (request) => {
    requireAdmin(request.principal);
    const { settings } = folder();
    return { staged: readStaged(settings), lastRestore: lastRestore(settings) };
  });

  app.delete('/v1/admin/restore', { schema: { tags: ['backup'], summary: 'Cancel the staged restore' }, config: { audit: false } }, async (request) => {
    requireAdmin(request.principal);
    const cancelled = cancelStaged(folder().settings);
    if (!cancelled) throw new AppError('not_found', 'no restore is staged');
    note(request, 'backup.restore_cancelled', cancelled.fileName);
    return { cancelled };
  });

  const stage = async (request: FastifyRequest, reply: FastifyReply, path: string, fileName: string) => {
    try {
      const staged = await stageRestore(folder().settings, path, { fileName, stagedBy: request.principal.actor });
      note(request, 'backup.restore_staged', fileName, { kind: staged.kind, schemaVersion: staged.schemaVersion, size: staged.size });
      return reply.status(202).send({ staged, message: APPLIES });
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      note(request, 'backup.restore_refused', fileName, { reason: error.message });
      throw new AppError('backup_invalid', error.message, 'file');
    } finally {
      rmSync(path, { force: true });
    }
  };

  // Its own scope: only this route takes a raw body, streamed to disk (backups can be far larger than memory).
  await app.register(async (upload) => {
    upload.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    upload.post<{ Querystring: Static<typeof UploadQuery> }>(
      '/v1/admin/restore',
      {
        bodyLimit: deps.backups?.settings.maxUploadBytes,
        schema: { querystring: UploadQuery, tags: ['backup'], summary: 'Upload a backup (application/octet-stream) to restore at the next start; checked in full first' },
        config: { audit: false },
      },
      async (request, reply) => {
        requireAdmin(request.principal);
        const fileName = request.query.fileName ?? 'upload';
        if (!(request.body instanceof Readable)) throw new AppError('validation_failed', 'send the backup file itself as the request body, as application/octet-stream', 'body');
        const { settings } = folder();
        const path = uploadPath(settings, newId());
        try {
          const bytes = await save(request.body, path, settings.maxUploadBytes);
          if (bytes === 0) {
            note(request, 'backup.restore_refused', fileName, { reason: 'empty' });
            throw new AppError('backup_invalid', `${fileName} is empty`, 'file');
          }
        } catch (error) {
          rmSync(path, { force: true });
          throw error;
        }
        return stage(request, reply, path, fileName);
      },
    );
  });
}

async function save(body: Readable, path: string, max: number): Promise<number> {
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _, done) {
      bytes += chunk.length;
      if (bytes > max) done(new AppError('payload_too_large', `the file is larger than ${Math.round(max / 1024 / 1024)} MiB (backup.maxUploadMb)`, 'body'));
      else done(null, chunk);
    },
  });
  await pipeline(body, limit, createWriteStream(path));
  return bytes;
}
