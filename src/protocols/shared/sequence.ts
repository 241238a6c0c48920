// Request sequence numbers that wrap within the protocol's allowed range.

export class SequenceGenerator {
  private current: number;

  /** SMPP allows 1..0x7FFFFFFF (3.4 §3.2 / header); other protocols use the full 32 bits. */
  constructor(
    private readonly max = 0x7fffffff,
    start = 1,
  ) {
    this.current = start - 1;
  }

  next(): number {
    this.current = this.current >= this.max ? 1 : this.current + 1;
    return this.current;
  }
}
