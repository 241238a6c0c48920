// Field descriptors for fixed-width binary PDUs (CMPP, SGIP, SMGP) and the value types they decode to.
//
// A PDU body is a list of these descriptors in wire order; `compileLayout` (fixed-layout.ts) turns
// the list into a decoder and an encoder. Every integer is unsigned big-endian; text is Latin-1,
// left-aligned and padded on the right with 0x00, and decoding cuts it at the first 0x00.
//
// Example (a CMPP 2.0 DELIVER body):
//   const DELIVER = compileLayout('deliver', [
//     hex('Msg_Id', 8), text('Dest_Id', 21), text('Service_Id', 10), u8('TP_pid'), u8('TP_udhi'),
//     u8('Msg_Fmt'), text('Src_terminal_Id', 21), u8('Registered_Delivery'),
//     count('Msg_Length', 1), varOctets('Msg_Content', 'Msg_Length'), text('Reserved', 8),
//   ], { envelope: ['command', 'Sequence_Id'] });
//   const pdu = DELIVER.decode(frame, 12, frame.length, commandId, sequenceId, 'deliver', sequenceId);
//   const frame2 = DELIVER.encode(pdu, 12); // body after 12 octets left for the header

export type UintWidth = 1 | 2 | 4;

/** Unsigned big-endian integer of 1, 2 or 4 octets. Decodes to a number; encodes 0 when absent. */
export interface UintField<N extends string = string> {
  readonly kind: 'uint';
  readonly name: N;
  readonly width: UintWidth;
}

/** Octet(n) text padded with 0x00. Decodes to the characters before the first 0x00; encodes '' when absent. */
export interface TextField<N extends string = string> {
  readonly kind: 'text';
  readonly name: N;
  readonly width: number;
}

/** n raw octets (an authenticator, a binary id). Decodes to a view of the frame; encodes zeros when absent. */
export interface OctetsField<N extends string = string> {
  readonly kind: 'octets';
  readonly name: N;
  readonly width: number;
}

/**
 * n octets written as 2n lower-case hex digits: binary ids (CMPP Msg_Id) and BCD ids (SMGP MsgID,
 * whose hex digits are its decimal digits). Encoding accepts up to 2n hex digits in either case and
 * pads them on the left with '0'.
 */
export interface HexField<N extends string = string> {
  readonly kind: 'hex';
  readonly name: N;
  readonly width: number;
}

/**
 * A length or count field that some later field refers to (Msg_Length, DestUsr_tl). It is not part
 * of the decoded object: the encoder writes the referring field's length, the decoder uses it to
 * size that field.
 */
export interface CountField<N extends string = string> {
  readonly kind: 'count';
  readonly name: N;
  readonly width: UintWidth;
}

/** Octets whose length is an earlier count field (Msg_Content). Decodes to a view of the frame. */
export interface VarOctetsField<N extends string = string> {
  readonly kind: 'var_octets';
  readonly name: N;
  /** Name of the earlier CountField holding the length. */
  readonly countFrom: string;
  /** Longest value accepted both ways (default: whatever the count field can hold). */
  readonly max: number;
}

/** A run of Octet(width) text fields whose number is an earlier count field (Dest_terminal_Id × DestUsr_tl). */
export interface TextListField<N extends string = string> {
  readonly kind: 'text_list';
  readonly name: N;
  readonly width: number;
  readonly countFrom: string;
  readonly min: number;
  readonly max: number;
}

/** How one known tag of a TLV area is read and written. */
export interface TlvDefinition {
  readonly tag: number;
  /**
   * 'uint' decodes by the received length (1 to 4 octets) and encodes in `width` octets (default 1);
   * 'text' is Latin-1, cut at 0x00 when read, padded to `width` when given; 'octets' is raw.
   */
  readonly type: 'uint' | 'text' | 'octets';
  readonly width?: number;
}

export type TlvDefinitions = { readonly [name: string]: TlvDefinition };

/** A TLV whose tag the area does not define, kept so it can be logged or forwarded unchanged. */
export interface RawTlv {
  tag: number;
  value: Buffer;
}

/**
 * Trailing optional parameters (SMGP): Tag u16, Length u16, Value, repeated to the end of the PDU.
 * Must be the last field. Decodes to an object of the known names plus `unknown` for other tags.
 */
export interface TlvAreaField<N extends string = string, T extends TlvDefinitions = TlvDefinitions> {
  readonly kind: 'tlvs';
  readonly name: N;
  readonly tags: T;
}

export type FixedField =
  | UintField
  | TextField
  | OctetsField
  | HexField
  | CountField
  | VarOctetsField
  | TextListField
  | TlvAreaField;

type TlvValue<D extends TlvDefinition> = D['type'] extends 'uint' ? number : D['type'] extends 'text' ? string : Buffer;

/** Decoded TLV area: known tags by name (absent when not received), unknown ones in arrival order. */
export type TlvValues<T extends TlvDefinitions> = { -readonly [K in keyof T]?: TlvValue<T[K]> } & { unknown?: RawTlv[] };

type FieldValue<F extends FixedField> = F extends UintField
  ? number
  : F extends TextField | HexField
    ? string
    : F extends OctetsField | VarOctetsField
      ? Buffer
      : F extends TextListField
        ? string[]
        : F extends TlvAreaField<string, infer T>
          ? TlvValues<T>
          : never;

/** The object a layout decodes to: one property per field, count fields left out. */
export type DecodedFields<F extends readonly FixedField[]> = {
  -readonly [S in F[number] as S extends CountField ? never : S['name']]: FieldValue<S>;
};

/** What a layout encodes: every property optional (absent = zero / empty); Uint8Array accepted for octets. */
export type FieldsInput<F extends readonly FixedField[]> = {
  -readonly [S in F[number] as S extends CountField ? never : S['name']]?: FieldValue<S> extends Buffer ? Uint8Array : FieldValue<S>;
};

export const u8 = <N extends string>(name: N) => ({ kind: 'uint', name, width: 1 }) as const;
export const u16 = <N extends string>(name: N) => ({ kind: 'uint', name, width: 2 }) as const;
export const u32 = <N extends string>(name: N) => ({ kind: 'uint', name, width: 4 }) as const;
export const text = <N extends string>(name: N, width: number) => ({ kind: 'text', name, width }) as const;
export const octets = <N extends string>(name: N, width: number) => ({ kind: 'octets', name, width }) as const;
export const hex = <N extends string>(name: N, width: number) => ({ kind: 'hex', name, width }) as const;
export const count = <N extends string>(name: N, width: UintWidth) => ({ kind: 'count', name, width }) as const;

/** Octets sized by the count field `countFrom`; `max` defaults to the count field's capacity. */
export const varOctets = <N extends string>(name: N, countFrom: string, max = Number.MAX_SAFE_INTEGER) =>
  ({ kind: 'var_octets', name, countFrom, max }) as const;

/** `countFrom` × Octet(width) text; a count outside min..max is refused both ways. */
export const textList = <N extends string>(name: N, width: number, countFrom: string, limits: { min?: number; max?: number } = {}) =>
  ({ kind: 'text_list', name, width, countFrom, min: limits.min ?? 0, max: limits.max ?? Number.MAX_SAFE_INTEGER }) as const;

export const tlvArea = <N extends string, T extends TlvDefinitions>(name: N, tags: T) => ({ kind: 'tlvs', name, tags }) as const;

/** Octets a fixed-width field takes, or undefined for the variable ones. */
export function fixedWidthOf(field: FixedField): number | undefined {
  switch (field.kind) {
    case 'uint':
    case 'text':
    case 'octets':
    case 'hex':
    case 'count':
      return field.width;
    default:
      return undefined;
  }
}
