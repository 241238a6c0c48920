// Field descriptors for the declarative PDU table, and the TypeScript types they produce.

export type FieldKind = 'u8' | 'u16' | 'u32' | 'cstring' | 'short_message' | 'dest_addresses' | 'unsuccess_smes';

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  /** For C-strings: the maximum size in octets, terminating NUL included (3.4 §3.1, "COctet(n)"). */
  readonly max?: number;
  /** command_status to answer with when this field is malformed (defaults to ESME_RINVCMDLEN). */
  readonly status?: number;
}

/** submit_multi destination: an SME address (dest_flag 1) or a distribution list name (dest_flag 2). */
export type DestAddress =
  | { dest_flag: 1; dest_addr_ton: number; dest_addr_npi: number; destination_addr: string }
  | { dest_flag: 2; dl_name: string };

/** submit_multi_resp entry for a destination the SMSC could not accept. */
export interface UnsuccessSme {
  dest_addr_ton: number;
  dest_addr_npi: number;
  destination_addr: string;
  error_status_code: number;
}

interface KindValues {
  u8: number;
  u16: number;
  u32: number;
  cstring: string;
  short_message: Buffer;
  dest_addresses: DestAddress[];
  unsuccess_smes: UnsuccessSme[];
}

/** The object type described by a list of field descriptors. */
export type BodyOf<F extends readonly FieldSpec[]> = {
  -readonly [S in F[number] as S['name']]: KindValues[S['kind']];
};

export const u8 = <N extends string>(name: N, status?: number) => ({ name, kind: 'u8', status }) as const;
export const u32 = <N extends string>(name: N) => ({ name, kind: 'u32' }) as const;
export const cstring = <N extends string>(name: N, max: number, status?: number) =>
  ({ name, kind: 'cstring', max, status }) as const;
/** sm_length (Int1) followed by that many octets of short_message; sm_length is derived on encode. */
export const shortMessage = (status: number) => ({ name: 'short_message', kind: 'short_message', status }) as const;
/** number_of_dests followed by the dest_address entries (3.4 §4.5.1). */
export const destAddresses = () => ({ name: 'dest_addresses', kind: 'dest_addresses' }) as const;
/** no_unsuccess followed by the unsuccess_sme entries (3.4 §4.5.2). */
export const unsuccessSmes = () => ({ name: 'unsuccess_smes', kind: 'unsuccess_smes' }) as const;
