// Per-10-second counters of accepted / submitted / delivered / failed messages for the dashboard.

export type ThroughputKind = 'accepted' | 'submitted' | 'delivered' | 'failed';

export interface ThroughputPoint {
  at: number;
  accepted: number;
  submitted: number;
  delivered: number;
  failed: number;
}

const BUCKET_MS = 10_000;

export class ThroughputMeter {
  private readonly points: ThroughputPoint[] = [];
  /** Also told of every addition (the Prometheus counters). */
  onAdd: ((kind: ThroughputKind, count: number) => void) | null = null;

  constructor(
    private readonly keep = 360,
    private readonly now: () => number = Date.now,
  ) {}

  add(kind: ThroughputKind, count = 1): void {
    this.current()[kind] += count;
    this.onAdd?.(kind, count);
  }

  /** Points of the last `minutes` minutes, oldest first, with empty buckets filled in. */
  series(minutes: number): ThroughputPoint[] {
    const end = Math.floor(this.now() / BUCKET_MS) * BUCKET_MS;
    const start = end - minutes * 60_000 + BUCKET_MS;
    const byTime = new Map(this.points.map((p) => [p.at, p]));
    const out: ThroughputPoint[] = [];
    for (let at = start; at <= end; at += BUCKET_MS) out.push(byTime.get(at) ?? { at, accepted: 0, submitted: 0, delivered: 0, failed: 0 });
    return out;
  }

  /** Average per second over the last complete bucket and the current one. */
  rate(kind: ThroughputKind): number {
    const now = this.now();
    const recent = this.points.filter((p) => p.at >= now - 2 * BUCKET_MS);
    const total = recent.reduce((sum, p) => sum + p[kind], 0);
    const span = Math.max(1, (now - (recent[0]?.at ?? now)) / 1000);
    return Math.round((total / span) * 10) / 10;
  }

  private current(): ThroughputPoint {
    const at = Math.floor(this.now() / BUCKET_MS) * BUCKET_MS;
    const last = this.points[this.points.length - 1];
    if (last && last.at === at) return last;
    const point = { at, accepted: 0, submitted: 0, delivered: 0, failed: 0 };
    this.points.push(point);
    if (this.points.length > this.keep) this.points.shift();
    return point;
  }
}
