// TEMPORARY stub until the receipts branch lands the full catalogue.
export const CommandStatus = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDLEN: 0x02,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RSYSERR: 0x08,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RINVMSGID: 0x0c,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RINVSERTYP: 0x15,
  ESME_RINVNUMDESTS: 0x33,
  ESME_RINVDLNAME: 0x34,
  ESME_RINVDESTFLAG: 0x40,
  ESME_RSUBMITFAIL: 0x45,
  ESME_RINVSYSTYP: 0x53,
  ESME_RTHROTTLED: 0x58,
  ESME_RINVSCHED: 0x61,
  ESME_RINVEXPIRY: 0x62,
  ESME_RINVOPTPARSTREAM: 0xc0,
  ESME_RINVPARLEN: 0xc2,
  ESME_RUNKNOWNERR: 0xff,
} as const;
export type StatusOutcome = 'ok' | 'permanent' | 'transient' | 'throttled';
export function statusOutcome(code: number): StatusOutcome {
  if (code === 0) return 'ok';
  if (code === 0x58) return 'throttled';
  return [0x08, 0x14, 0x45, 0x64, 0xff].includes(code) ? 'transient' : 'permanent';
}
export function commandStatusName(code: number): string {
  const name = Object.entries(CommandStatus).find(([, v]) => v === code)?.[0];
  return name ?? `0x${code.toString(16).padStart(8, '0')}`;
}
