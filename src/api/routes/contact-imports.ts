// /v1/contacts/imports: a file upload (.csv / .txt / .xlsx as the raw request body) saved to a
// temporary file and imported in the background; status with progress, per-row errors as CSV, cancel.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ImportFormat } from '../../core/contacts/row-source.ts';
import { csvCell } from '../../core/contacts/contact-export.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { ImportRowError } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { AccountId, importView, notFound, ownAccount } from './contact-views.ts';

/** Large enough for 1,000,000 rows with a few custom fields. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_TYPES = ['text/csv', 'text/plain', XLSX_TYPE, 'application/octet-stream'];
const REASONS: Record<ImportRowError['reason'], string> = {
  missing_number: 'no number in the row',
  invalid_number: 'not a valid phone number',
  duplicate_in_file: 'the number is on an earlier row of the file',
  exists: 'the address book already has this number (skipped)',
  bad_row: 'the row could not be read',
};

const Format = Type.Union([Type.Literal('csv'), Type.Literal('txt'), Type.Literal('xlsx')]);
const StartQuery = Type.Object(
  {
    format: Type.Optional(Format),
    mode: Type.Optional(Type.Union([Type.Literal('skip'), Type.Literal('update')])),
    group: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    numberColumn: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    nameColumn: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    accountId: AccountId,
  },
  { additionalProperties: false },
);
const AccountQuery = Type.Object({ accountId: AccountId }, { additionalProperties: false });
const JobParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });

/** The format a query or content type names; an octet stream needs ?format= or a file name with an extension. */
function formatOf(query: Static<typeof StartQuery>, contentType: string | undefined): ImportFormat {
  if (query.format) return query.format;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === XLSX_TYPE) return 'xlsx';
  if (type === 'text/csv') return 'csv';
  if (type === 'text/plain') return 'txt';
  const ext = /\.(csv|txt|xlsx)$/i.exec(query.fileName ?? '')?.[1]?.toLowerCase();
  if (ext) return ext as ImportFormat;
  throw new AppError('validation_failed', 'say which format the file is: ?format=csv|txt|xlsx', 'format');
}

/** Copies the upload to `path`, refusing it past the limit. Resolves with its size. */
async function saveUpload(body: Readable, path: string): Promise<number> {
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _, done) {
      bytes += chunk.length;
      if (bytes > MAX_UPLOAD_BYTES) done(new AppError('payload_too_large', `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB`, 'body'));
      else done(null, chunk);
    },
  });
  await pipeline(body, limit, createWriteStream(path));
  return bytes;
}

export async function contactImportRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store, contactImports } = deps;
  const repo = store.contacts;

  // Its own scope: the file parsers apply to the upload route only (the rest of the API takes JSON).
  await app.register(async (upload) => {
    upload.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
    upload.post<{ Querystring: Static<typeof StartQuery> }>(
      '/v1/contacts/imports',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: { querystring: StartQuery, tags: ['contacts'], summary: 'Import contacts from the body (a .csv, .txt or .xlsx file); answers 202 with the job' },
      },
      async (request, reply) => {
        const accountId = await ownAccount(store, request.principal, request.query.accountId);
        const { group, mode = 'skip', numberColumn, nameColumn, fileName } = request.query;
        const format = formatOf(request.query, request.headers['content-type']);
        if (group !== undefined) {
          const found = await repo.getGroup(accountId, group);
          if (!found) throw new AppError('not_found', `no contact group ${group}`, 'group');
          if (found.kind !== 'static') throw new AppError('validation_failed', 'contacts can only be imported into a static group', 'group');
        }
        if (!(request.body instanceof Readable)) throw new AppError('validation_failed', 'send the file as the request body', 'body');
        const id = newId();
        const path = join(tmpdir(), `kuaixin-import-${id}`);
        try {
          const bytes = await saveUpload(request.body, path);
          if (bytes === 0) throw new AppError('validation_failed', 'the file is empty', 'body');
          const job = await contactImports.start({
            id, accountId, format, mode, groupId: group ?? null, fileName: fileName ?? null, path, bytes,
            columns: { ...(numberColumn === undefined ? {} : { number: numberColumn }), ...(nameColumn === undefined ? {} : { name: nameColumn }) },
          });
          return reply.status(202).send(importView(job));
        } catch (error) {
          await rm(path, { force: true });
          throw error;
        }
      },
    );
  });

  app.get<{ Querystring: Static<typeof AccountQuery> }>(
    '/v1/contacts/imports',
    { schema: { querystring: AccountQuery, tags: ['contacts'], summary: 'The latest import jobs of the account' } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      return { items: (await repo.listImports(accountId, 50)).map(importView) };
    },
  );

  app.get<{ Params: Static<typeof JobParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contacts/imports/:id',
    { schema: { params: JobParams, querystring: AccountQuery, tags: ['contacts'], summary: 'An import job: status, phase, progress (0–100) and counts' } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const job = await repo.getImport(accountId, request.params.id);
      if (!job) throw notFound('import', request.params.id);
      return importView(job);
    },
  );

  app.delete<{ Params: Static<typeof JobParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contacts/imports/:id',
    { schema: { params: JobParams, querystring: AccountQuery, tags: ['contacts'], summary: 'Cancel a running import: nothing of it is kept' } },
    async (request) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const job = await repo.getImport(accountId, request.params.id);
      if (!job) throw notFound('import', request.params.id);
      if (job.status !== 'running' || !contactImports.cancel(job.id)) throw new AppError('conflict', `the import is ${job.status}${job.status === 'running' ? ' on another node' : ''}`, 'id');
      return { cancelling: true };
    },
  );

  app.get<{ Params: Static<typeof JobParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/contacts/imports/:id/errors',
    { schema: { params: JobParams, querystring: AccountQuery, tags: ['contacts'], summary: "An import's rejected rows as CSV: row, number, reason, message" } },
    async (request, reply) => {
      const accountId = await ownAccount(store, request.principal, request.query.accountId);
      const job = await repo.getImport(accountId, request.params.id);
      if (!job) throw notFound('import', request.params.id);
      const rows = async function* () {
        yield '\uFEFFrow,number,reason,message\r\n';
        for (let after = 0; ; ) {
          const page = await repo.importErrors(job.id, after, 5000);
          if (page.length === 0) return;
          yield page.map((e) => [String(e.rowNo), csvCell(e.number, true), e.reason, csvCell(REASONS[e.reason])].join(',')).join('\r\n') + '\r\n';
          after = page[page.length - 1]!.rowNo;
        }
      };
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="import-${job.id}-errors.csv"`);
      return reply.send(Readable.from(rows()));
    },
  );
}
