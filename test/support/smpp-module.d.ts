// Minimal typings for the npm package `smpp` 0.5.1 (node-smpp), covering what the interop tests use.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /** How node-smpp hands out a decoded short_message / message_payload. */
  export interface NodeSmppMessage {
    message: string | Buffer;
    /** Each information element without the leading UDHL octet: IEI, IEDL, data. */
    udh?: Buffer[];
  }

  /** A decoded PDU: header fields, every mandatory field and each TLV under its name. */
  export interface NodeSmppPdu {
    command: string;
    command_id: number;
    command_length: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): NodeSmppPdu;
    toBuffer(): Buffer;
  }

  export type PduCallback = (pdu: NodeSmppPdu) => void;
  type Shortcut = (options?: Record<string, unknown>, responseCallback?: PduCallback, sendCallback?: PduCallback) => boolean;

  /** Events: 'pdu', one per command name (e.g. 'submit_sm'), 'close', 'error', 'connect'. */
  export interface NodeSmppSession extends EventEmitter {
    socket: Socket;
    send(pdu: NodeSmppPdu, responseCallback?: PduCallback, sendCallback?: PduCallback): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    bind_transmitter: Shortcut;
    bind_receiver: Shortcut;
    bind_transceiver: Shortcut;
    submit_sm: Shortcut;
    deliver_sm: Shortcut;
    enquire_link: Shortcut;
    unbind: Shortcut;
  }

  export interface NodeSmppServer extends NetServer {
    sessions: NodeSmppSession[];
  }

  interface NodeSmppModule {
    createServer(options: Record<string, unknown>, listener?: (session: NodeSmppSession) => void): NodeSmppServer;
    connect(options: { host: string; port: number }, listener?: () => void): NodeSmppSession;
    PDU: { new (command: string, options?: Record<string, unknown>): NodeSmppPdu; maxLength: number };
  }

  const smpp: NodeSmppModule;
  export default smpp;
}
