/**
 * zod issues -> FastAPI / pydantic v2 validation errors, so the sandbox answers 422 exactly as the real service does:
 * `{"detail": [{"type", "loc", "msg", "input", "ctx"?}]}`.
 */
import type { z } from 'zod';
import type { ValidationItem } from '../lib/octogen/schemas';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

const TYPE_ERRORS: Record<string, { type: string; msg: string }> = {
  string: { type: 'string_type', msg: 'Input should be a valid string' },
  number: { type: 'float_type', msg: 'Input should be a valid number' },
  int: { type: 'int_type', msg: 'Input should be a valid integer' },
  boolean: { type: 'bool_type', msg: 'Input should be a valid boolean' },
  array: { type: 'list_type', msg: 'Input should be a valid list' },
  object: { type: 'model_type', msg: 'Input should be a valid dictionary or object to extract fields from' },
  record: { type: 'dict_type', msg: 'Input should be a valid dictionary' },
};

function quoteList(values: readonly unknown[]): string {
  const quoted = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** Convert one zod error to pydantic items; `body` is the parsed request body, `prefix` the loc prefix. */
export function toValidationItems(error: z.ZodError, body: unknown, prefix: (string | number)[] = ['body']): ValidationItem[] {
  const items: ValidationItem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const loc = [...prefix, ...path];
    const input = valueAt(body, issue.path);
    switch (issue.code) {
      case 'invalid_type': {
        if (input === undefined) {
          items.push({ type: 'missing', loc, msg: 'Field required', input: valueAt(body, issue.path.slice(0, -1)) ?? {} });
          break;
        }
        const expected = String(issue.expected);
        if (expected === 'int' && typeof input === 'number') {
          items.push({ type: 'int_from_float', loc, msg: 'Input should be a valid integer, got a number with a fractional part', input });
          break;
        }
        if (path.length === 0) {
          items.push({ type: 'model_attributes_type', loc, msg: 'Input should be a valid dictionary or object to extract fields from', input });
          break;
        }
        const known = TYPE_ERRORS[expected] ?? { type: `${expected}_type`, msg: `Input should be a valid ${expected}` };
        items.push({ ...known, loc, input });
        break;
      }
      case 'too_big': {
        const max = Number(issue.maximum);
        if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
          items.push(
            issue.inclusive === false
              ? { type: 'less_than', loc, msg: `Input should be less than ${max}`, input, ctx: { lt: max } }
              : { type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${max}`, input, ctx: { le: max } },
          );
        } else if (issue.origin === 'string') {
          items.push({ type: 'string_too_long', loc, msg: `String should have at most ${max} character${max === 1 ? '' : 's'}`, input, ctx: { max_length: max } });
        } else {
          const actual = Array.isArray(input) ? input.length : undefined;
          items.push({ type: 'too_long', loc, msg: `List should have at most ${max} item${max === 1 ? '' : 's'} after validation, not ${actual}`, input, ctx: { field_type: 'List', max_length: max, actual_length: actual } });
        }
        break;
      }
      case 'too_small': {
        const min = Number(issue.minimum);
        if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
          items.push(
            issue.inclusive === false
              ? { type: 'greater_than', loc, msg: `Input should be greater than ${min}`, input, ctx: { gt: min } }
              : { type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${min}`, input, ctx: { ge: min } },
          );
        } else if (issue.origin === 'string') {
          items.push({ type: 'string_too_short', loc, msg: `String should have at least ${min} character${min === 1 ? '' : 's'}`, input, ctx: { min_length: min } });
        } else {
          const actual = Array.isArray(input) ? input.length : undefined;
          items.push({ type: 'too_short', loc, msg: `List should have at least ${min} item${min === 1 ? '' : 's'} after validation, not ${actual}`, input, ctx: { field_type: 'List', min_length: min, actual_length: actual } });
        }
        break;
      }
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          items.push({ type: 'extra_forbidden', loc: [...loc, key], msg: 'Extra inputs are not permitted', input: valueAt(body, [...issue.path, key]) });
        }
        break;
      case 'invalid_value': {
        const expected = quoteList(issue.values);
        items.push({ type: 'enum', loc, msg: `Input should be ${expected}`, input, ctx: { expected } });
        break;
      }
      default:
        items.push({ type: 'value_error', loc, msg: `Value error, ${issue.message}`, input, ctx: { error: issue.message } });
    }
  }
  return items;
}

/** The pydantic error for a body that is not valid JSON (FastAPI reports the character position). */
export function jsonInvalidItem(text: string): ValidationItem {
  let position = 0;
  try {
    JSON.parse(text);
  } catch (error) {
    const message = String((error as Error).message);
    const match = /position (\d+)/.exec(message);
    position = match ? Number(match[1]) : /end of JSON/i.test(message) ? text.length : 0;
  }
  return { type: 'json_invalid', loc: ['body', position], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } };
}
