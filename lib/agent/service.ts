/**
 * The Ask conversation, run by the background: one turn at a time per request, streamed into the stored session
 * state (so the conversation survives the popup closing and the UI just renders storage), with sponsored
 * impressions kept for attribution. Closing the UI (its port) aborts the turn and keeps the partial answer.
 */
import { OctogenError, type OctogenErrorData } from '../octogen/errors';
import type { AgentClient } from './client';
import type { AgentSearchRequest } from './schemas';
import {
  addAttribution,
  addTurn,
  appendText,
  completeTurn,
  currentConversation,
  failTurn,
  findTurn,
  impressionsOf,
  stopTurn,
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

  /** Ask one question in the current conversation (a new one if there is none). Resolves when the turn ends. */
  async ask(query: string, prefs: AskPrefs, signal: AbortSignal): Promise<void> {
    const turnId = crypto.randomUUID();
    const clock = { now: this.deps.now };
    const state = await this.update((s) => addTurn(s, query, turnId, clock));
    const conversation = currentConversation(state)!;
    const client = await this.deps.getClient();
    if (!client) {
      await this.update((s) =>
        failTurn(s, turnId, { kind: 'config', operation: 'agentSearch', message: 'Add the catalog agent API URL and key in Octolens options.' }, clock),
      );
      return;
    }
    try {
      const request = buildAgentRequest(query, conversation.sessionId, prefs);
      const answer = await client.search(request, {
        signal,
        onEvent: (event) => {
          if (event.event === 'text_chunk') void this.update((s) => appendText(s, turnId, event.content));
        },
      });
      const done = await this.update((s) =>
        completeTurn(
          s,
          turnId,
          { text: answer.streamed ? undefined : answer.text, products: answer.data?.products ?? [], summary: answer.data?.summary, sessionId: answer.session_id },
          clock,
        ),
      );
      const found = findTurn(done, turnId);
      if (found && found.turn.sponsored.length) {
        let log = await this.deps.readAttribution();
        for (const record of impressionsOf(found.turn, found.conversation.sessionId, this.deps.now())) log = addAttribution(log, record);
        await this.deps.writeAttribution(log);
      }
    } catch (error) {
      const data: OctogenErrorData =
        error instanceof OctogenError ? error.data : { kind: 'network', operation: 'agentSearch', message: String(error) };
      if (data.kind === 'aborted' || signal.aborted) await this.update((s) => stopTurn(s, turnId, clock));
      else await this.update((s) => failTurn(s, turnId, data, clock));
    }
  }
}
