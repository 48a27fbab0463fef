/**
 * NDJSON splitting: every chunk boundary (single and pairs of split points), multi-byte characters cut between
 * chunks, CRLF cut between chunks, blank lines, a last line without newline, malformed lines with their line number.
 */
import { describe, expect, it } from 'vitest';
import { NdjsonLineError, NdjsonSplitter, readNdjson, readNdjsonRecords, type NdjsonRecord } from '../../../lib/agent/ndjson';

const encoder = new TextEncoder();

const SAMPLE_VALUES = [
  { event: 'start', session_id: 's-1' },
  { event: 'text_chunk', content: 'Café crème — 5 € ' },
  { event: 'text_chunk', content: '日本語のテキスト 🎒🫖 and “quotes”' },
  { event: 'done', session_id: 's-1', data: { products: [{ id: 'p1', name: 'Ölkanne', price: 12.5 }] } },
];
/** CRLF and LF line ends, a blank line, a whitespace-only line, no newline at the very end. */
const SAMPLE = `${JSON.stringify(SAMPLE_VALUES[0])}\r\n\r\n${JSON.stringify(SAMPLE_VALUES[1])}\n   \n${JSON.stringify(SAMPLE_VALUES[2])}\r\n${JSON.stringify(SAMPLE_VALUES[3])}`;
const SAMPLE_BYTES = encoder.encode(SAMPLE);

function runSplitter(chunks: Uint8Array[]): NdjsonRecord[] {
  const splitter = new NdjsonSplitter();
  const out: NdjsonRecord[] = [];
  for (const chunk of chunks) out.push(...splitter.push(chunk));
  out.push(...splitter.end());
  return out;
}

function splitAt(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  return chunks;
}

const values = (records: NdjsonRecord[]) => records.map((r) => (r.ok ? r.value : r.error));

describe('NdjsonSplitter', () => {
  it('parses the sample in one chunk (blank lines skipped, CRLF handled, last line without newline)', () => {
    const records = runSplitter([SAMPLE_BYTES]);
    expect(values(records)).toEqual(SAMPLE_VALUES);
    expect(records.map((r) => r.line)).toEqual([1, 3, 5, 6]);
  });

  it('gives the same records for every single split point of the sample', () => {
    expect(SAMPLE_BYTES.length).toBeGreaterThan(200);
    for (let p = 0; p <= SAMPLE_BYTES.length; p++) {
      expect(values(runSplitter(splitAt(SAMPLE_BYTES, [p]))), `split at ${p}`).toEqual(SAMPLE_VALUES);
    }
  });

  it('gives the same records for every pair of split points of a short multi-byte sample', () => {
    const short = [{ a: 'é€' }, { b: '🎒' }, { c: 1 }];
    const bytes = encoder.encode(`${JSON.stringify(short[0])}\r\n${JSON.stringify(short[1])}\n\n${JSON.stringify(short[2])}\r\n`);
    let cases = 0;
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        expect(values(runSplitter(splitAt(bytes, [i, j]))), `split at ${i}, ${j}`).toEqual(short);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(500);
  });

  it('joins a multi-byte character delivered one byte per chunk', () => {
    const bytes = encoder.encode('{"t":"🫖€é"}\n');
    const chunks = [...bytes].map((b) => Uint8Array.of(b));
    expect(values(runSplitter(chunks))).toEqual([{ t: '🫖€é' }]);
  });

  it('joins \\r and \\n delivered in separate chunks', () => {
    const records = runSplitter([encoder.encode('{"a":1}\r'), encoder.encode('\n{"b":2}\r'), encoder.encode('\n')]);
    expect(values(records)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('accepts strings as chunks and yields nothing for an empty stream', () => {
    const splitter = new NdjsonSplitter();
    expect(splitter.push('{"a":')).toEqual([]);
    expect(values(splitter.push('1}\n{"b"'))).toEqual([{ a: 1 }]);
    const last = splitter.end(); // '{"b"' is malformed
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({ ok: false, line: 2, error: { line: 2, excerpt: '{"b"' } });
    expect(runSplitter([])).toEqual([]);
    expect(runSplitter([encoder.encode('\n\n  \r\n')])).toEqual([]);
  });

  it('reports a malformed line with its line number and an excerpt, and goes on with the next lines', () => {
    const text = `{"event":"start"}\n\n{"event":"text_chunk","content":"Hel\n{"event":"done"}\n`;
    for (let p = 0; p <= text.length; p++) {
      const bytes = encoder.encode(text);
      const records = runSplitter(splitAt(bytes, [Math.min(p, bytes.length)]));
      expect(records.map((r) => r.ok)).toEqual([true, false, true]);
      const bad = records[1]!;
      expect(bad.line).toBe(3);
      if (!bad.ok) {
        expect(bad.error.line).toBe(3);
        expect(bad.error.excerpt).toBe('{"event":"text_chunk","content":"Hel');
        expect(bad.error.reason.length).toBeGreaterThan(0);
      }
    }
  });

  it('cuts long excerpts and reports an over-long line once', () => {
    const long = `{"x":"${'a'.repeat(300)}`;
    const [record] = runSplitter([encoder.encode(`${long}\n`)]);
    expect(record!.ok).toBe(false);
    if (!record!.ok) {
      expect(record!.error.excerpt).toHaveLength(80);
      expect(record!.error.excerpt.endsWith('…')).toBe(true);
    }
    const splitter = new NdjsonSplitter(50);
    const out = [
      ...splitter.push(`{"a":"${'b'.repeat(40)}`),
      ...splitter.push('b'.repeat(40)),
      ...splitter.push('b'.repeat(40)),
      ...splitter.push('"}\n{"ok":true}\n'),
      ...splitter.end(),
    ];
    expect(out.map((r) => (r.ok ? r.value : r.error.reason))).toEqual(['line too long', { ok: true }]);
    expect(out.map((r) => r.line)).toEqual([1, 2]);
  });
});

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else controller.close();
    },
  });
}

describe('readNdjson', () => {
  it('reads a ReadableStream of bytes cut anywhere', async () => {
    for (const p of [0, 1, 37, 38, 39, 100, SAMPLE_BYTES.length - 1]) {
      const out: unknown[] = [];
      for await (const value of readNdjson(streamOf(splitAt(SAMPLE_BYTES, [p])))) out.push(value);
      expect(out).toEqual(SAMPLE_VALUES);
    }
  });

  it('reads async iterables of strings or bytes', async () => {
    async function* gen() {
      yield '{"a":1}\n{"b"';
      yield encoder.encode(':2}');
    }
    const out: unknown[] = [];
    for await (const value of readNdjson(gen())) out.push(value);
    expect(out).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('throws NdjsonLineError at a malformed line (after the good ones), and cancels the stream', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('{"a":1}\nnot json at all\n{"b":2}\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const out: unknown[] = [];
    let error: unknown;
    try {
      for await (const value of readNdjson(stream)) out.push(value);
    } catch (e) {
      error = e;
    }
    expect(out).toEqual([{ a: 1 }]);
    expect(error).toBeInstanceOf(NdjsonLineError);
    expect((error as NdjsonLineError).line).toBe(2);
    expect((error as NdjsonLineError).excerpt).toBe('not json at all');
    expect(cancelled).toBe(true);
  });

  it("yields error records with { malformed: 'yield' }", async () => {
    const out = [];
    for await (const record of readNdjson(streamOf([encoder.encode('{"a":1}\n{oops\n{"b":2}')]), { malformed: 'yield' })) out.push(record);
    expect(out.map((r) => r.ok)).toEqual([true, false, true]);
  });

  it('passes a stream error through', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('{"a":1}\n{"b":'));
        controller.error(new Error('connection reset'));
      },
    });
    const out: unknown[] = [];
    await expect(async () => {
      for await (const record of readNdjsonRecords(stream)) out.push(record);
    }).rejects.toThrow('connection reset');
  });
});
