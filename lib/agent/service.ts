/**
 * The Ask conversation, run by the background: one turn at a time per request, streamed into the stored session
 * state (so the conversation survives the popup closing and the UI just renders storage), with sponsored
 * impressions kept for attribution. Closing the UI (its port) aborts the turn and keeps the partial answer.
 *
 * While a turn is in flight the background is held alive (lib/agent/keepalive.ts). A streamed answer is written in
 * batches (lib/agent/batched-text.ts), its whole text kept in memory until the turn ends. A turn always ends in the
 * store, even when the store refuses its outcome (`settle`).
 */
import { OctogenError, type OctogenErrorData } from '../octogen/errors';
import { BatchedText, STREAM_WRITE_INTERVAL_MS } from './batched-text';
import type { AgentClient, AgentAnswer } from './client';
import { AGENT_ERROR_DETAILS } from './errors';
import { keepAliveWhile, type KeepAlive } from './keepalive';
import type { AgentSearchRequest } from './schemas';
import {
  addAttribution,
  addTurn,
  completeTurn,
  currentConversation,
  failTurn,
  findTurn,
  impressionsOf,
  stopTurn,
  streamText,
  type AgentSessionState,
  type AttributionRecord,
} from './session';

export interface AskPrefs {
  streaming: boolean;
  maxResults: number;
  maxSponsored: number;
  /** Decimal strings as typed; empty for no bound. */
  priceMin: string;
  priceMax: string;
}

export const DEFAULT_ASK_PREFS: AskPrefs = { streaming: true, maxResults: 6, maxSponsored: 2, priceMin: '', priceMax: '' };

export interface AgentServiceDeps {
  getClient(): Promise<AgentClient | null>;
  readState(): Promise<AgentSessionState>;
  writeState(state: AgentSessionState): Promise<void>;
  readAttribution(): Promise<AttributionRecord[]>;
  writeAttribution(log: AttributionRecord[]): Promise<void>;
  now(): number;
  /** Holds the background alive while a turn is in flight (absent: nothing to hold, e.g. in unit tests). */
  keepAlive?: KeepAlive;
  /** The least time between two writes of a streaming answer (default STREAM_WRITE_INTERVAL_MS). */
  streamWriteIntervalMs?: number;
}

/** The request of a turn: strict, with the price filter only when a bound is given. */
export function buildAgentRequest(query: string, sessionId: string, prefs: AskPrefs): AgentSearchRequest {
  const request: AgentSearchRequest = {
    query,
    session_id: sessionId,
    max_results: prefs.maxResults,
    max_sponsored: prefs.maxSponsored,
    streaming: prefs.streaming,
  };
  const min = prefs.priceMin.trim() ? Number(prefs.priceMin) : undefined;
  const max = prefs.priceMax.trim() ? Number(prefs.priceMax) : undefined;
  if ((min !== undefined && Number.isFinite(min)) || (max !== undefined && Number.isFinite(max))) {
    request.price_filtering = true;
    if (min !== undefined && Number.isFinite(min)) request.min_price = min;
    if (max !== undefined && Number.isFinite(max)) request.max_price = max;
  }
  return request;
}

export class AgentService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: AgentServiceDeps) {}

  /** Serialised read-modify-write of the stored session state. */
  update(change: (state: AgentSessionState) => AgentSessionState): Promise<AgentSessionState> {
    const next = this.queue.then(async () => {
      const state = change(await this.deps.readState());
      await this.deps.writeState(state);
      return state;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Record a click on a sponsored item (impressions are recorded when a turn completes). */
  async recordClick(record: Omit<AttributionRecord, 'kind' | 'at'>) {
    const log = await this.deps.readAttribution();
    await this.deps.writeAttribution(addAttribution(log, { ...record, kind: 'click', at: this.deps.now() }));
  }

  /**
   * Ask one question in the current conversation (a new one if there is none). Resolves when the turn ends; rejects
   * only if the turn could not even be added to the store.
   */
  ask(query: string, prefs: AskPrefs, signal: AbortSignal): Promise<void> {
    return keepAliveWhile(this.deps.keepAlive, () => this.turn(query, prefs, signal));
  }

  private async turn(query: string, prefs: AskPrefs, signal: AbortSignal): Promise<void> {
    const turnId = crypto.randomUUID();
    const clock = { now: this.deps.now };
    const state = await this.update((s) => addTurn(s, query, turnId, clock));
    const conversation = currentConversation(state)!;
    const client = await this.deps.getClient();
    if (!client) {
      await this.settle(turnId, '', (s) =>
        failTurn(s, turnId, { kind: 'config', operation: 'agentSearch', message: 'Add the catalog agent API URL and key in Octolens options.' }, clock),
      );
      return;
    }
    const text = new BatchedText((received) => this.update((s) => streamText(s, turnId, received)), this.deps.streamWriteIntervalMs ?? STREAM_WRITE_INTERVAL_MS);
    let answer: AgentAnswer | undefined;
    let outcome: (s: AgentSessionState) => AgentSessionState;
    try {
      answer = await client.search(buildAgentRequest(query, conversation.sessionId, prefs), {
        signal,
        onEvent: (event) => {
          if (event.event === 'text_chunk') text.push(event.content);
        },
      });
      const { data, session_id: sessionId } = answer;
      const full = answer.streamed ? text.value : answer.text;
      outcome = (s) => completeTurn(s, turnId, { text: full, products: data?.products ?? [], summary: data?.summary, sessionId }, clock);
    } catch (error) {
      const data: OctogenErrorData =
        error instanceof OctogenError ? error.data : { kind: 'network', operation: 'agentSearch', message: String(error) };
      outcome =
        data.kind === 'aborted' || signal.aborted
          ? (s) => stopTurn(streamText(s, turnId, text.value), turnId, clock)
          : (s) => failTurn(streamText(s, turnId, text.value), turnId, data, clock);
    } finally {
      text.close();
    }
    const done = await this.settle(turnId, text.value, outcome);
    const found = done && answer ? findTurn(done, turnId) : undefined;
    if (found && found.turn.sponsored.length) {
      let log = await this.deps.readAttribution();
      for (const record of impressionsOf(found.turn, found.conversation.sessionId, this.deps.now())) log = addAttribution(log, record);
      await this.deps.writeAttribution(log);
    }
  }

  /**
   * Write how a turn ended. If the store refuses it (e.g. `storage.local` is full), the turn still ends there, so the
   * UI does not wait forever: as an error saying the answer could not be saved, with the text received (its products,
   * most of a turn's size, are left out); failing that, with only its status and error. Resolves with the stored
   * state when the outcome itself was written, else undefined. Only a store that refuses every write leaves the turn
   * `streaming`; the next start of the background settles it (`settleInterrupted`).
   */
  private async settle(turnId: string, text: string, outcome: (s: AgentSessionState) => AgentSessionState): Promise<AgentSessionState | undefined> {
    let cause: unknown;
    try {
      return await this.update(outcome);
    } catch (error) {
      cause = error;
    }
    const clock = { now: this.deps.now };
    const error: OctogenErrorData = {
      kind: 'config',
      operation: 'saveConversation',
      detail: AGENT_ERROR_DETAILS.storageFailed,
      message: `saveConversation: the browser's storage refused the conversation (${cause instanceof Error ? cause.message : String(cause)})`,
    };
    for (const fallback of [
      (s: AgentSessionState) => failTurn(streamText(s, turnId, text), turnId, error, clock),
      (s: AgentSessionState) => failTurn(s, turnId, error, clock),
    ]) {
      try {
        await this.update(fallback);
        return undefined;
      } catch {
        // Try a smaller change.
      }
    }
    return undefined;
  }
}
