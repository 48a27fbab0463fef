import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CredentialName } from '../../lib/credentials';
import { AUTO_DETECT_OFF, matchPatterns, siteOrigin, type AutoDetectSettings } from '../../lib/autodetect';
import { BACKGROUND_UNAVAILABLE, send } from '../../lib/messaging';
import { formatNumber, t, uiLocale } from '../../lib/i18n';
import { describeError, OctogenError, type OctogenErrorData } from '../../lib/octogen/errors';
import { keyFormatProblem, keyPrefix } from '../../lib/octogen/key';
import { checkBaseUrl, DEFAULT_API_BASE_URL } from '../../lib/octogen/urls';
import { requestOrigins } from '../../lib/platform';
import type { ConnectionReport, SettingsView } from '../../lib/state';
import { rateLimitItem } from '../../lib/storage';
import { CoverageRequests } from './CoverageRequests';
import { HistorySettings } from './HistorySettings';
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
      () => reject(new OctogenError({ kind: 'timeout', operation, detail: BACKGROUND_UNAVAILABLE, message: t('options.backgroundSilent', { seconds: formatNumber(ms / 1000) }) })),
      ms,
    );
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** What a failed Save says: what was (not) saved, why, and what to do; the form keeps what was typed. */
function saveFailure(e: unknown): string {
  const again = t('options.again');
  if (e instanceof OctogenError && e.data.kind === 'config' && /^(Nothing|Only)/.test(e.data.message)) {
    return e.data.detail === 'storage_failed' ? `${e.data.message} ${again} ${t('options.storageFailedHint')}` : e.data.message;
  }
  if (e instanceof OctogenError && e.data.detail === BACKGROUND_UNAVAILABLE) {
    return `${e.data.message} ${t('options.maybeNotSaved')} ${again}`;
  }
  return `${t('options.nothingSaved', { message: describe(e).message })} ${again}`;
}

function describe(e: unknown): { message: string; error?: OctogenErrorData } {
  if (e instanceof OctogenError) {
    const d = describeError(e.data);
    return { message: e.data.kind === 'config' || e.data.kind === 'request' ? e.data.message : t('options.titleMessage', { title: d.title, message: d.message }), error: e.data };
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
          <dt>{t('options.organisation')}</dt>
          <dd dir="auto">{org.name}</dd>
        </>
      )}
      <dt>{t('options.key')}</dt>
      <dd className="mono">{report.me?.key?.prefix ?? report.keyPrefix}…</dd>
      <dt>{t('options.catalogs')}</dt>
      <dd>
        {report.catalogs === null || report.catalogs === undefined
          ? t('options.allCatalogs')
          : report.catalogs.length === 0
            ? t('options.noneGranted')
            : report.catalogs.map((c) => t('options.catalogProducts', { name: c.displayName, n: formatNumber(c.productCount ?? 0) })).join(', ')}
      </dd>
      {rate && (
        <>
          <dt>{t('options.rateLimit')}</dt>
          <dd>{t('options.rateLimitValue', { limit: formatNumber(rate.limit ?? 0), remaining: formatNumber(rate.remaining ?? 0) })}</dd>
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
              <summary>{t('common.details')}</summary>
              <p className="mono">{[status.error.status && t('error.http', { status: status.error.status }), status.error.detail].filter(Boolean).join(' · ')}</p>
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
    send('getSettings').then(show, (e: unknown) => setSaveStatus({ kind: 'error', message: t('options.settingsUnreadable', { message: describe(e).message }) }));
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
    return checked.ok ? null : checked.problem.replace(t('options.baseUrl'), t('options.agentUrlWord'));
  };

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkBaseUrl(baseUrl);
    const problem = keyFieldProblem(key);
    const agentProblem = agentUrlProblem(agentUrl);
    const siteProblem = autoDetect.mode === 'sites' && autoDetect.sites.length === 0 ? t('options.siteNeeded') : null;
    setBaseUrlError(checked.ok ? null : checked.problem);
    setKeyError(problem);
    setAgentUrlError(agentProblem);
    setSiteError(siteProblem);
    if (!checked.ok || problem || agentProblem || siteProblem) {
      setSaveStatus({ kind: 'error', message: t('options.fixFields') });
      return;
    }
    if (unconfirmed.length) {
      const which = unconfirmed[0]!;
      const what = which === 'platform' ? t('options.savedKeyWhat', { prefix: settings?.keyPrefix ?? 'octo_live_' }) : t('options.savedAgentKeyWhat');
      setSaveStatus({
        kind: 'error',
        message: t(which === 'platform' ? 'options.otherAddress' : 'options.otherAddressAgent', { what, origin: elsewhere[which] ?? '' }),
      });
      return;
    }
    const agentChecked = agentUrl.trim() ? checkBaseUrl(agentUrl) : undefined;
    // Ask for every host permission these settings need inside the click, before any await (Firefox insists).
    const origins = [
      ...(checked.origin === DEFAULT_ORIGIN ? [] : [`${checked.origin}/*`]),
      ...(agentChecked?.ok ? [`${agentChecked.origin}/*`] : []),
      ...matchPatterns(autoDetect),
    ];
    const permission = requestOrigins([...new Set(origins)]);
    setSaveStatus({ kind: 'working', message: t('options.saving') });
    // The background checks and writes it all; the page writes nothing itself. Whatever fails, "Saving…" ends with
    // what happened, and the fields keep what was typed (a typed key is cleared only once saved).
    const savedKey = key;
    void (async () => {
      try {
        const granted = await permission.catch(() => false);
        if (!granted) {
          setSaveStatus({ kind: 'error', message: t('options.permissionDenied') });
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
        setSaveStatus({ kind: 'ok', message: savedKey ? t('options.savedWithKey', { prefix: keyPrefix(savedKey) ?? '' }) : t('options.saved') });
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
      setConnection({ kind: 'error', message: t('options.fixFirst') });
      return;
    }
    if (!key && !settings?.hasKey) {
      setKeyError(t('options.enterKey'));
      setConnection({ kind: 'error', message: t('options.enterKeyToTest') });
      return;
    }
    setConnection({ kind: 'working', message: t('options.testing') });
    try {
      const report = await send('testConnection', { apiKey: key || undefined, baseUrl: checked.url, keyConfirmedFor: confirmedFor('platform') });
      const org = report.me?.organization?.name;
      setConnection({ kind: 'ok', message: org ? t('options.connectedTo', { org }) : t('options.connected'), report });
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
  const onRemoveKey = () => removeKey('platform', setConnection, t('options.keyRemoved'));

  const onCheckHealth = async () => {
    const problem = agentUrlProblem(agentUrl) ?? (agentUrl.trim() ? null : t('options.enterAgentUrl'));
    setAgentUrlError(problem);
    if (problem) {
      setAgentStatus({ kind: 'error', message: t('options.fixFirst') });
      return;
    }
    setAgentStatus({ kind: 'working', message: t('options.checking') });
    try {
      const health = await send('agentHealth', { baseUrl: agentUrl.trim() });
      const healthy = health.status.toLowerCase() === 'healthy';
      setAgentStatus({
        kind: healthy ? 'ok' : 'error',
        message: t('options.health', { service: health.service ?? t('options.theAgentApi'), status: health.status }),
      });
    } catch (e) {
      setAgentStatus({ kind: 'error', ...describe(e) });
    }
  };

  const onRemoveAgentKey = () => removeKey('agent', setAgentStatus, t('options.agentKeyRemoved'));

  /** The confirmation that a saved key may go to the typed URL's origin (shown only when it is another origin). */
  const confirmation = (which: CredentialName, helpId: string) => {
    const origin = elsewhere[which];
    if (!origin || !settings) return null;
    const label = which === 'platform' ? t('options.useSavedKey', { prefix: settings.keyPrefix ?? 'octo_live_', origin }) : t('options.useSavedAgentKey', { origin });
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
          {t('options.savedFor', { saved: savedOrigin ?? t('options.noAddress'), origin })}
        </p>
      </div>
    );
  };

  return (
    <main className="options">
      <h1>{t('options.heading')}</h1>
      <p className="hint">{t('options.intro')}</p>

      {/* #24 seam: Sign in with Octogen (first choice), before the key form */}
      <SignIn />
      <form onSubmit={onSave} noValidate>
        <section aria-labelledby="platform-heading">
          <h2 id="platform-heading">{t('options.platform')}</h2>
          <SecretField
            label={t('options.apiKey')}
            value={key}
            onChange={(value) => {
              setKey(value);
              if (keyError) setKeyError(keyFieldProblem(value));
            }}
            onBlur={() => setKeyError(keyFieldProblem(key))}
            error={keyError}
            placeholder={settings?.hasKey ? t('options.keyPlaceholderSaved', { prefix: settings.keyPrefix ?? 'octo_live_' }) : 'octo_live_…'}
            help={
              settings?.hasKey
                ? t('options.keySavedHelp', { prefix: settings.keyPrefix ?? '', origin: originOf(settings.baseUrl) ?? settings.baseUrl })
                : t('options.keyFormatHelp')
            }
          />

          <label htmlFor={ids.base}>{t('options.baseUrl')}</label>
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
            {baseUrlError ?? t('options.baseUrlHelp', { url: DEFAULT_API_BASE_URL })}
          </p>

          {confirmation('platform', ids.confirmHelp)}

          <div className="actions">
            <button type="button" onClick={() => void onTest()}>
              {t('options.test')}
            </button>
            <button type="button" onClick={() => void onRemoveKey()} disabled={!settings?.hasKey}>
              {t('options.removeKey')}
            </button>
          </div>
          <StatusArea status={connection} label={t('options.connectionStatus')} />
          {settings?.rateLimit && (
            <p className="hint">
              {t('options.lastRateLimit', {
                remaining: formatNumber(settings.rateLimit.remaining),
                limit: formatNumber(settings.rateLimit.limit),
                time: new Date(settings.rateLimit.resetAt * 1000).toLocaleTimeString(uiLocale()),
              })}
            </p>
          )}
        </section>

        <section aria-labelledby="agent-heading">
          <h2 id="agent-heading">{t('options.agent')}</h2>
          <p className="hint">{t('options.agentIntro')}</p>
          <label htmlFor={ids.agentUrl}>{t('options.agentUrl')}</label>
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
            {agentUrlError ?? t('options.agentUrlHelp')}
          </p>
          <SecretField
            label={t('options.agentKey')}
            value={agentKey}
            onChange={setAgentKey}
            placeholder={settings?.agentHasKey ? t('options.agentKeyPlaceholderSaved') : ''}
            help={settings?.agentHasKey ? t('options.agentKeySaved') : t('options.agentKeyHelp')}
          />
          {confirmation('agent', ids.agentConfirmHelp)}
          <div className="actions">
            <button type="button" onClick={() => void onCheckHealth()}>
              {t('options.checkHealth')}
            </button>
            <button type="button" onClick={() => void onRemoveAgentKey()} disabled={!settings?.agentHasKey}>
              {t('options.removeAgentKey')}
            </button>
          </div>
          <StatusArea status={agentStatus} label={t('options.agentStatus')} />
        </section>

        <section aria-labelledby="auto-heading">
          <h2 id="auto-heading">{t('options.auto')}</h2>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={autoDetect.mode !== 'off'}
              onChange={(e) => setAutoDetect((a) => ({ ...a, mode: e.target.checked ? (a.sites.length ? 'sites' : 'all') : 'off' }))}
            />{' '}
            {t('options.autoToggle')}
          </label>
          <p className="hint">{t('options.autoHelp')}</p>
          {autoDetect.mode !== 'off' && (
            <fieldset>
              <legend>{t('options.where')}</legend>
              <label className="checkbox">
                <input type="radio" name="auto-where" checked={autoDetect.mode === 'all'} onChange={() => setAutoDetect((a) => ({ ...a, mode: 'all' }))} />{' '}
                {t('options.allSites')}
              </label>
              <label className="checkbox">
                <input type="radio" name="auto-where" checked={autoDetect.mode === 'sites'} onChange={() => setAutoDetect((a) => ({ ...a, mode: 'sites' }))} />{' '}
                {t('options.chosenSites')}
              </label>
              {autoDetect.mode === 'sites' && (
                <>
                  {autoDetect.sites.length > 0 && (
                    <ul aria-label={t('options.chosenList')} className="sites">
                      {autoDetect.sites.map((origin) => (
                        <li key={origin}>
                          <span className="mono">{origin}</span>{' '}
                          <button type="button" aria-label={t('options.removeSite', { origin })} onClick={() => setAutoDetect((a) => ({ ...a, sites: a.sites.filter((o) => o !== origin) }))}>
                            {t('options.remove')}
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                  <label htmlFor={ids.site}>{t('options.site')}</label>
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
                      {t('options.addSite')}
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
            {t('options.save')}
          </button>
          <StatusArea status={saveStatus} label={t('options.saveStatus')} />
        </div>
      </form>

      <CoverageRequests />
      <UrlListsSection />
      {/* #26 seam: History (off switch, Clear history, link to the History page) */}
      <HistorySettings />

      <section aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">{t('options.privacy')}</h2>
        <p>{t('options.privacyText')}</p>
      </section>
    </main>
  );

  function addSite() {
    const origin = siteOrigin(siteInput);
    if (!origin) {
      setSiteError(t('options.siteInvalid'));
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
