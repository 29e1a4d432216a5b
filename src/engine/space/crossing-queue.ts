/**
 * The times at which clusters next leave their cell: an indexed 4-ary min-heap over cluster ids
 * (ids < capacity), keyed by time. Inserting, re-keying and removing a cluster, and finding the
 * earliest, cost O(log n) for n clusters queued; a cluster at rest (crossing time ∞) is not queued.
 *
 * The keys are stored in heap order beside the ids, so a sift compares adjacent memory, and each
 * node has four children, so a sift down (the common operation: the earliest crossing happens and
 * its cluster is re-keyed to a later time) is half as deep as in a binary heap. At large N the
 * sifts are bound by cache misses, which both choices reduce.
 *
 * @module
 */

export class CrossingQueue {
  /** ids[0 … size−1] in heap order, and their keys. */
  private readonly ids: Int32Array;
  private readonly keys: Float64Array;
  /** Position of each id in the heap, −1 when not queued. */
  private readonly position: Int32Array;
  private size = 0;

  /** @param capacity - ids run over 0 … capacity − 1. */
  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
  }

  /** The earliest queued time (∞ when empty). */
  get nextTime(): number {
    return this.size === 0 ? Number.POSITIVE_INFINITY : this.keys[0];
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.ids.byteLength + this.keys.byteLength + this.position.byteLength;
  }

  /** The id with the earliest time (the queue must not be empty). */
  get next(): number {
    return this.ids[0];
  }

  /** Queues id at time t, or re-keys it if queued; t = ∞ removes it. */
  set(id: number, t: number): void {
    if (t === Number.POSITIVE_INFINITY) return this.remove(id);
    const i = this.position[id];
    if (i < 0) this.up(this.size++, id, t);
    else if (t < this.keys[i]) this.up(i, id, t);
    else this.down(i, id, t);
  }

  /** Takes id out of the queue (nothing if it is not queued). */
  remove(id: number): void {
    const i = this.position[id];
    if (i < 0) return;
    this.position[id] = -1;
    const last = --this.size;
    if (i === last) return;
    const [moved, t] = [this.ids[last], this.keys[last]];
    if (i > 0 && t < this.keys[(i - 1) >> 2]) this.up(i, moved, t);
    else this.down(i, moved, t);
  }

  /** Puts (id, t) at slot i or above, moving larger parents down. */
  private up(i: number, id: number, t: number): void {
    const { ids, keys } = this;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      if (keys[parent] <= t) break;
      this.put(i, ids[parent], keys[parent]);
      i = parent;
    }
    this.put(i, id, t);
  }

  /** Puts (id, t) at slot i or below, moving smaller children up. */
  private down(i: number, id: number, t: number): void {
    const { ids, keys, size } = this;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      let child = first;
      const end = Math.min(first + 4, size);
      for (let c = first + 1; c < end; c++) if (keys[c] < keys[child]) child = c;
      if (keys[child] >= t) break;
      this.put(i, ids[child], keys[child]);
      i = child;
    }
    this.put(i, id, t);
  }

  /** Writes (id, t) into slot i. */
  private put(i: number, id: number, t: number): void {
    this.ids[i] = id;
    this.keys[i] = t;
    this.position[id] = i;
  }
}
