// Token bucket: a sustained rate with a small burst, for connector and account throughput limits.

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  /** `ratePerSecond` 0 means unlimited. */
  constructor(
    private ratePerSecond: number,
    private readonly burst = Math.max(1, Math.ceil(ratePerSecond / 10)),
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = this.burst;
    this.updatedAt = now();
  }

  get unlimited(): boolean {
    return this.ratePerSecond <= 0;
  }

  setRate(ratePerSecond: number): void {
    this.refill();
    this.ratePerSecond = ratePerSecond;
  }

  /** Takes `count` tokens if available. */
  tryTake(count = 1): boolean {
    if (this.unlimited) return true;
    this.refill();
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  /** Tokens available now (Infinity when unlimited). */
  available(): number {
    if (this.unlimited) return Infinity;
    this.refill();
    return this.tokens;
  }

  /** Milliseconds until `count` tokens will be available (0 if now). */
  waitMs(count = 1): number {
    if (this.unlimited) return 0;
    this.refill();
    if (this.tokens >= count) return 0;
    return Math.ceil(((count - this.tokens) / this.ratePerSecond) * 1000);
  }

  private refill(): void {
    const now = this.now();
    const elapsed = now - this.updatedAt;
    this.updatedAt = now;
    if (elapsed > 0) this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.ratePerSecond);
  }
}
