import { useEffect, useId, useRef, useState } from 'react';
import { browser, type Browser } from 'wxt/browser';
import { describeAgentError } from '../../lib/agent/errors';
import type { AgentProduct } from '../../lib/agent/schemas';
import { DEFAULT_ASK_PREFS, type AskPrefs } from '../../lib/agent/service';
import { bidIdOf } from '../../lib/agent/split';
import { clearConversations, currentConversation, emptySessionState, startConversation, type AgentSessionState, type AgentTurn } from '../../lib/agent/session';
import { formatPrice, safeHttpUrl } from '../../lib/format';
import { ProductImage } from '../ProductImage';
import { ASK_PORT, askMessage, STOP_MESSAGE } from '../../lib/wire';
import { formatNumber, t } from '../../lib/i18n';
import { send } from '../../lib/messaging';
import { askPrefsItem, conversationsItem } from '../../lib/storage';

const STILL_WORKING_MS = 8_000;

export interface AskPanelProps {
  active: boolean;
  announce: (message: string) => void;
}

function AgentCard({ product, sponsored, onOpen }: { product: AgentProduct; sponsored: boolean; onOpen?: () => void }) {
  const href = safeHttpUrl(product.url);
  const image = safeHttpUrl(product.image_url);
  const name = product.name?.trim() || t('common.untitled');
  const price = formatPrice(product.price, product.currency);
  const availability = product.availability ? product.availability.replace(/_/g, ' ') : undefined;
  const relevance = product.similarity_score != null && product.similarity_score >= 0 && product.similarity_score <= 1 ? Math.round(product.similarity_score * 100) : undefined;
  const body = (
    <>
      <ProductImage src={image} size={56} lazy />
      <span className="card-text">
        {sponsored && <span className="badge badge-sponsored">{t('ask.sponsored')}</span>}
        <span className="card-title bidi" dir="auto">
          {name}
        </span>
        {product.brand && (
          <span className="card-brand bidi" dir="auto">
            {product.brand}
          </span>
        )}
        <span className="card-meta">
          {price && <span className="card-price">{price}</span>}
          {availability && <span className="card-catalog">{availability}</span>}
          {relevance !== undefined && <span className="card-catalog">{t('ask.match', { n: formatNumber(relevance) })}</span>}
        </span>
        {product.categories.length > 0 && <span className="card-catalog">{product.categories.slice(0, 3).join(' · ')}</span>}
      </span>
    </>
  );
  return (
    <li className={`card${sponsored ? ' card-sponsored' : ''}`}>
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" className="card-link" onClick={onOpen} aria-label={sponsored ? t('ask.sponsoredName', { name }) : undefined}>
          {body}
        </a>
      ) : (
        <span className="card-link">{body}</span>
      )}
    </li>
  );
}

/** A whole number within bounds (the agent API's limits). */
function CountField({ label, min, max, value, onChange }: { label: string; min: number; max: number; value: number; onChange: (n: number) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" min={min} max={max} value={value} onChange={(e) => onChange(Math.max(min, Math.min(max, Number(e.target.value) || min)))} />
    </div>
  );
}

function Turn({ turn, sessionId }: { turn: AgentTurn; sessionId: string }) {
  const working = turn.status === 'streaming';
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!working) return;
    const timer = setTimeout(() => setSlow(true), Math.max(0, turn.startedAt + STILL_WORKING_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [working, turn.startedAt]);
  const error = turn.error ? describeAgentError(turn.error) : undefined;
  return (
    <article className="turn" aria-label={t('ask.question', { query: turn.query })}>
      <p className="turn-question">
        <span className="visually-hidden">{t('ask.youAsked')} </span>
        <bdi>{turn.query}</bdi>
      </p>
      <div className="turn-answer" aria-busy={working || undefined}>
        {turn.text ? <p dir="auto">{turn.text}</p> : working ? <p className="muted">{t('ask.thinking')}</p> : null}
        {working && slow && <p className="muted">{t('ask.stillWorking')}</p>}
        {turn.status === 'stopped' && (
          <p className="muted">
            {t('ask.stopped')} {turn.text ? t('ask.keptSoFar') : ''}
          </p>
        )}
        {error && (
          <div role="alert" className="notice notice-error">
            <p>
              <strong>{t('ask.errorLine', { title: error.title })}</strong> {error.message}
              {turn.text ? ` ${t('ask.keptAbove')}` : ''}
            </p>
          </div>
        )}
      </div>
      {turn.products.length > 0 && (
        <ul className="cards" aria-label={t('ask.results', { query: turn.query })}>
          {turn.products.map((p) => (
            <AgentCard key={`o-${p.id}`} product={p} sponsored={false} />
          ))}
        </ul>
      )}
      {turn.sponsored.length > 0 && (
        <ul className="cards sponsored" aria-label={t('ask.sponsoredResults', { query: turn.query })}>
          {turn.sponsored.map((p) => (
            <AgentCard
              key={`s-${p.id}`}
              product={p}
              sponsored
              onOpen={() => {
                const bidId = bidIdOf(p);
                if (bidId) void send('recordSponsoredClick', { bidId, productId: String(p.id), sessionId, turnId: turn.id }).catch(() => undefined);
              }}
            />
          ))}
        </ul>
      )}
    </article>
  );
}

export function AskPanel({ active, announce }: AskPanelProps) {
  const [state, setState] = useState<AgentSessionState>(emptySessionState());
  const [prefs, setPrefs] = useState<AskPrefs>(DEFAULT_ASK_PREFS);
  const [configured, setConfigured] = useState<boolean | undefined>(undefined);
  const [query, setQuery] = useState('');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const portRef = useRef<Browser.runtime.Port | null>(null);
  const logEnd = useRef<HTMLDivElement>(null);
  const ids = { ask: useId(), min: useId(), max: useId() };

  useEffect(() => {
    void conversationsItem.getValue().then(setState);
    void askPrefsItem.getValue().then(setPrefs);
    send('getSettings').then(
      (s) => setConfigured(Boolean(s.agent.baseUrl && s.agentHasKey)),
      () => setConfigured(false),
    );
    const unwatch = conversationsItem.watch((value) => setState(value ?? emptySessionState()));
    return () => {
      unwatch();
      portRef.current?.disconnect();
    };
  }, []);

  useEffect(() => {
    if (active) inputRef.current?.focus();
  }, [active]);

  const conversation = currentConversation(state);
  const turns = conversation?.turns ?? [];
  const last = turns[turns.length - 1];
  const streaming = last?.status === 'streaming';

  // Announce when an answer ends; keep the newest turn in view.
  const lastStatus = `${last?.id}:${last?.status}`;
  useEffect(() => {
    logEnd.current?.scrollIntoView?.({ block: 'end' });
    if (!last || last.status === 'streaming') return;
    if (last.status === 'done') {
      const n = last.products.length;
      announce(
        last.sponsored.length
          ? t('ask.readySponsored', n, { n: formatNumber(n), sponsored: formatNumber(last.sponsored.length) })
          : t('ask.ready', n, { n: formatNumber(n) }),
      );
    } else if (last.status === 'error') announce(t('ask.interrupted'));
    else if (last.status === 'stopped') announce(t('ask.stopped'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastStatus]);

  /** The port to the background; a new one if the service worker restarted. */
  const port = () => {
    if (!portRef.current) {
      const p = browser.runtime.connect({ name: ASK_PORT });
      p.onDisconnect.addListener(() => {
        if (portRef.current === p) portRef.current = null;
      });
      portRef.current = p;
    }
    return portRef.current;
  };

  const ask = () => {
    const q = query.trim();
    if (!q || streaming) return;
    port().postMessage(askMessage(q));
    setQuery('');
    announce(t('ask.asking'));
  };

  const savePrefs = (patch: Partial<AskPrefs>) => {
    const next = { ...prefs, ...patch };
    setPrefs(next);
    void askPrefsItem.setValue(next);
  };

  if (configured === false) {
    return (
      <div className="notice">
        <h2>{t('ask.setUpTitle')}</h2>
        <p>{t('ask.setUpText')}</p>
        <div className="notice-actions">
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('common.openOptions')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="ask">
      <div className="ask-toolbar">
        <button
          type="button"
          onClick={() => {
            void conversationsItem.getValue().then((s) => conversationsItem.setValue(startConversation(s)));
            announce(t('ask.newConversationSaid'));
            inputRef.current?.focus();
          }}
          disabled={streaming}
        >
          {t('ask.newConversation')}
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            void conversationsItem.setValue(clearConversations());
            announce(t('ask.cleared'));
          }}
          disabled={streaming || state.conversations.length === 0}
        >
          {t('ask.clear')}
        </button>
      </div>

      <div role="log" aria-label={t('ask.log')} className="log">
        {turns.length === 0 && <p className="muted">{t('ask.hint')}</p>}
        {turns.map((turn) => (
          <Turn key={turn.id} turn={turn} sessionId={conversation!.sessionId} />
        ))}
        <div ref={logEnd} />
      </div>

      <form
        onSubmit={(e) => {
          e.preventDefault();
          ask();
        }}
      >
        <label htmlFor={ids.ask}>{t('ask.label')}</label>
        <div className="row">
          <textarea
            ref={inputRef}
            id={ids.ask}
            rows={2}
            value={query}
            maxLength={2000}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                ask();
              }
            }}
          />
          {streaming ? (
            <button type="button" onClick={() => port().postMessage(STOP_MESSAGE)}>
              {t('ask.stop')}
            </button>
          ) : (
            <button type="submit" disabled={!query.trim()}>
              {t('ask.send')}
            </button>
          )}
        </div>
      </form>

      <details className="filters">
        <summary>{t('ask.settings')}</summary>
        <label className="checkbox">
          <input type="checkbox" checked={prefs.streaming} onChange={(e) => savePrefs({ streaming: e.target.checked })} /> {t('ask.stream')}
        </label>
        <div className="row">
          <div className="field">
            <label htmlFor={ids.min}>{t('ask.minPrice')}</label>
            <input id={ids.min} inputMode="decimal" value={prefs.priceMin} onChange={(e) => savePrefs({ priceMin: e.target.value.replace(/[^0-9.]/g, '') })} />
          </div>
          <div className="field">
            <label htmlFor={ids.max}>{t('ask.maxPrice')}</label>
            <input id={ids.max} inputMode="decimal" value={prefs.priceMax} onChange={(e) => savePrefs({ priceMax: e.target.value.replace(/[^0-9.]/g, '') })} />
          </div>
        </div>
        <div className="row">
          <CountField label={t('ask.resultsCount')} min={1} max={50} value={prefs.maxResults} onChange={(maxResults) => savePrefs({ maxResults })} />
          <CountField label={t('ask.sponsoredCount')} min={0} max={10} value={prefs.maxSponsored} onChange={(maxSponsored) => savePrefs({ maxSponsored })} />
        </div>
      </details>
    </div>
  );
}
