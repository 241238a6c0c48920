// Picks connections in turn, skipping those that cannot take a message now.

export class RoundRobin {
  private next = 0;

  /** The first of `items` from where the last pick left off that `accepts`, or null if none does. */
  pick<T>(items: readonly T[], accepts: (item: T) => boolean): T | null {
    const n = items.length;
    for (let i = 0; i < n; i++) {
      const item = items[(this.next + i) % n]!;
      if (accepts(item)) {
        this.next = (this.next + i + 1) % n;
        return item;
      }
    }
    return null;
  }
}
