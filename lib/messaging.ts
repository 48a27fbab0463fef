/**
 * Typed messaging between the extension's pages and the background, over `runtime.sendMessage`, in the wire's
 * envelope (lib/wire.ts). Every answer is an `Answer`, so typed errors (`OctogenErrorData`) survive the trip intact
 * instead of being flattened to a string. Only extension pages may call the privileged operations; content scripts
 * may only report detections. No message ever carries a stored key back out of the background.
 */
import { browser, type Browser } from 'wxt/browser';
import { OctogenError, isOctogenErrorData, type OctogenErrorData } from './octogen/errors';
import {
  CONTENT_SCRIPT_MESSAGES,
  envelope,
  fromExtensionPage,
  isEnvelope,
  readAnswer,
  type Answer,
  type MessageData,
  type MessageType,
  type MessageValue,
} from './wire';

export { BACKGROUND_UNAVAILABLE } from './wire';

export type Handlers = {
  [K in MessageType]: (data: MessageData<K>, sender: Browser.runtime.MessageSender) => Promise<Awaited<MessageValue<K>>> | Awaited<MessageValue<K>>;
};

/** Call the background. Rejects with an `OctogenError` when the background answers with an error, or not at all. */
export async function send<K extends MessageType>(
  type: K,
  ...args: MessageData<K> extends undefined ? [] : [data: MessageData<K>]
): Promise<Awaited<MessageValue<K>>> {
  let raw: unknown;
  let reason: string | undefined;
  try {
    raw = await browser.runtime.sendMessage(envelope(type, args[0] as MessageData<K>));
  } catch (error) {
    // The service worker was stopped mid-request, or is starting: the caller may retry.
    reason = error instanceof Error ? error.message : 'unknown';
  }
  const answer = readAnswer<Awaited<MessageValue<K>>>(type, raw, reason);
  if (!answer.ok) throw new OctogenError(answer.error);
  return answer.value;
}

function toErrorData(type: string, error: unknown): OctogenErrorData {
  if (error instanceof OctogenError) return error.data;
  if (isOctogenErrorData(error)) return error;
  return { kind: 'config', operation: type, message: error instanceof Error ? error.message : 'Unexpected error' };
}

/** Register the background's handlers. Returns a function that removes the listener. */
export function handleMessages(handlers: Handlers): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender) => {
    if (!isEnvelope(message)) return undefined;
    const type = message.type;
    const handler = handlers[type] as ((data: unknown, sender: Browser.runtime.MessageSender) => unknown) | undefined;
    const refuse = (why: string) => Promise.resolve<Answer<never>>({ ok: false, error: toErrorData(type, new Error(why)) });
    if (!handler) return refuse(`Unknown message ${type}`);
    if (sender.id !== browser.runtime.id) return undefined;
    const allowed = CONTENT_SCRIPT_MESSAGES.has(type) ? sender.tab?.id !== undefined : fromExtensionPage(sender, browser.runtime.id, browser.runtime.getURL('/'));
    if (!allowed) return refuse('Not allowed from this context');
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
