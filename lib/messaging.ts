/**
 * Typed messaging between the popup/options pages and the background, over `runtime.sendMessage`.
 *
 * Every answer is an envelope, so typed errors (`OctogenErrorData`) survive the trip intact instead of being flattened
 * to a string. Only extension pages may call the privileged operations; content scripts may only report detections.
 * No message ever carries the stored API key back out of the background.
 */
import { browser, type Browser } from 'wxt/browser';
import { OctogenError, isOctogenErrorData, type OctogenErrorData } from './octogen/errors';
import type { Protocol } from './protocol';

import { MESSAGE_TAG } from './message-tag';

export { MESSAGE_TAG };

/** `detail` of errors where the background itself was gone (its service worker stopped mid-request). */
export const BACKGROUND_UNAVAILABLE = 'background_unavailable';

export interface Envelope<K extends keyof Protocol = keyof Protocol> {
  tag: typeof MESSAGE_TAG;
  type: K;
  data: Parameters<Protocol[K]>[0];
}

export type Answer<T> = { ok: true; value: T } | { ok: false; error: OctogenErrorData };

export type Handlers = {
  [K in keyof Protocol]: (
    data: Parameters<Protocol[K]>[0],
    sender: Browser.runtime.MessageSender,
  ) => Promise<Awaited<ReturnType<Protocol[K]>>> | Awaited<ReturnType<Protocol[K]>>;
};

/** Messages a content script may send; everything else is refused from web pages' tabs. */
const CONTENT_SCRIPT_MESSAGES: ReadonlySet<keyof Protocol> = new Set(['detected']);

export function isEnvelope(message: unknown): message is Envelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as Envelope).tag === MESSAGE_TAG &&
    typeof (message as Envelope).type === 'string'
  );
}

/** Call the background. Rejects with an `OctogenError` when the background answers with an error. */
export async function send<K extends keyof Protocol>(
  type: K,
  ...args: Parameters<Protocol[K]>[0] extends undefined ? [] : [data: Parameters<Protocol[K]>[0]]
): Promise<Awaited<ReturnType<Protocol[K]>>> {
  const envelope: Envelope<K> = { tag: MESSAGE_TAG, type, data: args[0] as Parameters<Protocol[K]>[0] };
  let answer: Answer<Awaited<ReturnType<Protocol[K]>>> | undefined;
  try {
    answer = (await browser.runtime.sendMessage(envelope)) as typeof answer;
  } catch (error) {
    // The service worker was stopped mid-request, or is starting: the caller may retry.
    throw new OctogenError({
      kind: 'network',
      operation: String(type),
      detail: BACKGROUND_UNAVAILABLE,
      message: `The extension's background did not answer (${error instanceof Error ? error.message : 'unknown'}).`,
    });
  }
  if (!answer || typeof answer !== 'object' || !('ok' in answer)) {
    throw new OctogenError({ kind: 'network', operation: String(type), detail: BACKGROUND_UNAVAILABLE, message: "The extension's background did not answer." });
  }
  if (!answer.ok) throw new OctogenError(answer.error);
  return answer.value;
}

function toErrorData(type: string, error: unknown): OctogenErrorData {
  if (error instanceof OctogenError) return error.data;
  if (isOctogenErrorData(error)) return error;
  return { kind: 'config', operation: type, message: error instanceof Error ? error.message : 'Unexpected error' };
}

function fromExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  const own = browser.runtime.getURL('/');
  return sender.id === browser.runtime.id && (!sender.url || sender.url.startsWith(own.replace(/\/$/, '')));
}

/** Register the background's handlers. Returns a function that removes the listener. */
export function handleMessages(handlers: Handlers): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender) => {
    if (!isEnvelope(message)) return undefined;
    const type = message.type;
    const handler = handlers[type] as ((data: unknown, sender: Browser.runtime.MessageSender) => unknown) | undefined;
    if (!handler) return Promise.resolve({ ok: false, error: toErrorData(type, new Error(`Unknown message ${type}`)) });
    if (sender.id !== browser.runtime.id) return undefined;
    const allowed = CONTENT_SCRIPT_MESSAGES.has(type) ? sender.tab?.id !== undefined : fromExtensionPage(sender);
    if (!allowed) {
      return Promise.resolve({ ok: false, error: toErrorData(type, new Error('Not allowed from this context')) });
    }
    return (async (): Promise<Answer<unknown>> => {
      try {
        return { ok: true, value: await handler(message.data, sender) };
      } catch (error) {
        return { ok: false, error: toErrorData(type, error) };
      }
    })();
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
