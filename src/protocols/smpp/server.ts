// SMSC side: accepts connections, authenticates binds, dispatches requests, pushes deliver_sm.
import { EventEmitter } from 'node:events';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { CommandStatus } from './command-status.ts';
import { SessionClosedError } from './errors.ts';
import type { SmppBody, SmppPdu, SmppPduOf } from './pdu-types.ts';
import { SmppSession, type Reply, type RequestCommand, type RequestHandler, type ResponseOf, type SessionStats } from './session.ts';
import { canReceive, isBound, type BindCommand } from './session-rules.ts';

export interface BindRequest {
  command: BindCommand;
  system_id: string;
  password: string;
  system_type: string;
  interface_version: number;
  address_range: string;
  remoteAddress: string;
}

/** A bind is accepted with status 0, optionally with its own request handler; anything else refuses it. */
export type BindDecision = { status: number; onRequest?: RequestHandler };

export interface SmppServerOptions {
  /** Decides every bind; answer e.g. ESME_RINVPASWD or ESME_RINVSYSID to refuse it. */
  authenticate: (bind: BindRequest, session: SmppSession) => BindDecision | Promise<BindDecision>;
  /** Handles requests of bound sessions whose bind decision gave no handler of its own. */
  onRequest?: RequestHandler;
  /** system_id returned in bind_*_resp. */
  systemId?: string;
  tls?: TlsOptions;
  maxConnections?: number;
  maxBindsPerSystemId?: number;
  window?: number;
  requestTimeoutMs?: number;
  enquireLinkIntervalMs?: number;
  bindTimeoutMs?: number;
  maxPendingInbound?: number;
  drainTimeoutMs?: number;
  maxPduSize?: number;
}

export interface ServerStats {
  connections: number;
  bound: number;
  bindsRefused: number;
  connectionsRefused: number;
  sessions: Array<SessionStats & { systemId: string; remoteAddress: string }>;
}

/** Events: 'session' (session), 'bound' (session), 'sessionClosed' (session, reason), 'protocolError' (error, session). */
export class SmppServer extends EventEmitter {
  readonly sessions = new Set<SmppSession>();
  private readonly server: Server;
  private readonly rotation = new Map<string, number>();
  /** Binds per system_id being authenticated right now. */
  private readonly binding = new Map<string, number>();
  private bindsRefused = 0;
  private connectionsRefused = 0;

  constructor(readonly options: SmppServerOptions) {
    super();
    const onSocket = (socket: Socket) => this.accept(socket);
    this.server = options.tls ? createTlsServer(options.tls, onSocket) : createNetServer(onSocket);
  }

  listen(port = 0, host = '127.0.0.1'): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  get address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  /** Bound sessions of a system_id that may receive deliver_sm. */
  receivers(systemId: string): SmppSession[] {
    return [...this.sessions].filter((s) => s.systemId === systemId && canReceive(s.state));
  }

  /**
   * Sends a deliver_sm to one of the system_id's receiver or transceiver binds, rotating across
   * them and preferring ones that are not busy. Rejects with SessionClosedError if none is bound.
   */
  deliver(systemId: string, body: SmppBody<'deliver_sm'>): Promise<ResponseOf<'deliver_sm'>> {
    const receivers = this.receivers(systemId);
    if (receivers.length === 0) return Promise.reject(new SessionClosedError(`no receiver bound for ${systemId}`));
    const start = this.rotation.get(systemId) ?? 0;
    this.rotation.set(systemId, start + 1);
    let chosen = receivers[start % receivers.length];
    for (let i = 1; i < receivers.length && chosen.busy; i++) chosen = receivers[(start + i) % receivers.length];
    return chosen.request('deliver_sm', body);
  }

  stats(): ServerStats {
    const sessions = [...this.sessions].map((s) => ({ ...s.stats(), systemId: s.systemId, remoteAddress: s.remoteAddress }));
    return {
      connections: sessions.length,
      bound: sessions.filter((s) => isBound(s.state)).length,
      bindsRefused: this.bindsRefused,
      connectionsRefused: this.connectionsRefused,
      sessions,
    };
  }

  /** Stops accepting, unbinds every session gracefully, then resolves. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all([...this.sessions].map((s) => s.unbind()));
    await closed;
  }

  private accept(socket: Socket): void {
    const { maxConnections } = this.options;
    if (maxConnections !== undefined && this.sessions.size >= maxConnections) {
      this.connectionsRefused++;
      socket.destroy();
      return;
    }
    const session = new SmppSession(socket, {
      role: 'smsc',
      window: this.options.window,
      requestTimeoutMs: this.options.requestTimeoutMs,
      enquireLinkIntervalMs: this.options.enquireLinkIntervalMs,
      bindTimeoutMs: this.options.bindTimeoutMs ?? 30_000,
      maxPendingInbound: this.options.maxPendingInbound,
      drainTimeoutMs: this.options.drainTimeoutMs,
      maxPduSize: this.options.maxPduSize,
    });
    let handler: RequestHandler | undefined;
    session.setRequestHandler((pdu, s) => {
      if (pdu.command.startsWith('bind_')) {
        return this.bind(pdu as SmppPduOf<BindCommand>, s).then((decision) => {
          handler = decision.onRequest;
          return decision.status === 0 ? { command_status: 0, system_id: this.options.systemId ?? 'Kuaixin' } : { command_status: decision.status };
        });
      }
      const onRequest = handler ?? this.options.onRequest;
      if (!onRequest) return { command_status: CommandStatus.ESME_RINVCMDID };
      return onRequest(pdu, s);
    });
    this.sessions.add(session);
    session.on('state', (state: string) => {
      if (isBound(session.state) && state === session.state) this.emit('bound', session);
    });
    session.on('protocolError', (error: Error) => this.emit('protocolError', error, session));
    session.once('close', (reason: string) => {
      this.sessions.delete(session);
      this.emit('sessionClosed', session, reason);
    });
    this.emit('session', session);
  }

  private async bind(pdu: SmppPduOf<BindCommand>, session: SmppSession): Promise<BindDecision> {
    const { maxBindsPerSystemId } = this.options;
    const systemId = pdu.system_id;
    if (maxBindsPerSystemId !== undefined) {
      // Binds still authenticating count too, or simultaneous binds would all pass the check.
      const bound = [...this.sessions].filter((s) => s.systemId === systemId && isBound(s.state)).length;
      if (bound + (this.binding.get(systemId) ?? 0) >= maxBindsPerSystemId) {
        this.bindsRefused++;
        return { status: CommandStatus.ESME_RBINDFAIL };
      }
    }
    this.binding.set(systemId, (this.binding.get(systemId) ?? 0) + 1);
    let decision: BindDecision;
    try {
      decision = await this.options.authenticate(
        {
          command: pdu.command,
          system_id: systemId,
          password: pdu.password,
          system_type: pdu.system_type,
          interface_version: pdu.interface_version,
          address_range: pdu.address_range,
          remoteAddress: session.remoteAddress,
        },
        session,
      );
    } catch {
      decision = { status: CommandStatus.ESME_RBINDFAIL };
    } finally {
      const left = (this.binding.get(systemId) ?? 1) - 1;
      if (left > 0) this.binding.set(systemId, left);
      else this.binding.delete(systemId);
    }
    if (decision.status !== 0) this.bindsRefused++;
    return decision;
  }
}

export type { Reply, RequestCommand, SmppPdu };
