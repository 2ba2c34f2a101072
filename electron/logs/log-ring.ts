/**
 * Bounded window of the newest records for live views. When full, the oldest record is elided
 * (still in the store) and counted, so a view can say "N earlier lines not shown".
 */
export class LogRing<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private size = 0;
  private elided = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('ring capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    if (this.size < this.capacity) {
      this.items[(this.start + this.size) % this.capacity] = item;
      this.size++;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.elided++;
  }

  /** Oldest to newest. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }

  get length(): number {
    return this.size;
  }

  /** Records pushed out of the window since the start (they remain in the store). */
  get elidedCount(): number {
    return this.elided;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.size = 0;
  }
}
