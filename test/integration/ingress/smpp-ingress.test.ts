import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashPassword } from '../../../src/core/auth/secrets.ts';
import { AppError, type ErrorCode } from '../../../src/core/errors.ts';
import type { IntakePort, RecipientResult, StatusPayload, SubmitRequest, SubmitResponse } from '../../../src/core/intake-port.ts';
import type { IngressAccounts } from '../../../src/ingress/ingress-accounts.ts';
import { SmppIngress, type SmppIngressOptions } from '../../../src/ingress/smpp-server.ts';
import { encodeUcs2 } from '../../../src/protocols/encoding/ucs2.ts';
import { SmppClient, type SmppClientOptions } from '../../../src/protocols/smpp/client.ts';
import { CommandStatus } from '../../../src/protocols/smpp/command-status.ts';
import { SmppStatusError } from '../../../src/protocols/smpp/errors.ts';
import { InboundMessageAssembler } from '../../../src/protocols/smpp/inbound-message.ts';
import { MessageState } from '../../../src/protocols/smpp/message-state.ts';
import { messageParts } from '../../../src/protocols/smpp/message-parts.ts';
import type { SmppBody, SmppPdu, SmppPduOf } from '../../../src/protocols/smpp/pdu-types.ts';
import { parseReceiptText } from '../../../src/protocols/smpp/receipt.ts';
import { FakeEsme } from '../../../src/protocols/smpp/testing/fake-esme.ts';
import type { Account, Credential } from '../../../src/store/types.ts';
import { nextEvent, until } from '../../support/events.ts';

/** Stands in for core/intake (written in parallel): records requests, answers with ids or the errors it is told to. */
class RecordingIntake implements IntakePort {
  readonly requests: SubmitRequest[] = [];
  private n = 0;
  /** Recipient → error code to answer for it. */
  readonly failures = new Map<string, ErrorCode>();
  throwing: AppError | null = null;

  async submit(request: SubmitRequest): Promise<SubmitResponse> {
    this.requests.push(request);
    if (this.throwing) throw this.throwing;
    const results: RecipientResult[] = request.recipients.map((recipient) => {
      const code = this.failures.get(recipient);
      if (code) return { recipient, ok: false, error: { code, message: code } };
      return { recipient, ok: true, messageId: `msg-${++this.n}`, segments: 1, encoding: 'gsm7', normalized: recipient };
    });
    return { results, duplicate: false };
  }
}

class MemoryAccounts implements IngressAccounts {
  readonly credentials = new Map<string, Credential>();
  readonly accounts = new Map<string, Account>();
  async findSmppCredential(systemId: string) {
    return this.credentials.get(systemId) ?? null;
  }
  async getAccount(id: string) {
    return this.accounts.get(id) ?? null;
  }
}

let secretHash = '';
beforeAll(async () => {
  secretHash = await hashPassword('secret');
});

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

function account(id: string, overrides: Partial<Account> = {}): Account {
  return { id, name: id, status: 'active', callbackUrl: null, callbackSecret: 'x', tps: 0, createdAt: 0, ...overrides };
}

function credential(systemId: string, accountId: string, overrides: Partial<Credential> = {}): Credential {
  return { id: `cred-${systemId}`, accountId, kind: 'smpp', identifier: systemId, secretHash, scope: 'account', maxBinds: 5, ipAllowlist: [], createdAt: 0, ...overrides };
}

async function startIngress(options: Partial<SmppIngressOptions> = {}) {
  const intake = new RecordingIntake();
  const accounts = new MemoryAccounts();
  accounts.accounts.set('acme', account('acme'));
  accounts.credentials.set('acme', credential('acme', 'acme'));
  const ingress = new SmppIngress({ intake, accounts, enquireLinkIntervalMs: 0, ...options });
  const { port } = await ingress.listen(0);
  closers.push(() => ingress.close());
  return { ingress, intake, accounts, port };
}

async function bind(port: number, options: Partial<SmppClientOptions> = {}) {
  const client = new SmppClient({ host: '127.0.0.1', port, system_id: 'acme', password: 'secret', reconnect: false, enquireLinkIntervalMs: 0, ...options });
  closers.push(() => client.close());
  await client.connect();
  return client;
}

async function bindStatus(port: number, options: Partial<SmppClientOptions> = {}): Promise<number> {
  try {
    await bind(port, options);
    return 0;
  } catch (error) {
    expect(error).toBeInstanceOf(SmppStatusError);
    return (error as SmppStatusError).status;
  }
}

function submitBody(overrides: SmppBody<'submit_sm'> = {}): SmppBody<'submit_sm'> {
  return { source_addr: '10690001', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '8613800138000', registered_delivery: 1, short_message: Buffer.from('Your code is 1234'), ...overrides };
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 0;
  } catch (error) {
    expect(error).toBeInstanceOf(SmppStatusError);
    return (error as SmppStatusError).status;
  }
}

describe('SmppIngress binds', () => {
  it('accepts good credentials and refuses bad ones with the matching status', async () => {
    const { port, accounts } = await startIngress();
    accounts.accounts.set('sleepy', account('sleepy', { status: 'suspended' }));
    accounts.credentials.set('sleepy', credential('sleepy', 'sleepy'));
    expect(await bindStatus(port)).toBe(0);
    expect(await bindStatus(port, { password: 'wrong' })).toBe(CommandStatus.ESME_RINVPASWD);
    expect(await bindStatus(port, { system_id: 'nobody' })).toBe(CommandStatus.ESME_RINVSYSID);
    expect(await bindStatus(port, { system_id: 'sleepy' })).toBe(CommandStatus.ESME_RBINDFAIL);
  });

  it('limits binds per credential, also when they arrive at once', async () => {
    const { port, accounts } = await startIngress();
    accounts.credentials.set('acme', credential('acme', 'acme', { maxBinds: 2 }));
    const statuses = await Promise.all([bindStatus(port), bindStatus(port), bindStatus(port)]);
    expect(statuses.sort()).toEqual([0, 0, CommandStatus.ESME_RBINDFAIL]);
  });

  it('checks the IP allowlist: exact addresses and IPv4 CIDRs', async () => {
    const { port, accounts } = await startIngress();
    accounts.credentials.set('acme', credential('acme', 'acme', { ipAllowlist: ['10.0.0.0/8', '192.168.1.7'] }));
    expect(await bindStatus(port)).toBe(CommandStatus.ESME_RBINDFAIL);
    accounts.credentials.set('acme', credential('acme', 'acme', { ipAllowlist: ['10.0.0.0/8', '127.0.0.0/8'] }));
    expect(await bindStatus(port)).toBe(0);
    accounts.credentials.set('acme', credential('acme', 'acme', { ipAllowlist: ['127.0.0.1'] }));
    expect(await bindStatus(port)).toBe(0);
  });

  it('lists system ids that can receive', async () => {
    const { port, ingress, accounts } = await startIngress();
    accounts.accounts.set('beta', account('beta'));
    accounts.credentials.set('beta', credential('beta', 'beta'));
    await bind(port, { bindMode: 'transmitter' });
    expect(ingress.boundSystemIds()).toEqual([]);
    const receiver = await bind(port, { system_id: 'beta', bindMode: 'receiver' });
    await bind(port, { bindMode: 'transceiver' });
    expect(ingress.boundSystemIds().sort()).toEqual(['acme', 'beta']);
    const closed = nextEvent(ingress, 'sessionClosed');
    await receiver.close();
    await closed;
    expect(ingress.boundSystemIds()).toEqual(['acme']);
  });
});

describe('SmppIngress submits', () => {
  it('hands submit_sm to intake with the decoded text and fields, answering with our id', async () => {
    const { port, intake } = await startIngress();
    const client = await bind(port);
    const resp = await client.submit(submitBody({ priority_flag: 2, validity_period: '000000010000000R' }));
    expect(resp.message_id).toBe('msg-1');
    expect(intake.requests).toEqual([
      expect.objectContaining({ accountId: 'acme', source: 'smpp', recipients: ['+8613800138000'], text: 'Your code is 1234', sender: '10690001', wantReceipt: true, priority: 'urgent', validitySeconds: 3600, scheduleAt: null }),
    ]);

    await client.submit(submitBody({ registered_delivery: 0, priority_flag: 0, dest_addr_ton: 0, destination_addr: '13800138000' }));
    expect(intake.requests[1]).toMatchObject({ recipients: ['13800138000'], wantReceipt: false, priority: 'normal', validitySeconds: null });
  });

  it('decodes UCS-2', async () => {
    const { port, intake } = await startIngress();
    const client = await bind(port);
    await client.submit(submitBody({ data_coding: 8, short_message: encodeUcs2('您的验证码是 1234') }));
    expect(intake.requests[0].text).toBe('您的验证码是 1234');
  });

  it('maps intake errors to command_status', async () => {
    const { port, intake } = await startIngress();
    const client = await bind(port);
    intake.failures.set('+8613800138000', 'invalid_number');
    expect(await statusOf(client.submit(submitBody()))).toBe(CommandStatus.ESME_RINVDSTADR);
    intake.failures.set('+8613800138000', 'text_too_long');
    expect(await statusOf(client.submit(submitBody()))).toBe(CommandStatus.ESME_RINVMSGLEN);
    intake.failures.set('+8613800138000', 'no_route');
    expect(await statusOf(client.submit(submitBody()))).toBe(CommandStatus.ESME_RSUBMITFAIL);
    intake.failures.set('+8613800138000', 'forbidden');
    expect(await statusOf(client.submit(submitBody()))).toBe(CommandStatus.ESME_RSYSERR);
    intake.throwing = new AppError('unavailable');
    expect(await statusOf(client.submit(submitBody()))).toBe(CommandStatus.ESME_RMSGQFUL);
    intake.throwing = new AppError('rate_limited');
    expect(await statusOf(client.submit(submitBody()))).toBe(CommandStatus.ESME_RTHROTTLED);
  });

  const longText = 'This message is long enough to need three GSM segments. '.repeat(7).trim();

  it('holds the parts of a UDH message until the last, submits it once, and answers every part with its id', async () => {
    const { port, intake, ingress } = await startIngress();
    const client = await bind(port);
    let parts = messageParts(longText, { encoding: 'gsm7', reference: 5 });
    expect(parts).toHaveLength(3);
    const send = (i: number) => client.submit(submitBody({ esm_class: parts[i].esm_class, data_coding: parts[i].data_coding, short_message: parts[i].short_message }));

    // In order.
    const inOrder = await Promise.all([send(0), send(1), send(2)]);
    expect(new Set(inOrder.map((r) => r.message_id))).toEqual(new Set(['msg-1']));
    expect(intake.requests).toHaveLength(1);
    expect(intake.requests[0].text).toBe(longText);
    // A part sent again after completion (a lost response) gets the same answer and no new message.
    expect((await send(1)).message_id).toBe('msg-1');
    expect(intake.requests).toHaveLength(1);

    // Out of order, the first two held until the third arrives.
    parts = messageParts(longText, { encoding: 'gsm7', reference: 6 });
    let answered = 0;
    const early = [send(2), send(0)].map((p) => p.then((r) => (answered++, r)));
    await vi.waitFor(() => expect(ingress.heldParts).toBe(2), { interval: 5 });
    expect(answered).toBe(0);
    expect(intake.requests).toHaveLength(1);
    const last = await send(1);
    const held = await Promise.all(early);
    expect([...held, last].map((r) => r.message_id)).toEqual(['msg-2', 'msg-2', 'msg-2']);
    expect(intake.requests).toHaveLength(2);
    expect(intake.requests[1].text).toBe(longText);
  });

  it('joins SAR parts', async () => {
    const { port, intake } = await startIngress();
    const client = await bind(port);
    const parts = messageParts(longText, { encoding: 'gsm7', concat: 'sar', reference: 300 });
    expect(parts[0].tlvs.sar_total_segments).toBe(3);
    const resps = await Promise.all([2, 0, 1].map((i) => client.submit(submitBody({ esm_class: parts[i].esm_class, short_message: parts[i].short_message, tlvs: parts[i].tlvs }))));
    expect(resps.map((r) => r.message_id)).toEqual(['msg-1', 'msg-1', 'msg-1']);
    expect(intake.requests.map((r) => r.text)).toEqual([longText]);
  });

  it('fails the held parts of a message that never completes', async () => {
    const { port, intake } = await startIngress({ longMessageTimeoutMs: 100 });
    const client = await bind(port);
    const parts = messageParts(longText, { encoding: 'gsm7', reference: 9 });
    expect(await statusOf(client.submit(submitBody({ esm_class: parts[0].esm_class, short_message: parts[0].short_message })))).toBe(CommandStatus.ESME_RSUBMITFAIL);
    expect(intake.requests).toHaveLength(0);
  });

  it('answers submit_multi with unsuccess_sme for each destination it could not take', async () => {
    const { port, intake } = await startIngress();
    const client = await bind(port);
    intake.failures.set('+12', 'invalid_number');
    const resp = await client.request('submit_multi', {
      source_addr: 'Acme',
      dest_addresses: [
        { dest_flag: 1, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '8613800138000' },
        { dest_flag: 1, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '12' },
        { dest_flag: 2, dl_name: 'friends' },
        { dest_flag: 1, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '8613900139000' },
      ],
      short_message: Buffer.from('hello all'),
    });
    expect(intake.requests[0]).toMatchObject({ recipients: ['+8613800138000', '+12', '+8613900139000'], text: 'hello all', sender: 'Acme' });
    expect(resp.message_id).toBe('msg-1');
    expect(resp.unsuccess_smes).toEqual([
      { dest_addr_ton: 0, dest_addr_npi: 0, destination_addr: 'friends', error_status_code: CommandStatus.ESME_RINVDLNAME },
      { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '12', error_status_code: CommandStatus.ESME_RINVDSTADR },
    ]);
  });

  it('throttles an account past its tps before intake', async () => {
    let now = 1_000_000;
    const { port, intake, accounts } = await startIngress({ now: () => now });
    accounts.accounts.set('acme', account('acme', { tps: 2 }));
    const client = await bind(port);
    expect(await statusOf(client.submit(submitBody()))).toBe(0);
    expect(await statusOf(client.submit(submitBody()))).toBe(CommandStatus.ESME_RTHROTTLED);
    expect(intake.requests).toHaveLength(1);
    now += 500; // one token back at 2 per second
    expect(await statusOf(client.submit(submitBody()))).toBe(0);
    expect(intake.requests).toHaveLength(2);
  });
});

describe('SmppIngress deliveries', () => {
  const status: StatusPayload = {
    messageId: '01hzy3k6v0000abcdefghjkmnp',
    clientRef: null,
    recipient: '+8613800138000',
    sender: '10690001',
    state: 'delivered',
    errorCode: null,
    errorMessage: null,
    segments: 1,
    createdAt: Date.UTC(2025, 0, 2, 3, 4),
    submittedAt: Date.UTC(2025, 0, 2, 3, 4),
    doneAt: Date.UTC(2025, 0, 2, 3, 5),
    at: Date.UTC(2025, 0, 2, 3, 5),
  };

  it('sends a status as a standard receipt the customer can read back', async () => {
    const { port, ingress } = await startIngress();
    const client = await bind(port);
    const received = nextEvent<[SmppPduOf<'deliver_sm'>]>(client, 'deliver_sm');
    await ingress.deliver('acme', { kind: 'status', payload: status });
    const [pdu] = await received;
    expect(pdu.esm_class).toBe(0x04);
    expect([pdu.source_addr, pdu.source_addr_ton, pdu.destination_addr]).toEqual(['8613800138000', 1, '10690001']);
    expect(pdu.tlvs).toMatchObject({ receipted_message_id: status.messageId, message_state: MessageState.DELIVERED });
    const parsed = parseReceiptText(pdu.short_message.toString('latin1'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.receipt).toMatchObject({ id: status.messageId, stat: 'DELIVRD', err: '000', dlvrd: 1 });
    expect(parsed.receipt.doneDate?.date?.getTime()).toBe(status.doneAt);

    const failed = nextEvent<[SmppPduOf<'deliver_sm'>]>(client, 'deliver_sm');
    await ingress.deliver('acme', { kind: 'status', payload: { ...status, state: 'undelivered', errorCode: 'MK:0005' } });
    const text = parseReceiptText((await failed)[0].short_message.toString('latin1'));
    expect(text.ok && [text.receipt.stat, text.receipt.err]).toEqual(['UNDELIV', '005']);
  });

  it('rejects when the customer refuses the deliver_sm or is not bound', async () => {
    const { port, ingress } = await startIngress();
    await expect(ingress.deliver('acme', { kind: 'status', payload: status })).rejects.toThrow(/no receiver/);
    const esme = new FakeEsme({ host: '127.0.0.1', port, system_id: 'acme', password: 'secret', reconnect: false, enquireLinkIntervalMs: 0, mode: 'error-status' });
    closers.push(() => esme.close());
    await esme.connect();
    await expect(ingress.deliver('acme', { kind: 'status', payload: status })).rejects.toMatchObject({ status: CommandStatus.ESME_RX_T_APPN });
  });

  it('delivers MO, splitting a long one into parts the customer can join', async () => {
    const { port, ingress } = await startIngress();
    const client = await bind(port);
    const pdus: SmppPdu[] = [];
    client.on('deliver_sm', (pdu: SmppPdu) => pdus.push(pdu));
    await ingress.deliver('acme', { kind: 'mo', payload: { id: 'mo1', sender: '+8613900139000', recipient: '106900011', text: 'TD', receivedAt: 0 } });
    const long = '好的，我明天上午十点到。'.repeat(12);
    await ingress.deliver('acme', { kind: 'mo', payload: { id: 'mo2', sender: '+8613900139000', recipient: '106900011', text: long, receivedAt: 0 } });
    await until(client, 'deliver_sm', () => pdus.length > 2);

    const assembler = new InboundMessageAssembler();
    const texts = [];
    for (const pdu of pdus as SmppPduOf<'deliver_sm'>[]) {
      expect(pdu.esm_class & 0x3c).toBe(0);
      expect([pdu.source_addr, pdu.destination_addr]).toEqual(['8613900139000', '106900011']);
      const result = assembler.add(pdu);
      if (result.status === 'complete') texts.push(result.message.text);
    }
    expect(texts).toEqual(['TD', long]);
    expect((pdus[1] as SmppPduOf<'deliver_sm'>).data_coding).toBe(8);
  });
});
