/**
 * The agent conversation store, as pure functions over a serializable state (no React, no storage):
 * every function returns a new state and leaves its input untouched, so the UI can keep the state in storage and
 * in React state alike.
 *
 * One conversation = one agent `session_id` (a fresh `crypto.randomUUID()`, as the doc advises: "Generate a unique
 * session_id per conversation ... Start a new session for a new conversation").
 *
 * Also: the sponsored attribution log (impressions and clicks of `resolvedBidId`s).
 */
import type { OctogenErrorData } from '../octogen/errors';
import type { AgentProduct, AgentSummary } from './schemas';
import { splitProducts } from './split';

export type TurnStatus = 'streaming' | 'done' | 'error' | 'stopped';

export interface AgentTurn {
  id: string;
  query: string;
  /** The answer text (partial while streaming, kept on error or stop). */
  text: string;
  /** Organic products in rank order. */
  products: AgentProduct[];
  /** Sponsored placements, never mixed into `products`. */
  sponsored: AgentProduct[];
  status: TurnStatus;
  error?: OctogenErrorData;
  summary?: AgentSummary;
  startedAt: number;
  finishedAt?: number;
}

export interface Conversation {
  id: string;
  sessionId: string;
  turns: AgentTurn[];
  createdAt: number;
}

export interface AgentSessionState {
  conversations: Conversation[];
  currentId: string | null;
}

export const SESSION_LIMITS = { maxConversations: 20, maxTurns: 50 } as const;

export interface Clock {
  now?: () => number;
  newId?: () => string;
}

const uuid = () => globalThis.crypto.randomUUID();

export function emptySessionState(): AgentSessionState {
  return { conversations: [], currentId: null };
}

export function currentConversation(state: AgentSessionState): Conversation | undefined {
  return state.conversations.find((c) => c.id === state.currentId);
}

export function findTurn(state: AgentSessionState, turnId: string): { conversation: Conversation; turn: AgentTurn } | undefined {
  for (const conversation of state.conversations) {
    const turn = conversation.turns.find((t) => t.id === turnId);
    if (turn) return { conversation, turn };
  }
  return undefined;
}

/** A new conversation with a new session id becomes current (the oldest ones beyond the limit are dropped). */
export function startConversation(state: AgentSessionState, clock: Clock = {}): AgentSessionState {
  const newId = clock.newId ?? uuid;
  const conversation: Conversation = { id: newId(), sessionId: newId(), turns: [], createdAt: (clock.now ?? Date.now)() };
  const conversations = [...state.conversations, conversation].slice(-SESSION_LIMITS.maxConversations);
  return { conversations, currentId: conversation.id };
}

export function selectConversation(state: AgentSessionState, conversationId: string): AgentSessionState {
  return state.conversations.some((c) => c.id === conversationId) ? { ...state, currentId: conversationId } : state;
}

/**
 * Add a turn (status `streaming`) to the current conversation, starting one if there is none. `turnId` lets the
 * caller know the id up front; the session id to send is `currentConversation(next).sessionId`.
 */
export function addTurn(state: AgentSessionState, query: string, turnId?: string, clock: Clock = {}): AgentSessionState {
  const base = currentConversation(state) ? state : startConversation(state, clock);
  const turn: AgentTurn = {
    id: turnId ?? (clock.newId ?? uuid)(),
    query,
    text: '',
    products: [],
    sponsored: [],
    status: 'streaming',
    startedAt: (clock.now ?? Date.now)(),
  };
  return mapConversation(base, base.currentId!, (c) => ({ ...c, turns: [...c.turns, turn].slice(-SESSION_LIMITS.maxTurns) }));
}

/** Append a streamed text chunk (ignored unless the turn is still streaming). */
export function appendText(state: AgentSessionState, turnId: string, chunk: string): AgentSessionState {
  return mapTurn(state, turnId, (t) => (t.status === 'streaming' ? { ...t, text: t.text + chunk } : t));
}

/**
 * Set a streaming turn's text to all the text received so far (ignored unless the turn is still streaming). The
 * background writes a streamed answer in batches (lib/agent/batched-text.ts): each write carries the whole text, so
 * a write that failed loses nothing once a later one succeeds.
 */
export function streamText(state: AgentSessionState, turnId: string, text: string): AgentSessionState {
  return mapTurn(state, turnId, (t) => (t.status === 'streaming' && t.text !== text ? { ...t, text } : t));
}

export interface TurnResult {
  /** The full text (JSON mode); absent: keep the streamed text. */
  text?: string;
  products: readonly AgentProduct[];
  summary?: AgentSummary | null;
  /** The session id the server answered with; if it differs, the conversation adopts it. */
  sessionId?: string | null;
}

/** The answer is complete: split the products into organic and sponsored, status `done`. */
export function completeTurn(state: AgentSessionState, turnId: string, result: TurnResult, clock: Clock = {}): AgentSessionState {
  const found = findTurn(state, turnId);
  if (!found) return state;
  const { organic, sponsored } = splitProducts(result.products);
  let next = mapTurn(state, turnId, (t) => ({
    ...t,
    text: result.text ?? t.text,
    products: organic,
    sponsored,
    status: 'done',
    summary: result.summary ?? undefined,
    error: undefined,
    finishedAt: (clock.now ?? Date.now)(),
  }));
  if (result.sessionId && result.sessionId !== found.conversation.sessionId) {
    next = mapConversation(next, found.conversation.id, (c) => ({ ...c, sessionId: result.sessionId! }));
  }
  return next;
}

/** The turn failed: keep the partial text, record the error. */
export function failTurn(state: AgentSessionState, turnId: string, error: OctogenErrorData, clock: Clock = {}): AgentSessionState {
  return mapTurn(state, turnId, (t) => ({ ...t, status: 'error', error, finishedAt: (clock.now ?? Date.now)() }));
}

/** The user stopped the turn: keep the partial text. */
export function stopTurn(state: AgentSessionState, turnId: string, clock: Clock = {}): AgentSessionState {
  return mapTurn(state, turnId, (t) => (t.status === 'streaming' ? { ...t, status: 'stopped', finishedAt: (clock.now ?? Date.now)() } : t));
}

/**
 * After a restart nothing is streaming any more: turns left `streaming` (the popup or worker died mid-answer) become
 * `stopped`, keeping their partial text.
 */
export function settleInterrupted(state: AgentSessionState): AgentSessionState {
  if (!state.conversations.some((c) => c.turns.some((t) => t.status === 'streaming'))) return state;
  return {
    ...state,
    conversations: state.conversations.map((c) => ({
      ...c,
      turns: c.turns.map((t) => (t.status === 'streaming' ? { ...t, status: 'stopped' as const } : t)),
    })),
  };
}

export function deleteConversation(state: AgentSessionState, conversationId: string): AgentSessionState {
  const conversations = state.conversations.filter((c) => c.id !== conversationId);
  return { conversations, currentId: state.currentId === conversationId ? (conversations[conversations.length - 1]?.id ?? null) : state.currentId };
}

/** Forget every conversation. */
export function clearConversations(): AgentSessionState {
  return emptySessionState();
}

function mapConversation(state: AgentSessionState, id: string, fn: (c: Conversation) => Conversation): AgentSessionState {
  return { ...state, conversations: state.conversations.map((c) => (c.id === id ? fn(c) : c)) };
}

function mapTurn(state: AgentSessionState, turnId: string, fn: (t: AgentTurn) => AgentTurn): AgentSessionState {
  const found = findTurn(state, turnId);
  if (!found) return state;
  return mapConversation(state, found.conversation.id, (c) => ({ ...c, turns: c.turns.map((t) => (t.id === turnId ? fn(t) : t)) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Attribution of sponsored placements
// ---------------------------------------------------------------------------------------------------------------

export interface AttributionRecord {
  bidId: string;
  productId: string;
  kind: 'impression' | 'click';
  /** Epoch milliseconds. */
  at: number;
  sessionId: string;
  /** The turn that showed the placement (impressions are counted once per bid and turn). */
  turnId?: string;
}

export const ATTRIBUTION_LOG_LIMIT = 1000;

/**
 * Add a record to the log (newest last, at most `limit` kept). An impression of a bid already recorded for the same
 * turn is not added again (re-renders, reopening the popup); clicks are always added.
 */
export function addAttribution(log: readonly AttributionRecord[], record: AttributionRecord, limit = ATTRIBUTION_LOG_LIMIT): AttributionRecord[] {
  if (
    record.kind === 'impression' &&
    log.some((r) => r.kind === 'impression' && r.bidId === record.bidId && (r.turnId ?? r.sessionId) === (record.turnId ?? record.sessionId))
  ) {
    return log as AttributionRecord[];
  }
  return [...log, record].slice(-limit);
}

/** Impression records for every sponsored placement of a completed turn that has a bid id. */
export function impressionsOf(turn: Pick<AgentTurn, 'id' | 'sponsored'>, sessionId: string, at: number): AttributionRecord[] {
  return turn.sponsored
    .filter((p) => typeof p.resolvedBidId === 'string' && p.resolvedBidId.length > 0)
    .map((p) => ({ bidId: p.resolvedBidId!, productId: p.id, kind: 'impression' as const, at, sessionId, turnId: turn.id }));
}
