/**
 * A read-only full-text index that ranks exactly as MiniSearch 7 does with its default tokenizer (the same BM25+
 * scores, prefix and fuzzy weights, AND/OR combination, score ties in the same order), built for the sandbox's
 * search path: each term's BM25 score per field and document is computed once at build time (the catalog never
 * changes), and a query adds them up in flat arrays instead of building a result object, a match map and a term list
 * for every document each term touches. The term dictionary is MiniSearch's own radix tree (`SearchableMap`), for the
 * same prefix and typo expansions in the same order.
 *
 * Exactness matters because ties (same-length titles, duplicated records) are common in catalogs: every sum is
 * taken in MiniSearch's order (per document: query terms left to right; within a term the exact word, then its
 * prefix extensions, then its typo variants; within each, fields in order), and results come in MiniSearch's order
 * before the (stable) sort by score. tests/unit/sandbox/text-index.test.ts holds it to MiniSearch on the demo catalog.
 */
import SearchableMap from 'minisearch/SearchableMap';

/** MiniSearch's default tokenizer: split on Unicode spaces, newlines and punctuation (symbols such as ® stay). */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;
/** MiniSearch's defaults: BM25+ parameters, the weights of prefix and typo matches, the cap on typo distance. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const MAX_FUZZY = 6;

/** One term in one field: the documents holding it (ascending) and the term's BM25 score in each. */
interface Postings {
  docs: Int32Array;
  scores: Float64Array;
}
/** A term's postings by field id. */
type TermData = (Postings | undefined)[];

export interface TextQuery {
  /** The fields to search, each with its boost (MiniSearch: `fields` and `boost`). */
  fields: readonly (readonly [field: string, boost: number])[];
  combineWith: 'AND' | 'OR';
  /** Match the term as a word prefix too. */
  prefix?: (term: string) => boolean;
  /** Typo tolerance: edits allowed (a number ≥ 1), a fraction of the term's length (< 1), or none. */
  fuzzy?: (term: string) => number | false;
  /** Keep only these documents. */
  filter?: (doc: number) => boolean;
  /** Return only the best this many (the rest are counted, not ranked). */
  limit?: number;
}

export interface TextHit {
  /** The document's position in the list the index was built from. */
  doc: number;
  score: number;
}

const tokens = (text: string) => text.split(SPACE_OR_PUNCTUATION);

function bm25(termFreq: number, matching: number, total: number, fieldLength: number, avgFieldLength: number): number {
  const { k, b, d } = BM25;
  const invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
}

export class TextIndex {
  private readonly terms = new SearchableMap<TermData>();
  private readonly fieldIds = new Map<string, number>();
  /** Every term in the order MiniSearch's typo search visits the tree (depth first, keys in insertion order). */
  private readonly vocabulary: { term: string; data: TermData; mask: number }[] = [];
  /** Positions in `vocabulary` by term length. */
  private readonly byLength: number[][] = [];
  // Scratch space for one query (queries run one at a time): a term's scores, the running total, and generation
  // marks that say which documents a term has reached and which are still in the running.
  private readonly termScore: Float64Array;
  private readonly total: Float64Array;
  private readonly reached: Float64Array;
  private readonly kept: Float64Array;
  private readonly quality: Uint16Array;
  private generation = 0;

  /** `docs[i][f]` is the text of field `fields[f]` of document `i`. */
  constructor(fields: readonly string[], docs: readonly (readonly string[])[]) {
    fields.forEach((field, id) => this.fieldIds.set(field, id));
    // As MiniSearch counts them: a field's length is its number of distinct raw tokens (case-sensitive, the empty
    // token included), and the average is kept as a running mean.
    const lengths = fields.map(() => new Float64Array(docs.length));
    const average = fields.map(() => 0);
    const freqs = new Map<string, Map<number, number>[]>();
    docs.forEach((doc, i) => {
      fields.forEach((_, f) => {
        const words = tokens(doc[f] ?? '');
        lengths[f]![i] = new Set(words).size;
        average[f] = (average[f]! * i + lengths[f]![i]!) / (i + 1);
        for (const word of words) {
          const term = word.toLowerCase();
          if (!term) continue;
          let byField = freqs.get(term);
          if (!byField) freqs.set(term, (byField = []));
          const counts = (byField[f] ??= new Map());
          counts.set(i, (counts.get(i) ?? 0) + 1);
        }
      });
    });
    // Terms go into the tree in first-seen order, as MiniSearch inserts them, so prefix and typo expansions come out in
    // the same order.
    for (const [term, byField] of freqs) {
      const data: TermData = byField.map((counts, f) => {
        if (!counts) return undefined;
        const docsOf = Int32Array.from(counts.keys());
        const scores = Float64Array.from(docsOf, (d) => bm25(counts.get(d)!, counts.size, docs.length, lengths[f]![d]!, average[f]!));
        return { docs: docsOf, scores };
      });
      this.terms.set(term, data);
    }
    const walk = (node: Map<string, unknown>, prefix: string) => {
      for (const [key, child] of node) {
        if (key !== '') {
          walk(child as Map<string, unknown>, prefix + key);
          continue;
        }
        (this.byLength[prefix.length] ??= []).push(this.vocabulary.length);
        this.vocabulary.push({ term: prefix, data: child as TermData, mask: letterMask(prefix) });
      }
    };
    walk(this.terms._tree as Map<string, unknown>, '');
    this.termScore = new Float64Array(docs.length);
    this.total = new Float64Array(docs.length);
    this.reached = new Float64Array(docs.length);
    this.kept = new Float64Array(docs.length);
    this.quality = new Uint16Array(docs.length);
  }

  /**
   * Matching documents, best first (MiniSearch's `search` with these options: scores and order alike), or the first
   * `query.limit` of them; `total` counts them all.
   */
  search(text: string, query: TextQuery): { hits: TextHit[]; total: number } {
    const words = tokens(text)
      .map((w) => w.toLowerCase())
      .filter((w) => w.length > 0);
    if (!words.length) return { hits: [], total: 0 };
    const fields = query.fields.map(([field, boost]) => {
      const id = this.fieldIds.get(field);
      if (id === undefined) throw new Error(`TextIndex: unknown field ${field}`);
      return [id, boost || 1] as const;
    });
    const and = query.combineWith === 'AND';
    // `kept[doc] === keptMark`: the document is in the running (AND: reached by every word so far; OR: by any).
    let keptMark = this.nextGeneration();
    let order: number[] = [];
    words.forEach((word, i) => {
      const newWord = words.indexOf(word) === i;
      // AND: a document some earlier word missed is out, so later words need not score it.
      const reached = this.scoreWord(word, fields, query, and && i > 0 ? keptMark : undefined);
      if (i === 0 || and) {
        // MiniSearch's AND keeps the order of the later word.
        const mark = i === 0 ? keptMark : this.nextGeneration();
        for (const doc of reached) {
          this.total[doc] = i === 0 ? this.termScore[doc]! : this.total[doc]! + this.termScore[doc]!;
          this.quality[doc] = i === 0 ? 1 : this.quality[doc]! + (newWord ? 1 : 0);
          this.kept[doc] = mark;
        }
        keptMark = mark;
        order = reached;
        return;
      }
      // OR: documents new to the union join at the end, in the order this word reached them.
      for (const doc of reached) {
        if (this.kept[doc] === keptMark) {
          this.total[doc] = this.total[doc]! + this.termScore[doc]!;
          if (newWord) this.quality[doc] = this.quality[doc]! + 1;
        } else {
          this.total[doc] = this.termScore[doc]!;
          this.quality[doc] = 1;
          this.kept[doc] = keptMark;
          order.push(doc);
        }
      }
    });
    const docs: number[] = [];
    const scores: number[] = [];
    for (const doc of order) {
      if (query.filter && !query.filter(doc)) continue;
      docs.push(doc);
      scores.push(this.total[doc]! * this.quality[doc]!);
    }
    return { hits: best(docs, scores, query.limit ?? docs.length), total: docs.length };
  }

  /** A mark no document carries yet (a float counter: it never wraps). */
  private nextGeneration(): number {
    return ++this.generation;
  }

  /**
   * One query word's score per document into `termScore` (the exact word, its prefix extensions, its typo variants);
   * returns the documents it reached in first-reached order. With `onlyKept`, documents not so marked are skipped.
   */
  private scoreWord(word: string, fields: readonly (readonly [number, number])[], query: TextQuery, onlyKept: number | undefined): number[] {
    const mark = this.nextGeneration();
    const reached: number[] = [];
    const add = (data: TermData | undefined, weight: number) => {
      if (!data) return;
      for (const [field, boost] of fields) {
        const postings = data[field];
        if (!postings) continue;
        const w = weight * boost;
        const { docs, scores } = postings;
        for (let j = 0; j < docs.length; j++) {
          const doc = docs[j]!;
          if (onlyKept !== undefined && this.kept[doc] !== onlyKept) continue;
          if (this.reached[doc] === mark) {
            this.termScore[doc] = this.termScore[doc]! + w * scores[j]!;
          } else {
            this.reached[doc] = mark;
            this.termScore[doc] = w * scores[j]!;
            reached.push(doc);
          }
        }
      }
    };
    add(this.terms.get(word), 1);
    const prefixes = query.prefix?.(word) ? this.terms.atPrefix(word) : undefined;
    let typos: Map<string, [TermData, number]> | undefined;
    const fuzzy = query.fuzzy?.(word);
    if (fuzzy) {
      const maxDistance = fuzzy < 1 ? Math.min(MAX_FUZZY, Math.round(word.length * fuzzy)) : fuzzy;
      if (maxDistance) typos = this.typos(word, maxDistance);
    }
    if (prefixes) {
      for (const [term, data] of prefixes) {
        const distance = term.length - word.length;
        if (!distance) continue;
        // A prefix extension that is also within the typo distance counts as a prefix match only.
        typos?.delete(term);
        add(data, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance));
      }
    }
    if (typos) {
      for (const [term, [data, distance]] of typos) {
        if (!distance) continue;
        add(data, (FUZZY_WEIGHT * term.length) / (term.length + distance));
      }
    }
    return reached;
  }

  /**
   * The terms within `maxDistance` edits (Levenshtein) of `word`, in the tree's depth-first order, as MiniSearch's
   * `fuzzyGet` returns them; found by scanning the terms of a fitting length whose letters are close enough, instead
   * of walking the tree.
   */
  private typos(word: string, maxDistance: number): Map<string, [TermData, number]> {
    const mask = letterMask(word);
    const candidates: number[] = [];
    for (let length = Math.max(1, word.length - maxDistance); length <= word.length + maxDistance; length++) {
      for (const position of this.byLength[length] ?? []) {
        const other = this.vocabulary[position]!.mask;
        // Each edit adds or removes at most one distinct letter.
        if (bitCount(mask & ~other) <= maxDistance && bitCount(other & ~mask) <= maxDistance) candidates.push(position);
      }
    }
    candidates.sort((a, b) => a - b);
    const typos = new Map<string, [TermData, number]>();
    const rows = [new Uint16Array(word.length + 1), new Uint16Array(word.length + 1)] as const;
    for (const position of candidates) {
      const { term, data } = this.vocabulary[position]!;
      const distance = editDistance(word, term, maxDistance, rows);
      if (distance <= maxDistance) typos.set(term, [data, distance]);
    }
    return typos;
  }
}

/**
 * The `limit` best hits in the order a stable sort by descending score gives (ties keep their order): all of them
 * sorted when they fit, else a bounded heap picks them first.
 */
function best(docs: readonly number[], scores: readonly number[], limit: number): TextHit[] {
  const byRank = (a: number, b: number) => scores[b]! - scores[a]! || a - b;
  let picked: number[];
  if (docs.length <= limit) {
    picked = docs.map((_, i) => i);
  } else {
    // A max-heap on rank: the root is the worst of the best `limit` so far.
    picked = [];
    const worse = (a: number, b: number) => byRank(a, b) > 0;
    const swap = (i: number, j: number) => ([picked[i], picked[j]] = [picked[j]!, picked[i]!]);
    for (let i = 0; i < docs.length && limit > 0; i++) {
      if (picked.length < limit) {
        picked.push(i);
        for (let c = picked.length - 1; c > 0 && worse(picked[c]!, picked[(c - 1) >> 1]!); c = (c - 1) >> 1) swap(c, (c - 1) >> 1);
      } else if (worse(picked[0]!, i)) {
        picked[0] = i;
        for (let p = 0; ; ) {
          const l = 2 * p + 1;
          const r = l + 1;
          let w = p;
          if (l < limit && worse(picked[l]!, picked[w]!)) w = l;
          if (r < limit && worse(picked[r]!, picked[w]!)) w = r;
          if (w === p) break;
          swap(p, w);
          p = w;
        }
      }
    }
  }
  return picked.sort(byRank).map((i) => ({ doc: docs[i]!, score: scores[i]! }));
}

/** The letters of a word as bits (code unit mod 32): a letter absent from a word's mask is absent from the word. */
function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) mask |= 1 << (word.charCodeAt(i) & 31);
  return mask;
}

function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Levenshtein distance over UTF-16 code units (as MiniSearch counts), or `max + 1` as soon as it must exceed `max`. */
function editDistance(a: string, b: string, max: number, rows: readonly [Uint16Array, Uint16Array]): number {
  let [previous, current] = rows;
  for (let j = 0; j <= a.length; j++) previous[j] = j;
  for (let i = 1; i <= b.length; i++) {
    const char = b.charCodeAt(i - 1);
    current[0] = i;
    let least = i;
    for (let j = 1; j <= a.length; j++) {
      const value = Math.min(previous[j - 1]! + (a.charCodeAt(j - 1) === char ? 0 : 1), previous[j]! + 1, current[j - 1]! + 1);
      current[j] = value;
      if (value < least) least = value;
    }
    if (least > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return previous[a.length]!;
}
