// A minimal fixed-header protocol for testing the shared FramedSession on its own:
// header = length, command id, sequence (12 octets); responses carry a u32 status, SUBMIT a text.
import { PduDecodeError } from '../../src/protocols/shared/decode-error.ts';
import type { FramedDialect, FramedPdu, RefusalReason } from '../../src/protocols/shared/framed-dialect.ts';

export interface ToyPdu extends FramedPdu {
  status?: number;
  text?: string;
}

const IDS: Record<string, number> = { login: 1, terminate: 2, submit: 4, active: 8 };
const NAMES = new Map<number, string>();
for (const [name, id] of Object.entries(IDS)) {
  NAMES.set(id, name);
  NAMES.set((id | 0x80000000) >>> 0, `${name}_resp`);
}

export const REFUSED: Record<RefusalReason, number> = { not_logged_in: 11, already_logged_in: 12, no_handler: 13, malformed: 14, internal: 15 };

export const toyDialect: FramedDialect<ToyPdu> = {
  name: 'toy',
  headerLength: 12,
  maxFrameLength: 1024,
  login: 'login',
  keepAlive: 'active',
  terminate: 'terminate',
  maxSequence: 0xffffffff,
  isResponseId: (id) => (id & 0x80000000) !== 0,
  responseOf: (command) => (command.endsWith('_resp') ? null : `${command}_resp`),
  statusOf: (pdu) => pdu.status ?? 0,
  refusal: (_command, reason) => ({ status: REFUSED[reason] }),
  decodeHeader(frame) {
    const command = NAMES.get(frame.readUInt32BE(4));
    return command ? { command, sequence: frame.readUInt32BE(8) } : null;
  },
  decode(frame) {
    const header = this.decodeHeader(frame);
    const sequenceNumber = frame.readUInt32BE(8);
    if (!header) throw new PduDecodeError('unknown_command', 'unknown command', { offset: 4, commandId: frame.readUInt32BE(4), sequenceNumber });
    const body = frame.subarray(12);
    if (header.command.endsWith('_resp')) {
      if (body.length < 4) throw new PduDecodeError('truncated', 'status missing', { offset: 12, field: 'status', commandId: frame.readUInt32BE(4), sequenceNumber });
      return { ...header, status: body.readUInt32BE(0), text: body.subarray(4).toString('latin1') };
    }
    if (header.command === 'submit' && body.length === 0) throw new PduDecodeError('truncated', 'text missing', { offset: 12, field: 'text', commandId: 4, sequenceNumber });
    return { ...header, text: body.toString('latin1') };
  },
  encodeRequest: (command, sequence, body) => frame(IDS[command]!, sequence, Buffer.from((body as ToyPdu).text ?? '', 'latin1')),
  encodeResponse(request, body) {
    const { status = 0, text = '' } = body as ToyPdu;
    const payload = Buffer.alloc(4 + text.length);
    payload.writeUInt32BE(status, 0);
    payload.write(text, 4, 'latin1');
    return frame((IDS[request.command]! | 0x80000000) >>> 0, request.sequence, payload);
  },
};

export function frame(commandId: number, sequence: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt32BE(12 + body.length, 0);
  header.writeUInt32BE(commandId, 4);
  header.writeUInt32BE(sequence, 8);
  return Buffer.concat([header, body]);
}
