// Packs concurrent messages that would go out as the same SUBMIT apart from the recipient into
// groups, for protocols that take several destinations per SUBMIT (CMPP DestUsr_tl, SMGP
// DestTermIDCount, SGIP UserCount).

export interface GroupPackerOptions<T> {
  /** Destinations per group, at least 1. */
  max: number;
  /** How long the first member of a group waits for companions. */
  lingerMs: number;
  /** Called with each group, in the order its members were added, when it is full or its linger ends. */
  flush: (members: T[]) => void;
}

interface Pending<T> {
  members: T[];
  destinations: Set<string>;
  timer: ReturnType<typeof setTimeout>;
}

export class GroupPacker<T> {
  private readonly groups = new Map<string, Pending<T>>();

  constructor(private readonly options: GroupPackerOptions<T>) {
    if (!Number.isInteger(options.max) || options.max < 1) throw new RangeError(`group max ${options.max} must be a positive integer`);
  }

  /**
   * Adds an item whose SUBMIT has grouping key `key` (everything but the recipient) and goes to
   * `destination`. A destination already in the waiting group closes that group first: one SUBMIT
   * never names a number twice, which a gateway may collapse into one message.
   */
  add(key: string, destination: string, item: T): void {
    let group = this.groups.get(key);
    if (group?.destinations.has(destination)) {
      this.flushGroup(key, group);
      group = undefined;
    }
    if (!group) {
      group = { members: [], destinations: new Set(), timer: setTimeout(() => this.flushGroup(key, group!), this.options.lingerMs) };
      this.groups.set(key, group);
    }
    group.members.push(item);
    group.destinations.add(destination);
    if (group.members.length >= this.options.max) this.flushGroup(key, group);
  }

  /** Items waiting for companions. */
  get waiting(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.members.length;
    return count;
  }

  /** Removes every waiting item without flushing it (the connector is stopping), oldest group first. */
  takeAll(): T[] {
    const items: T[] = [];
    for (const group of this.groups.values()) {
      clearTimeout(group.timer);
      items.push(...group.members);
    }
    this.groups.clear();
    return items;
  }

  private flushGroup(key: string, group: Pending<T>): void {
    clearTimeout(group.timer);
    if (this.groups.get(key) === group) this.groups.delete(key);
    this.options.flush(group.members);
  }
}
