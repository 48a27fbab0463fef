/** The strict writer: a request body is checked against its schema before it is sent. */
import type { z } from 'zod';
import { OctogenError, type FieldError } from './errors';

/** The parsed body, or an `OctogenError` of kind `request` whose field errors say what does not fit. */
export function checkRequest<S extends z.ZodType>(operation: string, schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fieldErrors: FieldError[] = parsed.error.issues.map((issue) => ({
    loc: ['body', ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
    msg: issue.message,
    type: issue.code,
  }));
  throw new OctogenError({
    kind: 'request',
    operation,
    fieldErrors,
    message: `${operation}: request does not fit the contract (${fieldErrors.map((f) => f.loc.slice(1).join('.') || 'body').join(', ')})`,
  });
}
