/**
 * Per-organisation token bucket, as the real service: the bucket holds one minute of requests and refills
 * continuously. `X-RateLimit-Reset` is the Unix epoch second when the bucket is full again.
 */
export interface BucketState {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
  /** Seconds until one token is available (only when empty). */
  retryAfter?: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  private refill(key: string) {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updated: now };
    const rate = this.perMinute / 60_000;
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updated) * rate);
    bucket.updated = now;
    this.buckets.set(key, bucket);
    return { bucket, now, rate };
  }

  private state(tokens: number, now: number, rate: number): BucketState {
    const msToFull = (this.perMinute - tokens) / rate;
    return { limit: this.perMinute, remaining: Math.floor(tokens), reset: Math.ceil((now + msToFull) / 1000) };
  }

  /** Take one token; when none is left, nothing is taken and `retryAfter` says how long to wait. */
  take(key: string): BucketState & { allowed: boolean } {
    const { bucket, now, rate } = this.refill(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ...this.state(bucket.tokens, now, rate), allowed: true };
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000));
    return { ...this.state(bucket.tokens, now, rate), allowed: false, retryAfter };
  }

  /** The posture without taking a token. */
  peek(key: string): BucketState {
    const { bucket, now, rate } = this.refill(key);
    return this.state(bucket.tokens, now, rate);
  }

  reset() {
    this.buckets.clear();
  }
}

export function rateLimitHeaders(state: BucketState): Record<string, string> {
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(state.reset),
  };
  if (state.retryAfter !== undefined) headers['Retry-After'] = String(state.retryAfter);
  return headers;
}
