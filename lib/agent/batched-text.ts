/**
 * A streamed answer's text, kept in memory and written to the conversation store in batches.
 *
 * Each write rewrites the whole stored conversation state (every conversation of `storage.local`), so writing each
 * chunk as it comes costs a full read-modify-write per chunk. Here the first chunk is written at once (the answer
 * starts showing), then at most one write per `intervalMs`, each with all the text received by then, and never two
 * at a time. A write that fails loses nothing: the text stays here and the next write carries it. `close()` stops
 * writing; the turn's last write (its outcome) carries `value` itself.
 */

/** At most one write per 150 ms: ~7 a second, still smooth to read. */
export const STREAM_WRITE_INTERVAL_MS = 150;

export class BatchedText {
  /** All the text received so far, in order. */
  value = '';
  /** The text of the last write started: a write is started only with more text than that. */
  private sent = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing = false;
  private closed = false;

  constructor(
    private readonly write: (text: string) => Promise<unknown>,
    private readonly intervalMs = STREAM_WRITE_INTERVAL_MS,
  ) {}

  push(chunk: string) {
    if (this.closed || !chunk) return;
    this.value += chunk;
    if (this.timer === undefined && !this.writing) this.flush();
  }

  /** Stop writing (the turn is ending; its outcome is written with `value`). */
  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush() {
    if (this.closed || this.value === this.sent) return;
    const text = this.value;
    this.sent = text;
    this.writing = true;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.writing) this.flush();
    }, this.intervalMs);
    const settled = () => {
      this.writing = false;
      // The interval is over and text came meanwhile: write it now.
      if (this.timer === undefined) this.flush();
    };
    // A failed write is not retried by itself: the next chunk's write carries its text too.
    void this.write(text).then(settled, settled);
  }
}
