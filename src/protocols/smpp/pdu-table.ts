// One declarative entry per SMPP 3.4 PDU: command id and mandatory body fields in wire order (3.4 §4).
import { CommandStatus as S } from './command-status.ts';
import { cstring, destAddresses, shortMessage, u32, u8, unsuccessSmes, type FieldSpec } from './fields.ts';

// Time fields are COctet(1|17): empty or 16 characters plus NUL (3.4 §7.1).
const time = <N extends string>(name: N, status: number) => cstring(name, 17, status);

const BIND = [
  cstring('system_id', 16, S.ESME_RINVSYSID),
  cstring('password', 9, S.ESME_RINVPASWD),
  cstring('system_type', 13, S.ESME_RINVSYSTYP),
  u8('interface_version'),
  u8('addr_ton'),
  u8('addr_npi'),
  cstring('address_range', 41),
] as const;

const BIND_RESP = [cstring('system_id', 16, S.ESME_RINVSYSID)] as const;

// submit_sm and deliver_sm share one layout (3.4 §4.4.1, §4.6.1).
const SHORT_MESSAGE_BODY = [
  cstring('service_type', 6, S.ESME_RINVSERTYP),
  u8('source_addr_ton'),
  u8('source_addr_npi'),
  cstring('source_addr', 21, S.ESME_RINVSRCADR),
  u8('dest_addr_ton'),
  u8('dest_addr_npi'),
  cstring('destination_addr', 21, S.ESME_RINVDSTADR),
  u8('esm_class'),
  u8('protocol_id'),
  u8('priority_flag'),
  time('schedule_delivery_time', S.ESME_RINVSCHED),
  time('validity_period', S.ESME_RINVEXPIRY),
  u8('registered_delivery'),
  u8('replace_if_present_flag'),
  u8('data_coding'),
  u8('sm_default_msg_id'),
  shortMessage(S.ESME_RINVMSGLEN),
] as const;

const MESSAGE_ID_RESP = [cstring('message_id', 65, S.ESME_RINVMSGID)] as const;

export const SMPP_PDUS = {
  generic_nack: { id: 0x80000000, body: [] },
  bind_receiver: { id: 0x00000001, body: BIND },
  bind_receiver_resp: { id: 0x80000001, body: BIND_RESP },
  bind_transmitter: { id: 0x00000002, body: BIND },
  bind_transmitter_resp: { id: 0x80000002, body: BIND_RESP },
  query_sm: {
    id: 0x00000003,
    body: [
      cstring('message_id', 65, S.ESME_RINVMSGID),
      u8('source_addr_ton'),
      u8('source_addr_npi'),
      cstring('source_addr', 21, S.ESME_RINVSRCADR),
    ],
  },
  query_sm_resp: {
    id: 0x80000003,
    body: [cstring('message_id', 65, S.ESME_RINVMSGID), cstring('final_date', 17), u8('message_state'), u8('error_code')],
  },
  submit_sm: { id: 0x00000004, body: SHORT_MESSAGE_BODY },
  submit_sm_resp: { id: 0x80000004, body: MESSAGE_ID_RESP },
  deliver_sm: { id: 0x00000005, body: SHORT_MESSAGE_BODY },
  deliver_sm_resp: { id: 0x80000005, body: MESSAGE_ID_RESP },
  unbind: { id: 0x00000006, body: [] },
  unbind_resp: { id: 0x80000006, body: [] },
  replace_sm: {
    id: 0x00000007,
    body: [
      cstring('message_id', 65, S.ESME_RINVMSGID),
      u8('source_addr_ton'),
      u8('source_addr_npi'),
      cstring('source_addr', 21, S.ESME_RINVSRCADR),
      time('schedule_delivery_time', S.ESME_RINVSCHED),
      time('validity_period', S.ESME_RINVEXPIRY),
      u8('registered_delivery'),
      u8('sm_default_msg_id'),
      shortMessage(S.ESME_RINVMSGLEN),
    ],
  },
  replace_sm_resp: { id: 0x80000007, body: [] },
  cancel_sm: {
    id: 0x00000008,
    body: [
      cstring('service_type', 6, S.ESME_RINVSERTYP),
      cstring('message_id', 65, S.ESME_RINVMSGID),
      u8('source_addr_ton'),
      u8('source_addr_npi'),
      cstring('source_addr', 21, S.ESME_RINVSRCADR),
      u8('dest_addr_ton'),
      u8('dest_addr_npi'),
      cstring('destination_addr', 21, S.ESME_RINVDSTADR),
    ],
  },
  cancel_sm_resp: { id: 0x80000008, body: [] },
  bind_transceiver: { id: 0x00000009, body: BIND },
  bind_transceiver_resp: { id: 0x80000009, body: BIND_RESP },
  outbind: {
    id: 0x0000000b,
    body: [cstring('system_id', 16, S.ESME_RINVSYSID), cstring('password', 9, S.ESME_RINVPASWD)],
  },
  enquire_link: { id: 0x00000015, body: [] },
  enquire_link_resp: { id: 0x80000015, body: [] },
  submit_multi: {
    id: 0x00000021,
    body: [
      cstring('service_type', 6, S.ESME_RINVSERTYP),
      u8('source_addr_ton'),
      u8('source_addr_npi'),
      cstring('source_addr', 21, S.ESME_RINVSRCADR),
      destAddresses(),
      ...SHORT_MESSAGE_BODY.slice(7),
    ],
  },
  submit_multi_resp: { id: 0x80000021, body: [cstring('message_id', 65, S.ESME_RINVMSGID), unsuccessSmes()] },
  alert_notification: {
    id: 0x00000102,
    body: [
      u8('source_addr_ton'),
      u8('source_addr_npi'),
      cstring('source_addr', 65, S.ESME_RINVSRCADR),
      u8('esme_addr_ton'),
      u8('esme_addr_npi'),
      cstring('esme_addr', 65),
    ],
  },
  data_sm: {
    id: 0x00000103,
    body: [
      cstring('service_type', 6, S.ESME_RINVSERTYP),
      u8('source_addr_ton'),
      u8('source_addr_npi'),
      cstring('source_addr', 65, S.ESME_RINVSRCADR),
      u8('dest_addr_ton'),
      u8('dest_addr_npi'),
      cstring('destination_addr', 65, S.ESME_RINVDSTADR),
      u8('esm_class'),
      u8('registered_delivery'),
      u8('data_coding'),
    ],
  },
  data_sm_resp: { id: 0x80000103, body: MESSAGE_ID_RESP },
} as const satisfies Record<string, { id: number; body: readonly FieldSpec[] }>;

export type SmppCommand = keyof typeof SMPP_PDUS;

export interface PduDefinition {
  command: SmppCommand;
  id: number;
  body: readonly FieldSpec[];
}

export const PDU_BY_ID = new Map<number, PduDefinition>(
  Object.entries(SMPP_PDUS).map(([command, { id, body }]) => [id, { command: command as SmppCommand, id, body }]),
);

export function commandId(command: SmppCommand): number {
  return SMPP_PDUS[command].id;
}

/** The response a request expects; alert_notification and outbind have none (3.4 §4.1.7, §4.12). */
export function responseOf(command: SmppCommand): SmppCommand | null {
  if (command === 'alert_notification' || command === 'outbind' || command === 'generic_nack') return null;
  if (command.endsWith('_resp')) return null;
  return `${command}_resp` as SmppCommand;
}

export function isResponseId(id: number): boolean {
  return (id & 0x80000000) !== 0;
}
