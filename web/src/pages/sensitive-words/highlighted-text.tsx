// A text with the ranges of content-check matches marked; overlapping matches merge into one mark.
import { Typography } from 'antd';
import type { ReactNode } from 'react';

export interface TextRange {
  start: number;
  end: number;
}

/** Splits [0, length) at every range edge and marks the pieces some range covers. */
export function markedPieces(length: number, ranges: TextRange[]): { start: number; end: number; marked: boolean }[] {
  const edges = new Set<number>([0, length]);
  for (const r of ranges) {
    edges.add(Math.max(0, Math.min(length, r.start)));
    edges.add(Math.max(0, Math.min(length, r.end)));
  }
  const sorted = [...edges].sort((a, b) => a - b);
  const pieces: { start: number; end: number; marked: boolean }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [start, end] = [sorted[i], sorted[i + 1]];
    const marked = ranges.some((r) => r.start <= start && end <= r.end);
    const last = pieces[pieces.length - 1];
    if (last && last.marked === marked) last.end = end;
    else pieces.push({ start, end, marked });
  }
  return pieces;
}

export function HighlightedText({ text, ranges }: { text: string; ranges: TextRange[] }) {
  const parts: ReactNode[] = markedPieces(text.length, ranges).map((p) =>
    p.marked ? (
      <mark key={p.start} data-testid="check-mark" data-start={p.start} data-end={p.end} style={{ background: '#ffccc7', padding: 0 }}>
        {text.slice(p.start, p.end)}
      </mark>
    ) : (
      <span key={p.start}>{text.slice(p.start, p.end)}</span>
    ),
  );
  return (
    <Typography.Paragraph data-testid="check-highlight" style={{ whiteSpace: 'pre-wrap', border: '1px solid #f0f0f0', borderRadius: 6, padding: 12 }}>
      {parts}
    </Typography.Paragraph>
  );
}
