// A text with the ranges of content-check matches marked; overlapping matches merge into one mark.
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { markedPieces, type TextRange } from './marked-pieces.ts';

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
