/**
 * NDJSON (newline-delimited JSON) reading for the catalog agent's streaming answers.
 *
 * - Bytes may be cut anywhere: mid-line, inside a multi-byte UTF-8 character, between `\r` and `\n`. A streaming
 *   TextDecoder joins the bytes; lines are split on `\n` only and a trailing `\r` is dropped.
 * - Blank (or whitespace-only) lines are skipped.
 * - A line that is not JSON is reported, never silently dropped: `NdjsonSplitter` hands back an error record with the
 *   1-based line number and a short excerpt, and `readNdjson` throws `NdjsonLineError` (or yields the error record
 *   with `{ malformed: 'yield' }`), so the caller decides whether to go on.
 * - The last line is parsed even without a final newline.
 */

export const NDJSON_EXCERPT_LENGTH = 80;
/** A line longer than this (characters) is reported as an error instead of being buffered without end. */
export const NDJSON_MAX_LINE_LENGTH = 8 * 1024 * 1024;

export interface NdjsonLineErrorData {
  /** 1-based physical line number (blank lines count). */
  line: number;
  /** The start of the offending line, at most NDJSON_EXCERPT_LENGTH characters (an ellipsis marks a cut). */
  excerpt: string;
  /** Why it failed: the JSON parser's message, or "line too long". */
  reason: string;
}

export class NdjsonLineError extends Error implements NdjsonLineErrorData {
  readonly line: number;
  readonly excerpt: string;
  readonly reason: string;

  constructor(data: NdjsonLineErrorData) {
    super(`NDJSON line ${data.line} is not valid JSON (${data.reason}): ${data.excerpt}`);
    this.name = 'NdjsonLineError';
    this.line = data.line;
    this.excerpt = data.excerpt;
    this.reason = data.reason;
  }
}

export type NdjsonRecord = { ok: true; line: number; value: unknown } | { ok: false; line: number; error: NdjsonLineErrorData };

export function excerptOf(text: string, max = NDJSON_EXCERPT_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A push parser: feed it chunks, get back the complete lines' records. */
export class NdjsonSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private lineNumber = 0;
  private ended = false;

  constructor(private readonly maxLineLength = NDJSON_MAX_LINE_LENGTH) {}

  /** Feed bytes (or already-decoded text) and get the records of every line completed by them. */
  push(chunk: Uint8Array | string): NdjsonRecord[] {
    if (this.ended) throw new Error('NdjsonSplitter: push after end');
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.drain();
  }

  /** End of input: flush the decoder and parse a last line that had no newline. */
  end(): NdjsonRecord[] {
    if (this.ended) return [];
    this.ended = true;
    this.buffer += this.decoder.decode();
    const records = this.drain();
    const rest = this.buffer;
    this.buffer = '';
    if (rest.length > 0 && !this.skipping) {
      const record = this.parseLine(rest);
      if (record) records.push(record);
    }
    return records;
  }

  /** True while discarding the rest of an over-long line that was already reported. */
  private skipping = false;

  private drain(): NdjsonRecord[] {
    const records: NdjsonRecord[] = [];
    let start = 0;
    for (let newline = this.buffer.indexOf('\n'); newline >= 0; newline = this.buffer.indexOf('\n', start)) {
      if (this.skipping) {
        this.skipping = false;
      } else {
        const record = this.parseLine(this.buffer.slice(start, newline));
        if (record) records.push(record);
      }
      start = newline + 1;
    }
    this.buffer = this.buffer.slice(start);
    if (this.skipping) {
      this.buffer = '';
    } else if (this.buffer.length > this.maxLineLength) {
      // Report once, then discard the line's characters until its newline arrives.
      this.lineNumber += 1;
      records.push({
        ok: false,
        line: this.lineNumber,
        error: { line: this.lineNumber, excerpt: excerptOf(this.buffer.trim()), reason: 'line too long' },
      });
      this.buffer = '';
      this.skipping = true;
    }
    return records;
  }

  private parseLine(raw: string): NdjsonRecord | undefined {
    this.lineNumber += 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim().length === 0) return undefined;
    try {
      return { ok: true, line: this.lineNumber, value: JSON.parse(line) as unknown };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, line: this.lineNumber, error: { line: this.lineNumber, excerpt: excerptOf(line.trim()), reason } };
    }
  }
}

export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array | string> {
  if (typeof (source as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    let done = false;
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done) {
          done = true;
          return;
        }
        yield next.value;
      }
    } finally {
      // Stopped early (a malformed line, the consumer broke out): cancel the body so the connection is released.
      if (!done) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  } else {
    yield* source as AsyncIterable<Uint8Array | string>;
  }
}

export interface ReadNdjsonOptions {
  /** `throw` (default): throw NdjsonLineError at the first malformed line. `yield`: yield its error record and go on. */
  malformed?: 'throw' | 'yield';
  maxLineLength?: number;
}

/** Every record of an NDJSON byte stream, in order. */
export async function* readNdjsonRecords(source: ByteSource, options: { maxLineLength?: number } = {}): AsyncGenerator<NdjsonRecord> {
  const splitter = new NdjsonSplitter(options.maxLineLength);
  for await (const chunk of chunksOf(source)) yield* splitter.push(chunk);
  yield* splitter.end();
}

/** The parsed values of an NDJSON byte stream; a malformed line throws `NdjsonLineError` (see `malformed`). */
export function readNdjson(source: ByteSource, options?: { malformed?: 'throw'; maxLineLength?: number }): AsyncGenerator<unknown>;
export function readNdjson(source: ByteSource, options: { malformed: 'yield'; maxLineLength?: number }): AsyncGenerator<NdjsonRecord>;
export async function* readNdjson(source: ByteSource, options: ReadNdjsonOptions = {}): AsyncGenerator<unknown> {
  for await (const record of readNdjsonRecords(source, options)) {
    if (options.malformed === 'yield') yield record;
    else if (record.ok) yield record.value;
    else throw new NdjsonLineError(record.error);
  }
}
