import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CredentialName } from '../../lib/credentials';
import { ALL_SITES_PATTERNS, AUTO_DETECT_OFF, siteOrigin, type AutoDetectSettings } from '../../lib/autodetect';
import { BACKGROUND_UNAVAILABLE, send } from '../../lib/messaging';
import { describeError, OctogenError, type OctogenErrorData } from '../../lib/octogen/errors';
import { keyFormatProblem, keyPrefix } from '../../lib/octogen/key';
import { checkBaseUrl, DEFAULT_API_BASE_URL } from '../../lib/octogen/urls';
import { requestOrigins } from '../../lib/platform';
import type { ConnectionReport, SettingsView } from '../../lib/state';
import { rateLimitItem } from '../../lib/storage';
import { CoverageRequests } from './CoverageRequests';
import { SecretField } from './SecretField';
import { SignIn } from './SignIn';
import { UrlListsSection } from './UrlListsSection';

type Status =
  | { kind: 'idle' }
  | { kind: 'working'; message: string }
  | { kind: 'ok'; message: string; report?: ConnectionReport }
  | { kind: 'error'; message: string; error?: OctogenErrorData };

const DEFAULT_ORIGIN = new URL(DEFAULT_API_BASE_URL).origin;

/** How long Save waits for the background before saying it did not answer (it answers in milliseconds). */
export const SAVE_TIMEOUT_MS = 20_000;

const originOf = (url: string | undefined) => {
  const checked = url ? checkBaseUrl(url) : undefined;
  return checked?.ok ? checked.origin : undefined;
};

/** `promise`, or a "background did not answer" error after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, operation: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new OctogenError({ kind: 'timeout', operation, detail: BACKGROUND_UNAVAILABLE, message: `The extension's background did not answer within ${ms / 1000} s.` })),
      ms,
    );
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** What a failed Save says: what was (not) saved, why, and what to do; the form keeps what was typed. */
function saveFailure(e: unknown): string {
  const again = 'Your entries are still in the form: Save again.';
  if (e instanceof OctogenError && e.data.kind === 'config' && /^(Nothing|Only)/.test(e.data.message)) {
    return e.data.detail === 'storage_failed' ? `${e.data.message} ${again} If it keeps failing, free some disk space or restart the browser.` : e.data.message;
  }
  if (e instanceof OctogenError && e.data.detail === BACKGROUND_UNAVAILABLE) {
    return `${e.data.message} It may not have been saved. ${again}`;
  }
  return `Nothing was saved: ${describe(e).message} ${again}`;
}

function describe(e: unknown): { message: string; error?: OctogenErrorData } {
  if (e instanceof OctogenError) {
    const d = describeError(e.data);
    return { message: e.data.kind === 'config' || e.data.kind === 'request' ? e.data.message : `${d.title}. ${d.message}`, error: e.data };
  }
  return { message: e instanceof Error ? e.message : String(e) };
}

function ConnectionDetails({ report }: { report: ConnectionReport }) {
  const org = report.me?.organization;
  const rate = report.me?.rateLimit ?? (report.rateLimit ? { limit: report.rateLimit.limit, remaining: report.rateLimit.remaining } : undefined);
  return (
    <dl className="facts">
      {org && (
        <>
          <dt>Organisation</dt>
          <dd>{org.name}</dd>
        </>
      )}
      <dt>Key</dt>
      <dd className="mono">{report.me?.key?.prefix ?? report.keyPrefix}…</dd>
      <dt>Catalogs</dt>
      <dd>
        {report.catalogs === null || report.catalogs === undefined
          ? 'All catalogs your organisation can see (this service has no catalog list).'
          : report.catalogs.length === 0
            ? 'None granted yet.'
            : report.catalogs.map((c) => `${c.displayName} (${c.productCount} products)`).join(', ')}
      </dd>
      {rate && (
        <>
          <dt>Rate limit</dt>
          <dd>
            {rate.limit} requests per minute, {rate.remaining} left now
          </dd>
        </>
      )}
    </dl>
  );
}

/** A status region (announced) with an alert for errors. */
function StatusArea({ status, label }: { status: Status; label: string }) {
  return (
    <>
      <div role="status" aria-live="polite" aria-label={label} className="status">
        {status.kind === 'working' && <p>{status.message}</p>}
        {status.kind === 'ok' && (
          <>
            <p className="status-ok">{status.message}</p>
            {status.report && <ConnectionDetails report={status.report} />}
          </>
        )}
      </div>
      {status.kind === 'error' && (
        <div role="alert" className="notice notice-error">
          <p>{status.message}</p>
          {status.error && (status.error.status || status.error.detail) && (
            <details>
              <summary>Details</summary>
              <p className="mono">{[status.error.status && `HTTP ${status.error.status}`, status.error.detail].filter(Boolean).join(' · ')}</p>
            </details>
          )}
        </div>
      )}
    </>
  );
}

export function OptionsApp() {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [key, setKey] = useState('');
  const [baseUrl, setBaseUrl] = useState(DEFAULT_API_BASE_URL);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [baseUrlError, setBaseUrlError] = useState<string | null>(null);
  const [connection, setConnection] = useState<Status>({ kind: 'idle' });
  const [agentUrl, setAgentUrl] = useState('');
  const [agentKey, setAgentKey] = useState('');
  const [agentUrlError, setAgentUrlError] = useState<string | null>(null);
  const [agentStatus, setAgentStatus] = useState<Status>({ kind: 'idle' });
  const [autoDetect, setAutoDetect] = useState<AutoDetectSettings>(AUTO_DETECT_OFF);
  const [siteInput, setSiteInput] = useState('');
  const [siteError, setSiteError] = useState<string | null>(null);
  const [saveStatus, setSaveStatus] = useState<Status>({ kind: 'idle' });
  /** The origin the user confirmed each saved key may go to (a checkbox, shown when the typed URL is elsewhere). */
  const [confirmed, setConfirmed] = useState<Record<CredentialName, string | undefined>>({ platform: undefined, agent: undefined });
  const ids = { base: useId(), baseHelp: useId(), agentUrl: useId(), agentHelp: useId(), site: useId(), confirmHelp: useId(), agentConfirmHelp: useId() };

  const show = (view: SettingsView) => {
    setSettings(view);
    setBaseUrl(view.baseUrl);
    setAgentUrl(view.agent.baseUrl);
    setAutoDetect(view.autoDetect);
    setConfirmed({ platform: undefined, agent: undefined });
  };

  useEffect(() => {
    send('getSettings').then(show, (e: unknown) => setSaveStatus({ kind: 'error', message: `The saved settings could not be read: ${describe(e).message}` }));
    return rateLimitItem.watch((rateLimit) => setSettings((s) => (s ? { ...s, rateLimit } : s)));
  }, []);

  /**
   * Where a saved key would go without having been entered for it: the typed URL's origin, when a key is saved for
   * another origin and no new key is typed. The user must confirm it there (the background checks it too).
   */
  const elsewhere = {
    platform: settings?.hasKey && !key ? newOrigin(baseUrl, settings.baseUrl) : undefined,
    agent: settings?.agentHasKey && !agentKey.trim() && agentUrl.trim() ? newOrigin(agentUrl, settings.agent.baseUrl) : undefined,
  };
  const confirmedFor = (which: CredentialName) => (elsewhere[which] && confirmed[which] === elsewhere[which] ? elsewhere[which] : undefined);
  const unconfirmed = (['platform', 'agent'] as const).filter((which) => elsewhere[which] && !confirmedFor(which));

  const keyFieldProblem = (value: string) => (value ? keyFormatProblem(value) : null);
  const agentUrlProblem = (value: string) => {
    if (!value.trim()) return null;
    const checked = checkBaseUrl(value);
    return checked.ok ? null : checked.problem.replace('API base URL', 'agent API URL');
  };

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkBaseUrl(baseUrl);
    const problem = keyFieldProblem(key);
    const agentProblem = agentUrlProblem(agentUrl);
    const siteProblem = autoDetect.mode === 'sites' && autoDetect.sites.length === 0 ? 'Add at least one site, or choose "On all sites".' : null;
    setBaseUrlError(checked.ok ? null : checked.problem);
    setKeyError(problem);
    setAgentUrlError(agentProblem);
    setSiteError(siteProblem);
    if (!checked.ok || problem || agentProblem || siteProblem) {
      setSaveStatus({ kind: 'error', message: 'Nothing was saved: fix the fields marked above.' });
      return;
    }
    if (unconfirmed.length) {
      const which = unconfirmed[0]!;
      const what = which === 'platform' ? `your saved key (${settings?.keyPrefix ?? 'octo_live_'}…)` : 'your saved agent API key';
      setSaveStatus({
        kind: 'error',
        message: `Nothing was saved: ${what} is for another address. To use it with ${elsewhere[which]}, tick “Use my saved ${which === 'platform' ? 'key' : 'agent key'}” above, or enter the key for that address.`,
      });
      return;
    }
    const agentChecked = agentUrl.trim() ? checkBaseUrl(agentUrl) : undefined;
    // Ask for every host permission these settings need inside the click, before any await (Firefox insists).
    const origins = [
      ...(checked.origin === DEFAULT_ORIGIN ? [] : [`${checked.origin}/*`]),
      ...(agentChecked?.ok ? [`${agentChecked.origin}/*`] : []),
      ...(autoDetect.mode === 'all' ? ALL_SITES_PATTERNS : autoDetect.mode === 'sites' ? autoDetect.sites.map((o) => `${o}/*`) : []),
    ];
    const permission = requestOrigins([...new Set(origins)]);
    setSaveStatus({ kind: 'working', message: 'Saving…' });
    // The background checks and writes it all; the page writes nothing itself. Whatever fails, "Saving…" ends with
    // what happened, and the fields keep what was typed (a typed key is cleared only once saved).
    const savedKey = key;
    void (async () => {
      try {
        const granted = await permission.catch(() => false);
        if (!granted) {
          setSaveStatus({ kind: 'error', message: 'Nothing was saved: the browser permission was not granted.' });
          return;
        }
        const view = await withTimeout(
          send('saveSettings', {
            platform: { baseUrl: checked.url, apiKey: key || undefined, keyConfirmedFor: confirmedFor('platform') },
            agent: { baseUrl: agentChecked?.ok ? agentChecked.url : '', apiKey: agentKey.trim() || undefined, keyConfirmedFor: confirmedFor('agent') },
            autoDetect,
          }),
          SAVE_TIMEOUT_MS,
          'saveSettings',
        );
        setKey('');
        setAgentKey('');
        show(view);
        setSaveStatus({ kind: 'ok', message: savedKey ? `Saved. Key ${keyPrefix(savedKey)}… is stored in this browser only.` : 'Saved.' });
      } catch (e) {
        setSaveStatus({ kind: 'error', message: saveFailure(e) });
      }
    })();
  };

  const onTest = async () => {
    const problem = keyFieldProblem(key);
    const checked = checkBaseUrl(baseUrl);
    setKeyError(problem);
    setBaseUrlError(checked.ok ? null : checked.problem);
    if (problem || !checked.ok) {
      setConnection({ kind: 'error', message: 'Fix the field marked above first.' });
      return;
    }
    if (!key && !settings?.hasKey) {
      setKeyError('Enter your Platform API key.');
      setConnection({ kind: 'error', message: 'Enter a key to test.' });
      return;
    }
    setConnection({ kind: 'working', message: 'Testing the connection…' });
    try {
      const report = await send('testConnection', { apiKey: key || undefined, baseUrl: checked.url, keyConfirmedFor: confirmedFor('platform') });
      const org = report.me?.organization?.name;
      setConnection({ kind: 'ok', message: org ? `Connected to ${org}.` : 'Connected.', report });
    } catch (e) {
      setConnection({ kind: 'error', ...describe(e) });
    }
  };

  const removeKey = async (which: CredentialName, setStatus: (status: Status) => void, removed: string) => {
    try {
      const view = await send('removeKey', { which });
      setSettings(view);
      setConfirmed((c) => ({ ...c, [which]: undefined }));
      setStatus({ kind: 'ok', message: removed });
    } catch (e) {
      setStatus({ kind: 'error', ...describe(e) });
    }
  };
  const onRemoveKey = () => removeKey('platform', setConnection, 'Key removed from this browser.');

  const onCheckHealth = async () => {
    const problem = agentUrlProblem(agentUrl) ?? (agentUrl.trim() ? null : 'Enter the agent API URL.');
    setAgentUrlError(problem);
    if (problem) {
      setAgentStatus({ kind: 'error', message: 'Fix the field marked above first.' });
      return;
    }
    setAgentStatus({ kind: 'working', message: 'Checking…' });
    try {
      const health = await send('agentHealth', { baseUrl: agentUrl.trim() });
      const healthy = health.status.toLowerCase() === 'healthy';
      setAgentStatus({
        kind: healthy ? 'ok' : 'error',
        message: `${health.service ?? 'The agent API'} is ${health.status}.`,
      });
    } catch (e) {
      setAgentStatus({ kind: 'error', ...describe(e) });
    }
  };

  const onRemoveAgentKey = () => removeKey('agent', setAgentStatus, 'Agent API key removed from this browser.');

  /** The confirmation that a saved key may go to the typed URL's origin (shown only when it is another origin). */
  const confirmation = (which: CredentialName, helpId: string) => {
    const origin = elsewhere[which];
    if (!origin || !settings) return null;
    const label = which === 'platform' ? `Use my saved key (${settings.keyPrefix ?? 'octo_live_'}…) with ${origin}` : `Use my saved agent key with ${origin}`;
    const savedOrigin = originOf(which === 'platform' ? settings.baseUrl : settings.agent.baseUrl);
    return (
      <div className="notice notice-info">
        <label className="checkbox">
          <input
            type="checkbox"
            aria-describedby={helpId}
            checked={confirmed[which] === origin}
            onChange={(e) => setConfirmed((c) => ({ ...c, [which]: e.target.checked ? origin : undefined }))}
          />{' '}
          {label}
        </label>
        <p id={helpId} className="hint">
          Your saved key was saved for {savedOrigin ?? 'no address'}. It goes to {origin} only if you tick this (for Test
          connection and Save), or enter the key for that address above.
        </p>
      </div>
    );
  };

  return (
    <main className="options">
      <h1>Octolens options</h1>
      <p className="hint">Connect Octolens to Octogen: sign in with Octogen (recommended), or use your organisation's Platform API key.</p>

      {/* #24 seam: Sign in with Octogen (first choice), before the key form */}
      <SignIn />
      <form onSubmit={onSave} noValidate>
        <section aria-labelledby="platform-heading">
          <h2 id="platform-heading">Platform API</h2>
          <SecretField
            label="API key"
            value={key}
            onChange={(value) => {
              setKey(value);
              if (keyError) setKeyError(keyFieldProblem(value));
            }}
            onBlur={() => setKeyError(keyFieldProblem(key))}
            error={keyError}
            placeholder={settings?.hasKey ? `Saved: ${settings.keyPrefix ?? 'octo_live_'}… (enter a new key to replace it)` : 'octo_live_…'}
            help={
              settings?.hasKey
                ? `A key is saved (${settings.keyPrefix}…) for ${originOf(settings.baseUrl) ?? settings.baseUrl}. It is kept in this browser only, out of web pages' reach, and sent only there.`
                : 'Format: octo_live_<32 hex characters>_<secret>. Kept in this browser only, never synced.'
            }
          />

          <label htmlFor={ids.base}>API base URL</label>
          <input
            id={ids.base}
            type="url"
            value={baseUrl}
            spellCheck={false}
            aria-invalid={baseUrlError ? true : undefined}
            aria-describedby={ids.baseHelp}
            onChange={(e) => {
              setBaseUrl(e.target.value);
              if (baseUrlError) {
                const c = checkBaseUrl(e.target.value);
                setBaseUrlError(c.ok ? null : c.problem);
              }
            }}
          />
          <p id={ids.baseHelp} className={baseUrlError ? 'field-error' : 'hint'}>
            {baseUrlError ?? `Default ${DEFAULT_API_BASE_URL}. HTTPS only; plain HTTP only for localhost.`}
          </p>

          {confirmation('platform', ids.confirmHelp)}

          <div className="actions">
            <button type="button" onClick={() => void onTest()}>
              Test connection
            </button>
            <button type="button" onClick={() => void onRemoveKey()} disabled={!settings?.hasKey}>
              Remove key
            </button>
          </div>
          <StatusArea status={connection} label="Connection status" />
          {settings?.rateLimit && (
            <p className="hint">
              Last seen rate limit: {settings.rateLimit.remaining} of {settings.rateLimit.limit} requests left, full again{' '}
              {new Date(settings.rateLimit.resetAt * 1000).toLocaleTimeString()}.
            </p>
          )}
        </section>

        <section aria-labelledby="agent-heading">
          <h2 id="agent-heading">Catalog agent (Ask)</h2>
          <p className="hint">Conversational search over the catalog agent API. Its key is stored like the platform key.</p>
          <label htmlFor={ids.agentUrl}>Agent API URL</label>
          <input
            id={ids.agentUrl}
            type="url"
            value={agentUrl}
            spellCheck={false}
            placeholder="https://agent.example.com"
            aria-invalid={agentUrlError ? true : undefined}
            aria-describedby={ids.agentHelp}
            onChange={(e) => {
              setAgentUrl(e.target.value);
              if (agentUrlError) setAgentUrlError(agentUrlProblem(e.target.value));
            }}
          />
          <p id={ids.agentHelp} className={agentUrlError ? 'field-error' : 'hint'}>
            {agentUrlError ?? 'The origin of the agent API; Octolens calls /catalog/search and /catalog/health there.'}
          </p>
          <SecretField
            label="Agent API key"
            value={agentKey}
            onChange={setAgentKey}
            placeholder={settings?.agentHasKey ? 'Saved (enter a new key to replace it)' : ''}
            help={settings?.agentHasKey ? 'An agent API key is saved in this browser.' : 'Sent only to the agent API URL above, as X-API-Key.'}
          />
          {confirmation('agent', ids.agentConfirmHelp)}
          <div className="actions">
            <button type="button" onClick={() => void onCheckHealth()}>
              Check health
            </button>
            <button type="button" onClick={() => void onRemoveAgentKey()} disabled={!settings?.agentHasKey}>
              Remove agent key
            </button>
          </div>
          <StatusArea status={agentStatus} label="Agent status" />
        </section>

        <section aria-labelledby="auto-heading">
          <h2 id="auto-heading">Automatic detection</h2>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={autoDetect.mode !== 'off'}
              onChange={(e) => setAutoDetect((a) => ({ ...a, mode: e.target.checked ? (a.sites.length ? 'sites' : 'all') : 'off' }))}
            />{' '}
            Detect products automatically
          </label>
          <p className="hint">
            Off by default. When on, Octolens reads product pages on the sites you choose as they load and marks them on its
            toolbar button. It looks a page up only when its store is in your catalogs (checked in your browser against the
            list of covered stores); other pages never leave your browser. Never in private windows.
          </p>
          {autoDetect.mode !== 'off' && (
            <fieldset>
              <legend>Where</legend>
              <label className="checkbox">
                <input type="radio" name="auto-where" checked={autoDetect.mode === 'all'} onChange={() => setAutoDetect((a) => ({ ...a, mode: 'all' }))} /> On
                all sites
              </label>
              <label className="checkbox">
                <input type="radio" name="auto-where" checked={autoDetect.mode === 'sites'} onChange={() => setAutoDetect((a) => ({ ...a, mode: 'sites' }))} />{' '}
                Only on chosen sites
              </label>
              {autoDetect.mode === 'sites' && (
                <>
                  {autoDetect.sites.length > 0 && (
                    <ul aria-label="Chosen sites" className="sites">
                      {autoDetect.sites.map((origin) => (
                        <li key={origin}>
                          <span className="mono">{origin}</span>{' '}
                          <button type="button" aria-label={`Remove ${origin}`} onClick={() => setAutoDetect((a) => ({ ...a, sites: a.sites.filter((o) => o !== origin) }))}>
                            Remove
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                  <label htmlFor={ids.site}>Site</label>
                  <div className="row">
                    <input
                      id={ids.site}
                      value={siteInput}
                      placeholder="shop.example.com"
                      aria-invalid={siteError ? true : undefined}
                      aria-describedby={siteError ? `${ids.site}-error` : undefined}
                      onChange={(e) => setSiteInput(e.target.value)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') {
                          e.preventDefault();
                          addSite();
                        }
                      }}
                    />
                    <button type="button" onClick={addSite}>
                      Add site
                    </button>
                  </div>
                  {siteError && (
                    <p id={`${ids.site}-error`} className="field-error">
                      {siteError}
                    </p>
                  )}
                </>
              )}
            </fieldset>
          )}
        </section>

        <div className="save-bar">
          <button type="submit" className="primary">
            Save
          </button>
          <StatusArea status={saveStatus} label="Save status" />
        </div>
      </form>

      <CoverageRequests />
      <UrlListsSection />
      {/* #26 seam: History (off switch, Clear history, link to the History page) */}

      <section aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">Privacy</h2>
        <p>
          Octolens reads a page only when you click its button, or, if you turn on automatic detection, on the sites you
          chose. It sends a product page's address (tracking parameters removed) and the product's title to the API base URL
          above, with your key; with automatic detection, only for stores in your catalogs. Questions you ask go to the agent
          API URL. Nothing else leaves your browser, and nothing is sent anywhere else.
        </p>
      </section>
    </main>
  );

  function addSite() {
    const origin = siteOrigin(siteInput);
    if (!origin) {
      setSiteError('Enter a site like shop.example.com or https://shop.example.com.');
      return;
    }
    setSiteError(null);
    setSiteInput('');
    setAutoDetect((a) => ({ ...a, sites: a.sites.includes(origin) ? a.sites : [...a.sites, origin] }));
  }
}

/** The origin of `typed` when it is a valid URL at another origin than `saved`'s. */
function newOrigin(typed: string, saved: string): string | undefined {
  const origin = originOf(typed);
  return origin && origin !== originOf(saved) ? origin : undefined;
}
