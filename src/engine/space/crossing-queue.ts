/**
 * The times at which clusters next leave their cell: an indexed binary min-heap over cluster ids
 * (ids < capacity), keyed by time. Inserting, re-keying and removing a cluster, and finding the
 * earliest, cost O(log n) for n clusters queued; a cluster at rest (crossing time ∞) is not queued.
 *
 * @module
 */

export class CrossingQueue {
  /** heap[0 … size−1]: cluster ids in heap order. */
  private readonly heap: Int32Array;
  /** Position of each id in `heap`, −1 when not queued. */
  private readonly position: Int32Array;
  /** The key of each id. */
  readonly time: Float64Array;
  private size = 0;

  /** @param capacity - ids run over 0 … capacity − 1. */
  constructor(capacity: number) {
    this.heap = new Int32Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
    this.time = new Float64Array(capacity);
  }

  /** The earliest queued time (∞ when empty). */
  get nextTime(): number {
    return this.size === 0 ? Number.POSITIVE_INFINITY : this.time[this.heap[0]];
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.heap.byteLength + this.position.byteLength + this.time.byteLength;
  }

  /** The id with the earliest time (the queue must not be empty). */
  get next(): number {
    return this.heap[0];
  }

  /** Queues id at time t, or re-keys it if queued; t = ∞ removes it. */
  set(id: number, t: number): void {
    if (t === Number.POSITIVE_INFINITY) return this.remove(id);
    const old = this.position[id] < 0 ? Number.NaN : this.time[id];
    this.time[id] = t;
    if (Number.isNaN(old)) {
      this.heap[this.size] = id;
      this.position[id] = this.size++;
      this.up(this.position[id]);
    } else if (t < old) this.up(this.position[id]);
    else this.down(this.position[id]);
  }

  /** Takes id out of the queue (nothing if it is not queued). */
  remove(id: number): void {
    const i = this.position[id];
    if (i < 0) return;
    this.position[id] = -1;
    const last = this.heap[--this.size];
    if (i === this.size) return;
    this.heap[i] = last;
    this.position[last] = i;
    this.up(i);
    this.down(this.position[last]);
  }

  private up(i: number): void {
    const { heap, position, time } = this;
    const id = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (time[heap[parent]] <= time[id]) break;
      heap[i] = heap[parent];
      position[heap[i]] = i;
      i = parent;
    }
    heap[i] = id;
    position[id] = i;
  }

  private down(i: number): void {
    const { heap, position, time, size } = this;
    const id = heap[i];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && time[heap[child + 1]] < time[heap[child]]) child++;
      if (time[heap[child]] >= time[id]) break;
      heap[i] = heap[child];
      position[heap[i]] = i;
      i = child;
    }
    heap[i] = id;
    position[id] = i;
  }
}
