/** Agent-specific error details and their plain-language descriptions (no zod: the popup imports this). */
import { describeError, type ErrorDescription, type OctogenErrorData } from '../octogen/errors';

export const AGENT_ERROR_DETAILS = {
  /** The connection broke after the answer started. */
  streamInterrupted: 'stream_interrupted',
  /** The stream ended cleanly but without a `done` event. */
  streamIncomplete: 'stream_incomplete',
  /** The agent sent an `{"event":"error"}` event. */
  agentError: 'agent_error',
  /** The browser's storage refused to save the conversation (e.g. `storage.local` is full). */
  storageFailed: 'storage_failed',
} as const;

/** Plain-language description of an agent error (agent-specific cases first, then the common `describeError`). */
export function describeAgentError(error: OctogenErrorData): ErrorDescription {
  if (error.detail === AGENT_ERROR_DETAILS.agentError) {
    return { title: 'The assistant ran into a problem', message: 'The catalog agent could not finish this answer. Try again or rephrase.', action: 'retry' };
  }
  if (error.detail === AGENT_ERROR_DETAILS.streamInterrupted || error.detail === AGENT_ERROR_DETAILS.streamIncomplete) {
    return { title: 'The answer was cut off', message: 'The connection closed before the answer was complete. The part received is kept; try again.', action: 'retry' };
  }
  if (error.detail === AGENT_ERROR_DETAILS.storageFailed) {
    return {
      title: 'The answer could not be saved',
      message: 'The browser refused to store this conversation (its storage may be full). Clear conversations to make room, then ask again.',
      action: 'retry',
    };
  }
  if (error.kind === 'http' && error.status === 401) {
    return { title: 'Agent API key rejected', message: 'The catalog agent does not accept this API key. Enter a current agent key in options.', action: 'open-options' };
  }
  if (error.kind === 'timeout') {
    return { title: 'The assistant took too long', message: 'No complete answer came in time. Try again, perhaps with a simpler request.', action: 'retry' };
  }
  return describeError(error);
}
