/**
 * How often a page may make Octolens look something up by itself: the product changes a single-page store reports
 * after a click, and automatic detection. A page chooses those addresses and titles, so each is throttled (one per
 * `minIntervalMs`, the latest report winning) and capped (`maxPerWindow` per `windowMs`); past the cap the page is
 * no longer followed until the user clicks again.
 */
export interface FollowPolicy {
  minIntervalMs: number;
  maxPerWindow: number;
  windowMs: number;
  /** Past the cap: stop until `reset` (a page that churns), or only wait for the window to move on. */
  atCap: 'stop' | 'wait';
}

/** A real store's navigation is a product every few seconds at most; a page that churns is stopped within a minute. */
export const FOLLOW_POLICY: FollowPolicy = { minIntervalMs: 1000, maxPerWindow: 8, windowMs: 60_000, atCap: 'stop' };

export type Admission = { go: true } | { go: false; waitMs: number } | { go: false; stopped: true };

export class FollowGate {
  private times: number[] = [];
  private stopped = false;

  constructor(
    private readonly policy: FollowPolicy,
    private readonly now: () => number,
  ) {}

  /** May a follow-up go now? If so it is counted. Else: when it may, or never again until `reset`. */
  admit(): Admission {
    if (this.stopped) return { go: false, stopped: true };
    const now = this.now();
    this.times = this.times.filter((t) => now - t < this.policy.windowMs);
    if (this.times.length >= this.policy.maxPerWindow) {
      if (this.policy.atCap === 'wait') return { go: false, waitMs: this.policy.windowMs - (now - this.times[0]!) };
      this.stopped = true;
      return { go: false, stopped: true };
    }
    const last = this.times.at(-1);
    if (last !== undefined && now - last < this.policy.minIntervalMs) return { go: false, waitMs: this.policy.minIntervalMs - (now - last) };
    this.times.push(now);
    return { go: true };
  }

  /** The user clicked: the page is followed again, with a fresh allowance. */
  reset(): void {
    this.times = [];
    this.stopped = false;
  }
}

/** What the popup says when a page is no longer followed. */
export function stoppedNotice(policy: FollowPolicy): string {
  const minutes = policy.windowMs / 60_000;
  const span = minutes === 1 ? 'a minute' : `${minutes} minutes`;
  return `This page changed its product more than ${policy.maxPerWindow} times in ${span}, so Octolens stopped following it. Retry to look up what it shows now.`;
}
