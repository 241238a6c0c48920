// SIGKILL while a customer submits over SMPP: every submit_sm the platform answered with a message id
// reaches the carrier after the restart, and its DELIVRD receipt reaches the customer once it binds again.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SmppClient } from '../../../src/protocols/smpp/client.ts';
import type { SmppPduOf } from '../../../src/protocols/smpp/pdu-types.ts';
import { parseReceiptText } from '../../../src/protocols/smpp/receipt.ts';
import { FakeSmsc } from '../../../src/protocols/smpp/testing/fake-smsc.ts';
import { startChildPlatform, writeCrashConfig } from '../../support/child-platform.ts';
import { until } from '../../support/events.ts';

const KILL_AFTER = 3000;

describe('crash recovery over SMPP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuaixin-smpp-crash-'));
  let carrier: FakeSmsc;
  let child: ChildProcess | undefined;
  const customers: SmppClient[] = [];

  afterAll(async () => {
    child?.kill('SIGKILL');
    await Promise.all(customers.map((c) => c.close().catch(() => undefined)));
    await carrier?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns a receipt for every acknowledged submit_sm after SIGKILL in the middle of the load', async () => {
    carrier = new FakeSmsc({ receipts: { delayMs: 10 } });
    const { port } = await carrier.listen();
    const database = `sqlite:${join(dir, 'kuaixin.db')}`;
    const configFile = writeCrashConfig(dir, port, { apiKey: 'key-smpp-crash-1', smpp: { systemId: 'acme', password: 'secret1' } });
    // Receipts by our message id, from before the kill and after the restart alike.
    const receipts = new Map<string, string>();
    const bind = async (smppPort: number) => {
      const customer = new SmppClient({ host: '127.0.0.1', port: smppPort, system_id: 'acme', password: 'secret1', reconnect: false, window: 64 });
      customers.push(customer);
      customer.on('deliver_sm', (pdu: SmppPduOf<'deliver_sm'>) => {
        const parsed = parseReceiptText(pdu.short_message.toString('latin1'));
        if (parsed.ok) receipts.set(parsed.receipt.id, parsed.receipt.stat);
      });
      await customer.connect();
      return customer;
    };

    let started = await startChildPlatform(configFile, database);
    child = started.child;
    const customer = await bind(started.smppPort!);
    const acknowledged: string[] = [];
    const exited = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
    let n = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (acknowledged.length < KILL_AFTER) {
          const destination = `86138${String(n++).padStart(8, '0')}`;
          // A submit cut off by the kill was never acknowledged.
          const response = await customer.submit({ source_addr: '10690001', destination_addr: destination, dest_addr_ton: 1, dest_addr_npi: 1, registered_delivery: 1, short_message: Buffer.from(`code ${destination}`) }).catch(() => null);
          if (!response) return;
          acknowledged.push(response.message_id);
          if (acknowledged.length === KILL_AFTER) started.child.kill('SIGKILL');
        }
      }),
    );
    started.child.kill('SIGKILL'); // should the senders have stopped before the count (then the next line fails)
    await exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);

    started = await startChildPlatform(configFile, database);
    child = started.child;
    const again = await bind(started.smppPort!);
    const missing = () => acknowledged.filter((id) => !receipts.has(id));
    await until(again, 'deliver_sm', () => missing().length === 0, 60_000).catch(() => undefined);
    expect(missing(), 'acknowledged submits without a receipt after the restart').toEqual([]);
    expect(new Set(acknowledged.map((id) => receipts.get(id)))).toEqual(new Set(['DELIVRD']));
    expect(carrier.stats().accepted).toBeGreaterThanOrEqual(acknowledged.length);
  }, 120_000);
});
