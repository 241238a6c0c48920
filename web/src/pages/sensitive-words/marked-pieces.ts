// Splits a text into marked and unmarked pieces by the content-check match ranges (which may overlap).

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
