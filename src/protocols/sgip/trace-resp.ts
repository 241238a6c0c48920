// Trace_Resp (sgip.md §9): Count, then Count node groups, then Reserve. The spec repeats the group
// per node the traced message passed; SMSGate writes a single group whatever Count says, so the
// decoder reads as many whole groups as the body holds, up to Count.
import { PduDecodeError } from '../shared/decode-error.ts';
import { readText, writeText } from '../shared/fixed-field-io.ts';

export interface TraceNode {
  /** 0 received, 1 waiting, other = an error code. */
  Result: number;
  NodeId: string;
  /** yymmddhhmmss */
  ReceiveTime: string;
  SendTime: string;
}

export interface TraceRespBody {
  Count: number;
  Nodes: TraceNode[];
  Reserve: string;
}

const NODE_SIZE = 1 + 6 + 16 + 16;
const RESERVE = 8;

export function traceRespSize(body: Partial<TraceRespBody>): number {
  return 1 + NODE_SIZE * (body.Nodes?.length ?? 0) + RESERVE;
}

/** Decodes buf[start, end); throws PduDecodeError('truncated') when not even Count, one group (if any) and Reserve fit. */
export function decodeTraceResp(buf: Buffer, start: number, end: number, commandId: number, sequenceNumber: number): TraceRespBody {
  const fail = (field: string, offset: number): never => {
    throw new PduDecodeError('truncated', 'Trace_Resp body too short', { commandId, sequenceNumber, offset, field });
  };
  if (end - start < 1 + RESERVE) fail('Count', start);
  const Count = buf[start];
  const available = Math.floor((end - start - 1 - RESERVE) / NODE_SIZE);
  if (Count > 0 && available === 0) fail('Nodes', start + 1);
  const Nodes: TraceNode[] = [];
  let o = start + 1;
  for (let i = 0; i < Math.min(Count, available); i++, o += NODE_SIZE) {
    Nodes.push({ Result: buf[o], NodeId: readText(buf, o + 1, 6), ReceiveTime: readText(buf, o + 7, 16), SendTime: readText(buf, o + 23, 16) });
  }
  return { Count, Nodes, Reserve: readText(buf, o, RESERVE) };
}

/** Writes at `offset` (room for traceRespSize octets) and returns the offset after; Count is the number of nodes. */
export function writeTraceResp(buf: Buffer, offset: number, body: Partial<TraceRespBody>): number {
  const nodes = body.Nodes ?? [];
  buf[offset++] = nodes.length;
  for (const node of nodes) {
    buf[offset] = node.Result ?? 0;
    writeText(buf, offset + 1, node.NodeId, 6, 'NodeId');
    writeText(buf, offset + 7, node.ReceiveTime, 16, 'ReceiveTime');
    writeText(buf, offset + 23, node.SendTime, 16, 'SendTime');
    offset += NODE_SIZE;
  }
  writeText(buf, offset, body.Reserve, RESERVE, 'Reserve');
  return offset + RESERVE;
}
