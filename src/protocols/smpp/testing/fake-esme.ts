// A fake ESME for testing an SMSC-side server (our SMPP ingress): binds, submits, and answers
// deliver_sm the way the chosen behaviour says.
import { EventEmitter } from 'node:events';
import { encodePdu } from '../codec.ts';
import { SmppClient, type SmppClientOptions } from '../client.ts';
import { CommandStatus } from '../command-status.ts';
import type { SmppPdu } from '../pdu-types.ts';
import { NO_REPLY } from '../session.ts';

export type FakeEsmeMode = 'happy' | 'black-hole' | 'error-status' | 'generic-nack' | 'bad-length' | 'close-mid-window';

export interface FakeEsmeOptions extends Omit<SmppClientOptions, 'onDeliver'> {
  mode?: FakeEsmeMode;
  /** Delay before each deliver_sm_resp. */
  slowMs?: number;
  /** Every n-th deliver_sm is answered ESME_RTHROTTLED. */
  throttleEvery?: number;
  errorStatus?: number;
  closeAfter?: number;
}

/** Events: 'deliver' (pdu) for every deliver_sm / data_sm it acknowledged. */
export class FakeEsme extends EventEmitter {
  readonly client: SmppClient;
  /** Every deliver_sm / data_sm acknowledged with ESME_ROK, in arrival order. */
  readonly delivered: SmppPdu[] = [];
  private received = 0;

  constructor(readonly options: FakeEsmeOptions) {
    super();
    this.client = new SmppClient({ ...options, onDeliver: (pdu) => this.answer(pdu) });
  }

  connect(): Promise<void> {
    return this.client.connect();
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private answer(pdu: SmppPdu): ReturnType<NonNullable<SmppClientOptions['onDeliver']>> {
    const n = ++this.received;
    const { mode = 'happy', slowMs = 0, throttleEvery = 0 } = this.options;
    const session = this.client.currentSession;
    switch (mode) {
      case 'black-hole':
        return NO_REPLY;
      case 'error-status':
        return { command_status: this.options.errorStatus ?? CommandStatus.ESME_RX_T_APPN };
      case 'generic-nack':
        session?.writeRaw(encodePdu({ command: 'generic_nack', sequence_number: pdu.sequence_number, command_status: CommandStatus.ESME_RSYSERR }));
        return NO_REPLY;
      case 'bad-length':
        session?.writeRaw(Buffer.from('0000000880000005', 'hex'));
        return NO_REPLY;
      case 'close-mid-window':
        if (n >= (this.options.closeAfter ?? 10)) session?.destroy('fake ESME closes mid-window');
        return NO_REPLY;
    }
    if (throttleEvery > 0 && n % throttleEvery === 0) return { command_status: CommandStatus.ESME_RTHROTTLED };
    const accept = () => {
      this.delivered.push(pdu);
      this.emit('deliver', pdu);
      return {};
    };
    return slowMs > 0 ? new Promise((resolve) => setTimeout(() => resolve(accept()), slowMs)) : accept();
  }
}
