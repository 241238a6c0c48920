// Campaigns, runs and staged recipients, written once for both stores over SqlExec ("?" placeholders).
import type { AudienceMember, Campaign, CampaignRun, RunStatus } from '../core/campaigns/campaign.ts';
import type { MessageState } from '../core/message.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { messageFromRow, parseJson } from './rows.ts';
import type { Row, SqlExec } from './sql-exec.ts';
import type { CampaignRepository } from './types.ts';

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const inList = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const CAMPAIGN_FIELDS = ['name', 'status', 'content', 'audience', 'schedule', 'send_window', 'next_run_at', 'recipient_count', 'updated_at'];
const RUN_PROGRESS = ['status', 'total', 'processed', 'accepted', 'rejected', 'rejections', 'cursor', 'error', 'lease_until', 'started_at', 'finished_at', 'updated_at'];
/** Rows per multi-row INSERT of recipients: 4 parameters each, well under SQLite's limit. */
const RECIPIENT_CHUNK = 500;

function campaignFromRow(r: Row): Campaign {
  return {
    id: String(r.id),
    accountId: String(r.account_id),
    name: String(r.name),
    status: r.status as Campaign['status'],
    content: parseJson(r.content),
    audience: parseJson(r.audience),
    schedule: parseJson(r.schedule),
    sendWindow: r.send_window === null ? null : parseJson(r.send_window),
    nextRunAt: numOrNull(r.next_run_at),
    recipientCount: Number(r.recipient_count),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function campaignValues(c: Campaign): unknown[] {
  return [c.name, c.status, JSON.stringify(c.content), JSON.stringify(c.audience), JSON.stringify(c.schedule), c.sendWindow ? JSON.stringify(c.sendWindow) : null, c.nextRunAt, c.recipientCount, c.updatedAt];
}

function runFromRow(r: Row): CampaignRun {
  return {
    id: String(r.id),
    campaignId: String(r.campaign_id),
    accountId: String(r.account_id),
    dueAt: Number(r.due_at),
    status: r.status as RunStatus,
    total: numOrNull(r.total),
    processed: Number(r.processed),
    accepted: Number(r.accepted),
    rejected: Number(r.rejected),
    rejections: parseJson(r.rejections),
    cursor: strOrNull(r.cursor),
    error: strOrNull(r.error),
    leaseOwner: strOrNull(r.lease_owner),
    leaseUntil: numOrNull(r.lease_until),
    startedAt: numOrNull(r.started_at),
    finishedAt: numOrNull(r.finished_at),
    updatedAt: Number(r.updated_at),
  };
}

function progressValues(run: CampaignRun): unknown[] {
  return [run.status, run.total, run.processed, run.accepted, run.rejected, JSON.stringify(run.rejections), run.cursor, run.error, run.leaseUntil, run.startedAt, run.finishedAt, run.updatedAt];
}

export function campaignRepository(db: SqlExec): CampaignRepository {
  const getRun = async (id: string) => {
    const rows = await db.all('SELECT * FROM campaign_runs WHERE id = ?', [id]);
    return rows[0] ? runFromRow(rows[0]) : null;
  };
  return {
    async insert(c) {
      await db.run(`INSERT INTO campaigns (id, account_id, created_at, ${CAMPAIGN_FIELDS.join(', ')}) VALUES (?, ?, ?, ${inList(CAMPAIGN_FIELDS.length)})`, [c.id, c.accountId, c.createdAt, ...campaignValues(c)]);
    },
    async update(c) {
      await db.run(`UPDATE campaigns SET ${CAMPAIGN_FIELDS.map((f) => `${f} = ?`).join(', ')} WHERE id = ?`, [...campaignValues(c), c.id]);
    },
    async get(id, accountId) {
      const rows = accountId === undefined
        ? await db.all('SELECT * FROM campaigns WHERE id = ?', [id])
        : await db.all('SELECT * FROM campaigns WHERE id = ? AND account_id = ?', [id, accountId]);
      return rows[0] ? campaignFromRow(rows[0]) : null;
    },
    async list(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.accountId !== undefined) (where.push('account_id = ?'), params.push(filter.accountId));
      if (filter.cursor !== undefined) {
        const key = decodeCursor(filter.cursor);
        where.push('(created_at < ? OR (created_at = ? AND id < ?))');
        params.push(key.at, key.at, key.id);
      }
      const rows = await db.all(
        `SELECT * FROM campaigns ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
        [...params, filter.limit + 1],
      );
      const items = rows.slice(0, filter.limit).map(campaignFromRow);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
    },
    async delete(id) {
      await db.run('DELETE FROM campaign_recipients WHERE campaign_id = ?', [id]);
      await db.run('DELETE FROM campaign_runs WHERE campaign_id = ?', [id]);
      await db.run('DELETE FROM campaigns WHERE id = ?', [id]);
    },
    async addRecipients(campaignId, firstSeq, members) {
      for (let start = 0; start < members.length; start += RECIPIENT_CHUNK) {
        const chunk = members.slice(start, start + RECIPIENT_CHUNK);
        const params = chunk.flatMap((m, i) => [campaignId, firstSeq + start + i, m.number, Object.keys(m.params).length ? JSON.stringify(m.params) : null]);
        await db.run(`INSERT INTO campaign_recipients (campaign_id, seq, number, params) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`, params);
      }
    },
    async truncateRecipients(campaignId, fromSeq) {
      await db.run('DELETE FROM campaign_recipients WHERE campaign_id = ? AND seq >= ?', [campaignId, fromSeq]);
    },
    async recipients(campaignId, afterSeq, limit) {
      const rows = await db.all('SELECT seq, number, params FROM campaign_recipients WHERE campaign_id = ? AND seq > ? ORDER BY seq LIMIT ?', [campaignId, afterSeq, limit]);
      return rows.map((r) => ({ seq: Number(r.seq), member: { number: String(r.number), params: r.params === null ? {} : parseJson<Record<string, string>>(r.params) } }));
    },
    async due(now, limit) {
      const rows = await db.all(`SELECT * FROM campaigns WHERE status = 'active' AND next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at LIMIT ?`, [now, limit]);
      return rows.map(campaignFromRow);
    },
    async insertRun(run) {
      const changed = await db.run(
        `INSERT INTO campaign_runs (id, campaign_id, account_id, due_at, lease_owner, ${RUN_PROGRESS.join(', ')}) VALUES (?, ?, ?, ?, ?, ${inList(RUN_PROGRESS.length)})
         ON CONFLICT (campaign_id, due_at) DO NOTHING`,
        [run.id, run.campaignId, run.accountId, run.dueAt, run.leaseOwner, ...progressValues(run)],
      );
      return changed === 1;
    },
    getRun,
    async listRuns(campaignId, limit) {
      return (await db.all('SELECT * FROM campaign_runs WHERE campaign_id = ? ORDER BY due_at DESC LIMIT ?', [campaignId, limit])).map(runFromRow);
    },
    async claimRuns(now, owner, leaseUntil, limit) {
      const open = await db.all(
        `SELECT id FROM campaign_runs WHERE status IN ('pending', 'running') AND (lease_until IS NULL OR lease_until < ?) ORDER BY due_at LIMIT ?`,
        [now, limit],
      );
      const claimed: CampaignRun[] = [];
      for (const { id } of open) {
        // Conditional on the lease still being free: of two nodes, one wins each run.
        const won = await db.run(
          `UPDATE campaign_runs SET status = 'running', lease_owner = ?, lease_until = ?, started_at = COALESCE(started_at, ?), updated_at = ?
           WHERE id = ? AND status IN ('pending', 'running') AND (lease_until IS NULL OR lease_until < ?)`,
          [owner, leaseUntil, now, now, id, now],
        );
        if (won === 1) {
          const run = await getRun(String(id));
          if (run) claimed.push(run);
        }
      }
      return claimed;
    },
    async saveProgress(run, owner) {
      const changed = await db.run(
        `UPDATE campaign_runs SET ${RUN_PROGRESS.map((f) => `${f} = ?`).join(', ')} WHERE id = ? AND lease_owner = ? AND status = 'running'`,
        [...progressValues(run), run.id, owner],
      );
      return changed === 1;
    },
    async setRunStatus(id, status, at, from) {
      const finished = status === 'completed' || status === 'cancelled' || status === 'failed' ? at : null;
      // Leaving 'running' drops the lease, so a resumed run is claimed afresh.
      const changed = await db.run(
        `UPDATE campaign_runs SET status = ?, lease_owner = NULL, lease_until = NULL, finished_at = COALESCE(?, finished_at), updated_at = ?
         WHERE id = ? AND status IN (${inList(from.length)})`,
        [status, finished, at, id, ...from],
      );
      return changed === 1;
    },
    async idleRunMessages(batchId, which, limit) {
      const held = which.scheduledAt === undefined ? '' : ' AND scheduled_at = ?';
      const rows = await db.all(
        `SELECT * FROM messages WHERE batch_id = ? AND state IN (${inList(which.states.length)}) AND inflight_since IS NULL${held} LIMIT ?`,
        [batchId, ...which.states, ...(which.scheduledAt === undefined ? [] : [which.scheduledAt]), limit],
      );
      return rows.map(messageFromRow);
    },
    async numbersInRun(batchId, numbers) {
      if (numbers.length === 0) return new Set();
      const rows = await db.all(`SELECT recipient FROM messages WHERE batch_id = ? AND recipient IN (${inList(numbers.length)})`, [batchId, ...numbers]);
      return new Set(rows.map((r) => String(r.recipient)));
    },
    async tally(batchId) {
      const rows = await db.all('SELECT state, error_code, COUNT(*) AS n, SUM(segments) AS segs, SUM(COALESCE(cost, 0)) AS cost FROM messages WHERE batch_id = ? GROUP BY state, error_code', [batchId]);
      return rows.map((r) => ({ state: r.state as MessageState, errorCode: strOrNull(r.error_code), count: Number(r.n), segments: Number(r.segs), cost: Number(r.cost) }));
    },
  };
}
