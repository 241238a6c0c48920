// Which requests each side may send in which session state (3.4 §2.3, Table 2-1).
import type { SmppCommand } from './pdu-table.ts';

export type SessionState = 'open' | 'bound_tx' | 'bound_rx' | 'bound_trx' | 'unbound' | 'closed';
export type SessionRole = 'esme' | 'smsc';

type Sender = SessionRole | 'both';
const BOUND: SessionState[] = ['bound_tx', 'bound_rx', 'bound_trx'];
const TRANSMIT: SessionState[] = ['bound_tx', 'bound_trx'];
const RECEIVE: SessionState[] = ['bound_rx', 'bound_trx'];

const REQUEST_RULES: Partial<Record<SmppCommand, { sender: Sender; states: SessionState[] }>> = {
  bind_transmitter: { sender: 'esme', states: ['open'] },
  bind_receiver: { sender: 'esme', states: ['open'] },
  bind_transceiver: { sender: 'esme', states: ['open'] },
  outbind: { sender: 'smsc', states: ['open'] },
  unbind: { sender: 'both', states: BOUND },
  submit_sm: { sender: 'esme', states: TRANSMIT },
  submit_multi: { sender: 'esme', states: TRANSMIT },
  query_sm: { sender: 'esme', states: TRANSMIT },
  cancel_sm: { sender: 'esme', states: TRANSMIT },
  // The spec lists replace_sm for BOUND_TX only; TRX is an evident omission.
  replace_sm: { sender: 'esme', states: TRANSMIT },
  deliver_sm: { sender: 'smsc', states: RECEIVE },
  alert_notification: { sender: 'smsc', states: RECEIVE },
  data_sm: { sender: 'both', states: BOUND },
  // Bound states per the spec; also accepted before bind, as many SMSCs do, since answering is harmless.
  enquire_link: { sender: 'both', states: ['open', ...BOUND] },
};

/** Whether `role` may send the request `command` while the session is in `state`. */
export function maySend(role: SessionRole, state: SessionState, command: SmppCommand): boolean {
  const rule = REQUEST_RULES[command];
  if (!rule) return false;
  return (rule.sender === 'both' || rule.sender === role) && rule.states.includes(state);
}

/** Whether a session playing `role` may receive the request `command` from its peer in `state`. */
export function mayReceive(role: SessionRole, state: SessionState, command: SmppCommand): boolean {
  return maySend(role === 'esme' ? 'smsc' : 'esme', state, command);
}

export type BindCommand = 'bind_transmitter' | 'bind_receiver' | 'bind_transceiver';
export type BindMode = 'transmitter' | 'receiver' | 'transceiver';

export const BIND_COMMAND: Record<BindMode, BindCommand> = {
  transmitter: 'bind_transmitter',
  receiver: 'bind_receiver',
  transceiver: 'bind_transceiver',
};

export const BOUND_STATE: Record<BindCommand, SessionState> = {
  bind_transmitter: 'bound_tx',
  bind_receiver: 'bound_rx',
  bind_transceiver: 'bound_trx',
};

export function isBound(state: SessionState): boolean {
  return state === 'bound_tx' || state === 'bound_rx' || state === 'bound_trx';
}

export function canTransmit(state: SessionState): boolean {
  return state === 'bound_tx' || state === 'bound_trx';
}

export function canReceive(state: SessionState): boolean {
  return state === 'bound_rx' || state === 'bound_trx';
}
