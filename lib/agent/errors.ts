/** Agent-specific error details and their plain-language descriptions (no zod: the popup imports this). */
import { t } from '../i18n';
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
    return { title: t('agentErrors.agent.title'), message: t('agentErrors.agent.message'), action: 'retry' };
  }
  if (error.detail === AGENT_ERROR_DETAILS.streamInterrupted || error.detail === AGENT_ERROR_DETAILS.streamIncomplete) {
    return { title: t('agentErrors.cutOff.title'), message: t('agentErrors.cutOff.message'), action: 'retry' };
  }
  if (error.detail === AGENT_ERROR_DETAILS.storageFailed) {
    return { title: t('agentErrors.storage.title'), message: t('agentErrors.storage.message'), action: 'retry' };
  }
  if (error.kind === 'http' && error.status === 401) {
    return { title: t('agentErrors.key.title'), message: t('agentErrors.key.message'), action: 'open-options' };
  }
  if (error.kind === 'timeout') {
    return { title: t('agentErrors.timeout.title'), message: t('agentErrors.timeout.message'), action: 'retry' };
  }
  return describeError(error);
}
