import { useEffect, useId, useState, type FormEvent } from 'react';
import { send } from '../../lib/messaging';
import { describeError, OctogenError, type OctogenErrorData } from '../../lib/octogen/errors';
import { keyFormatProblem, keyPrefix } from '../../lib/octogen/key';
import { checkBaseUrl, DEFAULT_API_BASE_URL } from '../../lib/octogen/urls';
import { ALL_SITES_PATTERNS, AUTO_DETECT_OFF, siteOrigin, type AutoDetectSettings } from '../../lib/autodetect';
import { requestOrigins } from '../../lib/platform';
import type { ConnectionReport, SettingsView } from '../../lib/state';
import { apiKeyItem, rateLimitItem, settingsItem } from '../../lib/storage';

type Status =
  | { kind: 'idle' }
  | { kind: 'working'; message: string }
  | { kind: 'ok'; message: string; report?: ConnectionReport }
  | { kind: 'error'; message: string; error?: OctogenErrorData };

const DEFAULT_ORIGIN = new URL(DEFAULT_API_BASE_URL).origin;

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

export function OptionsApp() {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [key, setKey] = useState('');
  const [showKey, setShowKey] = useState(false);
  const [baseUrl, setBaseUrl] = useState(DEFAULT_API_BASE_URL);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [baseUrlError, setBaseUrlError] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [autoDetect, setAutoDetect] = useState<AutoDetectSettings>(AUTO_DETECT_OFF);
  const [siteInput, setSiteInput] = useState('');
  const [siteError, setSiteError] = useState<string | null>(null);
  const ids = { key: useId(), base: useId(), keyHelp: useId(), baseHelp: useId(), status: useId(), site: useId(), auto: useId() };

  const refresh = async () => {
    const view = await send('getSettings');
    setSettings(view);
    setBaseUrl(view.baseUrl);
    setAutoDetect(view.autoDetect);
  };

  useEffect(() => {
    void refresh();
    const unwatch = rateLimitItem.watch((rateLimit) => setSettings((s) => (s ? { ...s, rateLimit } : s)));
    return unwatch;
  }, []);

  const keyFieldProblem = (value: string) => (value ? keyFormatProblem(value) : null);

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkBaseUrl(baseUrl);
    const problem = keyFieldProblem(key);
    setBaseUrlError(checked.ok ? null : checked.problem);
    setKeyError(problem);
    if (!checked.ok || problem) {
      setStatus({ kind: 'error', message: 'Nothing was saved: fix the field marked above.' });
      return;
    }
    if (autoDetect.mode === 'sites' && autoDetect.sites.length === 0) {
      setSiteError('Add at least one site, or choose "On all sites".');
      setStatus({ kind: 'error', message: 'Nothing was saved: fix the field marked above.' });
      return;
    }
    // Ask for every host permission these settings need inside the click, before any await (Firefox insists).
    const origins = [
      ...(checked.origin === DEFAULT_ORIGIN ? [] : [`${checked.origin}/*`]),
      ...(autoDetect.mode === 'all' ? ALL_SITES_PATTERNS : autoDetect.mode === 'sites' ? autoDetect.sites.map((o) => `${o}/*`) : []),
    ];
    const permission = requestOrigins(origins);
    setStatus({ kind: 'working', message: 'Saving…' });
    void (async () => {
      let granted = false;
      try {
        granted = await permission;
      } catch {
        granted = false;
      }
      if (!granted) {
        setStatus({ kind: 'error', message: 'Nothing was saved: the browser permission was not granted.' });
        return;
      }
      await settingsItem.setValue({ ...(await settingsItem.getValue()), baseUrl: checked.url, autoDetect });
      if (key) await apiKeyItem.setValue(key);
      setKey('');
      setShowKey(false);
      await refresh();
      setStatus({ kind: 'ok', message: key ? `Saved. Key ${keyPrefix(key)}… is stored in this browser only.` : 'Saved.' });
    })();
  };

  const onTest = async () => {
    const problem = keyFieldProblem(key);
    const checked = checkBaseUrl(baseUrl);
    setKeyError(problem);
    setBaseUrlError(checked.ok ? null : checked.problem);
    if (problem || !checked.ok) {
      setStatus({ kind: 'error', message: 'Fix the field marked above first.' });
      return;
    }
    if (!key && !settings?.hasKey) {
      setKeyError('Enter your Platform API key.');
      setStatus({ kind: 'error', message: 'Enter a key to test.' });
      return;
    }
    setStatus({ kind: 'working', message: 'Testing the connection…' });
    try {
      const report = await send('testConnection', { apiKey: key || undefined, baseUrl: checked.url });
      const org = report.me?.organization?.name;
      setStatus({ kind: 'ok', message: org ? `Connected to ${org}.` : 'Connected.', report });
    } catch (e) {
      setStatus({ kind: 'error', ...describe(e) });
    }
  };

  const onRemove = async () => {
    await apiKeyItem.removeValue();
    setKey('');
    await refresh();
    setStatus({ kind: 'ok', message: 'Key removed from this browser.' });
  };

  return (
    <main className="options">
      <h1>Octolens options</h1>
      <p className="hint">Connect Octolens to the Octogen Platform Catalog API with your organisation's API key.</p>

      <form onSubmit={onSave} noValidate>
        <section aria-labelledby="platform-heading">
          <h2 id="platform-heading">Platform API</h2>
          <label htmlFor={ids.key}>API key</label>
          <div className="row">
            <input
              id={ids.key}
              type={showKey ? 'text' : 'password'}
              value={key}
              autoComplete="off"
              spellCheck={false}
              placeholder={settings?.hasKey ? `Saved: ${settings.keyPrefix ?? 'octo_live_'}… (enter a new key to replace it)` : 'octo_live_…'}
              aria-invalid={keyError ? true : undefined}
              aria-describedby={ids.keyHelp}
              onChange={(e) => {
                setKey(e.target.value);
                if (keyError) setKeyError(keyFieldProblem(e.target.value));
              }}
              onBlur={() => setKeyError(keyFieldProblem(key))}
            />
            <button type="button" aria-pressed={showKey} onClick={() => setShowKey((v) => !v)}>
              {showKey ? 'Hide key' : 'Show key'}
            </button>
          </div>
          <p id={ids.keyHelp} className={keyError ? 'field-error' : 'hint'}>
            {keyError ??
              (settings?.hasKey
                ? `A key is saved (${settings.keyPrefix}…). It is kept in this browser's local storage only and sent only to the API base URL below.`
                : 'Format: octo_live_<32 hex characters>_<secret>. Kept in this browser only, never synced.')}
          </p>

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

          <div className="actions">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => void onTest()}>
              Test connection
            </button>
            <button type="button" onClick={() => void onRemove()} disabled={!settings?.hasKey}>
              Remove key
            </button>
          </div>

          <div id={ids.status} role="status" aria-live="polite" aria-label="Connection status" className="status">
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
          {settings?.rateLimit && (
            <p className="hint">
              Last seen rate limit: {settings.rateLimit.remaining} of {settings.rateLimit.limit} requests left, full again{' '}
              {new Date(settings.rateLimit.resetAt * 1000).toLocaleTimeString()}.
            </p>
          )}
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
                          (e.currentTarget.parentElement?.querySelector('button') as HTMLButtonElement | null)?.click();
                        }
                      }}
                    />
                    <button
                      type="button"
                      onClick={() => {
                        const origin = siteOrigin(siteInput);
                        if (!origin) {
                          setSiteError('Enter a site like shop.example.com or https://shop.example.com.');
                          return;
                        }
                        setSiteError(null);
                        setSiteInput('');
                        setAutoDetect((a) => ({ ...a, sites: a.sites.includes(origin) ? a.sites : [...a.sites, origin] }));
                      }}
                    >
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
          <p className="hint">Changes here take effect when you press Save above.</p>
        </section>
      </form>

      <section aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">Privacy</h2>
        <p>
          Octolens reads a page only when you click its button. It then sends that page's product address (with tracking
          parameters removed) and the product's title to the API base URL above, with your key. Nothing else leaves your browser,
          and nothing is sent anywhere else.
        </p>
      </section>
    </main>
  );
}
