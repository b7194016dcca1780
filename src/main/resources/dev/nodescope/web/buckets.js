// The per-second buckets a view sends incrementally (the server's SecondBuckets): the first answer
// holds the whole window, later ones only the seconds that changed. Merged here by second; seconds
// that left the window are dropped.

export class SecondWindow {
  constructor() {
    this.buckets = new Map(); // epoch second -> [second, column0, column1, ...]
    this.from = 0;
    this.to = -1;
  }

  /** Merges one answer: a whole one starts over; a bucket replaces the one of its second. */
  merge(whole, from, to, buckets) {
    if (whole) this.buckets.clear();
    this.from = from;
    this.to = to;
    for (const b of buckets) this.buckets.set(b[0], b);
    for (const s of this.buckets.keys()) if (s < from) this.buckets.delete(s);
  }

  /** Every second from the first with data to the window's end (a chart's x). */
  seconds() {
    if (this.buckets.size === 0) return [];
    const first = Math.max(this.from, Math.min(...this.buckets.keys()));
    const xs = [];
    for (let s = first; s <= this.to; s++) xs.push(s);
    return xs;
  }

  /** The value per second of {@code value(bucket)}, 0 for a second without a bucket. */
  series(xs, value) {
    return xs.map(s => { const b = this.buckets.get(s); return b ? value(b) : 0; });
  }

  /** Column {@code c} of a bucket (columns past its end are 0). */
  static column(b, c) {
    return b[c + 1] || 0;
  }

  /** The sum of {@code value(bucket)} over the window. */
  sum(value) {
    let total = 0;
    for (const b of this.buckets.values()) total += value(b);
    return total;
  }
}
