/**
 * Tolerant parsing of service responses: a response that fails its schema only in a non-essential field keeps every
 * valid part (the bad field is dropped and reported as drift); a failure in an essential field is a typed error that
 * names the field's path.
 */
import type { z } from 'zod';

export type PathPattern = string;

export interface TolerantResult<T> {
  value: T;
  /** Paths of the fields (or list items) dropped because they did not fit the schema. */
  drift: string[];
}

export class EssentialFieldError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`${path || '(response)'}: ${reason}`);
  }
}

export function pathToString(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** `items.3.uuid` matches the pattern `items.*.uuid`; `product` matches `product`. */
function matches(pattern: PathPattern, path: readonly PropertyKey[]): boolean {
  const parts = pattern.split('.');
  if (parts.length !== path.length) return false;
  return parts.every((part, i) => part === '*' || part === String(path[i]));
}

type Container = Record<string, unknown> | unknown[];

function containerAt(root: unknown, path: readonly PropertyKey[]): Container | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key as string];
  }
  return node !== null && typeof node === 'object' ? (node as Container) : undefined;
}

/**
 * Parse `input` with `schema`. `essential` lists path patterns whose failure is fatal (the empty path, i.e. the
 * response as a whole, always is). Missing required fields make their parent object droppable; a bad list item is
 * removed from its list.
 */
export function parseTolerant<S extends z.ZodType>(
  schema: S,
  input: unknown,
  essential: readonly PathPattern[],
): TolerantResult<z.output<S>> {
  const drift: string[] = [];
  const data = input;
  for (let round = 0; round < 100; round++) {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data, drift };
    const targets: PropertyKey[][] = [];
    for (const issue of result.error.issues) {
      let path: PropertyKey[] = [...issue.path];
      const parent = containerAt(data, path.slice(0, -1)) as Record<PropertyKey, unknown> | undefined;
      const missing = issue.code === 'invalid_type' && parent !== undefined && parent[path[path.length - 1]!] === undefined;
      // A required field that is absent: the object that should have held it goes instead.
      if (missing) path = path.slice(0, -1);
      if (path.length === 0 || essential.some((pattern) => matches(pattern, path))) {
        throw new EssentialFieldError(pathToString(issue.path), issue.message);
      }
      targets.push(path);
    }
    // Drop a target whose ancestor also goes; remove later list items first so indices stay valid.
    const keys = new Set(targets.map(pathToString));
    const unique = [...new Map(targets.map((t) => [pathToString(t), t])).values()].filter(
      (t) => !t.some((_, i) => i > 0 && keys.has(pathToString(t.slice(0, i)))),
    );
    unique.sort((a, b) => comparePathsDescending(a, b));
    for (const path of unique) {
      const parent = containerAt(data, path.slice(0, -1));
      const last = path[path.length - 1]!;
      if (!parent) throw new EssentialFieldError(pathToString(path), 'unexpected shape');
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last as string];
      drift.push(pathToString(path));
    }
  }
  throw new EssentialFieldError('', 'response could not be repaired');
}

function comparePathsDescending(a: readonly PropertyKey[], b: readonly PropertyKey[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(y).localeCompare(String(x));
  }
  return b.length - a.length;
}
