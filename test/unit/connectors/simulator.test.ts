import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimulatorConnector } from '../../../src/connectors/simulator/connector.ts';
import { ConnectorSettingsError } from '../../../src/connectors/settings-error.ts';
import type { MoEvent, OutboundMessage, ReceiptEvent } from '../../../src/core/connector.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

let seq = 0;
function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: `m${++seq}`,
    sender: 'Kuaixin',
    recipient: '+8613800138000',
    text: 'hello',
    encoding: 'gsm7',
    segments: 1,
    wantReceipt: true,
    validUntil: Date.now() + 60_000,
    priority: 1,
    ...overrides,
  };
}

function recorder() {
  const receipts: ReceiptEvent[] = [];
  const mo: MoEvent[] = [];
  let failReceipts = 0;
  return {
    receipts,
    mo,
    failNextReceipts(n: number) {
      failReceipts = n;
    },
    handlers: {
      onReceipt: async (r: ReceiptEvent) => {
        if (failReceipts > 0) {
          failReceipts--;
          throw new Error('store busy');
        }
        receipts.push(r);
      },
      onMo: async (m: MoEvent) => {
        mo.push(m);
      },
    },
  };
}

async function started(settings: Record<string, unknown> = {}, random?: () => number) {
  const sim = new SimulatorConnector('sim', settings, { now: () => Date.now(), random });
  const rec = recorder();
  sim.attach(rec.handlers);
  await sim.start();
  return { sim, rec };
}


/** The counter part of a simulator id ("<start>-<instance>-<counter>"). */
const counterOf = (id: string) => id.slice(id.lastIndexOf('-') + 1);

describe('SimulatorConnector', () => {
  it('accepts with counter ids and sends receipts after the delay, drawn from the outcome weights', async () => {
    const rolls = [0.1, 0.5, 0.96, 0.995];
    let i = 0;
    const { sim, rec } = await started({ receiptDelayMs: 1000, outcomes: { delivered: 95, undelivered: 4, expired: 1 } }, () => rolls[i++ % rolls.length]);
    expect(sim.state).toBe('up');
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) {
      const result = await sim.submit(message());
      expect(result.ok).toBe(true);
      if (result.ok) ids.push(...result.upstreamIds);
    }
    expect(ids.map(counterOf)).toEqual(['1', '2', '3', '4']);

    await vi.advanceTimersByTimeAsync(999);
    expect(rec.receipts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(rec.receipts.map((r) => [counterOf(r.upstreamKeys[0]), r.state, r.rawStatus])).toEqual([
      ['1', 'delivered', 'DELIVRD'],
      ['2', 'delivered', 'DELIVRD'],
      ['3', 'undelivered', 'UNDELIV'],
      ['4', 'expired', 'EXPIRED'],
    ]);
    expect(rec.receipts[0]).toMatchObject({ connectorId: 'sim', errorCode: '000', doneAt: Date.now() });
    expect(sim.stats()).toMatchObject({ submitted: 4, failed: 0, receiptsSent: 4, receiptsPending: 0 });
  });

  it('gives each segment its own upstream id and receipt', async () => {
    const { sim, rec } = await started({ receiptDelayMs: 10 });
    const result = await sim.submit(message({ text: 'x'.repeat(400), segments: 3 }));
    if (!result.ok) throw new Error('refused');
    expect(result.upstreamIds).toHaveLength(3);
    expect(new Set(result.upstreamIds).size).toBe(3);
    // Connectors always ask for receipts: a message whose sender wanted none still gets one.
    const quiet = await sim.submit(message({ wantReceipt: false }));
    if (!quiet.ok) throw new Error('refused');
    await vi.advanceTimersByTimeAsync(10);
    expect(rec.receipts.map((r) => r.upstreamKeys)).toEqual([...result.upstreamIds, ...quiet.upstreamIds].map((id) => [id]));
  });

  it('gives ids that differ from those of another instance (a restart or another node)', async () => {
    const first = await started({});
    const second = await started({});
    const a = await first.sim.submit(message({}));
    const b = await second.sim.submit(message({}));
    expect(a.ok && b.ok && a.upstreamIds[0] !== b.upstreamIds[0]).toBe(true);
  });

  it('refuses every n-th submit as failed or throttled', async () => {
    const { sim } = await started({ failEvery: 3, throttleEvery: 2 });
    const outcomes = [];
    for (let n = 0; n < 6; n++) {
      const result = await sim.submit(message());
      outcomes.push(result.ok ? 'ok' : `${result.outcome}:${result.errorCode}`);
    }
    expect(outcomes).toEqual(['ok', 'throttled:simulator:throttled', 'permanent:simulator:rejected', 'throttled:simulator:throttled', 'ok', 'permanent:simulator:rejected']);
    expect(sim.stats()).toMatchObject({ submitted: 2, failed: 4 });
  });

  it('injects MO on a schedule and on demand', async () => {
    const { sim, rec } = await started({ moEveryMs: 500, moSender: '+8613900000001', moRecipient: '10690001', moText: 'TD' });
    await vi.advanceTimersByTimeAsync(1500);
    expect(rec.mo).toHaveLength(3);
    expect(rec.mo[0]).toMatchObject({ connectorId: 'sim', sender: '+8613900000001', recipient: '10690001', text: 'TD', encoding: 'gsm7' });

    await sim.injectMo('+8613900000002', '10690001', '你好');
    expect(rec.mo[3]).toMatchObject({ sender: '+8613900000002', text: '你好', encoding: 'ucs2' });
    expect(sim.stats().moSent).toBe(4);
    await sim.stop();
    await vi.advanceTimersByTimeAsync(2000);
    expect(rec.mo).toHaveLength(4);
  });

  it('offers a receipt again later when the core could not take it', async () => {
    const { sim, rec } = await started({ receiptDelayMs: 100 });
    rec.failNextReceipts(1);
    await sim.submit(message());
    await vi.advanceTimersByTimeAsync(100);
    expect(rec.receipts).toHaveLength(0);
    expect(sim.stats().receiptsPending).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(rec.receipts.map((r) => r.upstreamKeys.map(counterOf))).toEqual([['1']]);
    expect(sim.stats()).toMatchObject({ receiptsPending: 0, receiptsSent: 1 });
  });

  it('is busy past its tps and drains when the bucket refills', async () => {
    const { sim } = await started({ tps: 10, receiptDelayMs: 0 });
    const events: string[] = [];
    sim.on('busy', () => events.push('busy'));
    sim.on('drain', () => events.push('drain'));
    expect(sim.busy).toBe(false);
    expect((await sim.submit(message())).ok).toBe(true);
    expect(sim.busy).toBe(true);
    expect(await sim.submit(message())).toMatchObject({ ok: false, outcome: 'transient', errorCode: 'connector:busy' });
    expect(events).toEqual(['busy']);
    await vi.advanceTimersByTimeAsync(100);
    expect(events).toEqual(['busy', 'drain']);
    expect(sim.busy).toBe(false);
  });

  it('carries 20,000 messages with one timer', async () => {
    const { sim, rec } = await started({ receiptDelayMs: 1000 });
    for (let n = 0; n < 20_000; n++) await sim.submit(message());
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(rec.receipts).toHaveLength(20_000);
    expect(rec.receipts[19_999].upstreamKeys.map(counterOf)).toEqual(['20000']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses submits before start and rejects bad settings naming the field', async () => {
    const sim = new SimulatorConnector('sim');
    expect(sim.busy).toBe(true);
    expect(await sim.submit(message())).toMatchObject({ ok: false, errorCode: 'connector:down' });
    expect(() => new SimulatorConnector('sim', { outcomes: { delivered: 1, lost: 2 } })).toThrow(ConnectorSettingsError);
    expect(() => new SimulatorConnector('sim', { receiptDelayMs: -5 })).toThrow(/receiptDelayMs/);
  });
});
