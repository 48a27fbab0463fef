/**
 * Sign in with Octogen: the options page's first choice (the API key is the second). Signed in, it shows the
 * organisation and account, the token's state and Sign out; an advanced field points it at another MCP server. The
 * steps are lib/auth/sign-in-steps.ts; this is their view. No token ever reaches this page.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { checkMcpUrl, DEFAULT_MCP_URL } from '../../lib/auth/oauth';
import type { SignInView } from '../../lib/auth/session';
import { runSignIn, type SignInOutcome } from '../../lib/auth/sign-in-steps';
import { t, uiLocale } from '../../lib/i18n';
import { send } from '../../lib/messaging';
import { describeError, OctogenError } from '../../lib/octogen/errors';

type Note = { kind: 'none' } | { kind: 'working' | 'ok'; message: string } | { kind: 'error'; message: string };

/** A failed attempt's message, with the reassurance that nothing changed. */
const unchanged = (text: string) => `${text} ${t('signIn.unchanged')}`;

function failure(error: unknown): string {
  if (error instanceof OctogenError) {
    const d = describeError(error.data);
    return error.data.kind === 'config' || error.data.kind === 'request' ? error.data.message : `${d.title}. ${d.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function outcomeNote(outcome: SignInOutcome): Note {
  switch (outcome.kind) {
    case 'signed-in': {
      const who = outcome.view.account?.email ?? outcome.view.account?.name;
      const org = outcome.view.account?.orgName;
      const signedIn = who && org ? t('signIn.signedInAsOrg', { who, org }) : who ? t('signIn.signedInAs', { who }) : org ? t('signIn.signedInOrg', { org }) : t('signIn.signedIn');
      return { kind: 'ok', message: `${signedIn} ${t('signIn.nowUsed')}` };
    }
    case 'not-allowed':
      return { kind: 'error', message: unchanged(t('signIn.notAllowed')) };
    case 'needs-origin':
      return { kind: 'error', message: t('signIn.needsOrigin', { origin: outcome.origin }) };
    case 'cancelled':
      return { kind: 'error', message: unchanged(t('signIn.cancelled')) };
    case 'denied':
      return { kind: 'error', message: outcome.message };
    case 'failed':
      return { kind: 'error', message: unchanged(t('signIn.failed', { reason: failure(outcome.error) })) };
  }
}

function tokenState(view: SignInView, now: number): string {
  if (view.status === 'ended') return t('signIn.ended');
  const until = view.accessExpiresAt;
  if (until === undefined) return view.renews ? t('signIn.active') : t('signIn.activeNoRenew');
  const time = new Date(until).toLocaleTimeString(uiLocale());
  if (until > now) return view.renews ? t('signIn.activeUntil', { time }) : t('signIn.activeUntilNoRenew', { time });
  return view.renews ? t('signIn.expired', { time }) : t('signIn.expiredNoRenew', { time });
}

export function SignIn() {
  const [view, setView] = useState<SignInView | null>(null);
  const [note, setNote] = useState<Note>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const [mcpUrl, setMcpUrl] = useState('');
  const [urlError, setUrlError] = useState<string | undefined>();
  const [needsOrigin, setNeedsOrigin] = useState<string | undefined>();
  const signInRef = useRef<HTMLButtonElement>(null);
  const signOutRef = useRef<HTMLButtonElement>(null);
  const focusAfter = useRef<'sign-in' | 'sign-out' | undefined>(undefined);
  const urlId = useId();
  const urlHelpId = useId();
  const urlErrorId = useId();

  useEffect(() => {
    send('getSignIn')
      .then((v) => {
        setView(v);
        setMcpUrl(v.mcpUrl);
      })
      .catch((error: unknown) => setNote({ kind: 'error', message: t('signIn.readFailed', { reason: failure(error) }) }));
  }, []);

  // Focus where the user goes next: Sign out once signed in, Sign in once signed out.
  useEffect(() => {
    const target = focusAfter.current;
    focusAfter.current = undefined;
    if (target === 'sign-out') signOutRef.current?.focus();
    if (target === 'sign-in') signInRef.current?.focus();
  }, [view]);

  const signedIn = view?.status === 'signed-in';

  async function onSignIn() {
    if (!view || busy) return;
    setBusy(true);
    setNote({ kind: 'working', message: t('signIn.signingIn') });
    const manifest = browser.runtime.getManifest() as { optional_permissions?: string[] };
    const outcome = await runSignIn(
      {
        // (first in the click: the browser asks only during the user's gesture)
        request: (p) => browser.permissions.request(p as Parameters<typeof browser.permissions.request>[0]),
        identityOptional: (manifest.optional_permissions ?? []).includes('identity'),
        begin: () => send('beginSignIn'),
        launch: (url) => browser.identity.launchWebAuthFlow({ url, interactive: true }),
        finish: (redirectUrl) => send('finishSignIn', { redirectUrl }),
        cancel: () => send('cancelSignIn'),
      },
      view.mcpUrl,
      needsOrigin,
    );
    setNeedsOrigin(outcome.kind === 'needs-origin' ? outcome.origin : undefined);
    setNote(outcomeNote(outcome));
    if (outcome.kind === 'signed-in') {
      focusAfter.current = 'sign-out';
      setView(outcome.view);
    }
    setBusy(false);
  }

  async function onSignOut() {
    if (busy) return;
    setBusy(true);
    setNote({ kind: 'working', message: t('signIn.signingOut') });
    try {
      const { revoked, ...next } = await send('signOut');
      focusAfter.current = 'sign-in';
      setView(next);
      setNote({
        kind: 'ok',
        message: revoked
          ? t('signIn.signedOutRevoked')
          : t('signIn.signedOutHere'),
      });
    } catch (error) {
      setNote({ kind: 'error', message: t('signIn.signOutFailed', { reason: failure(error) }) });
    }
    setBusy(false);
  }

  async function onSaveUrl() {
    const checked = checkMcpUrl(mcpUrl);
    if (!checked.ok) {
      setUrlError(checked.problem);
      return;
    }
    setUrlError(undefined);
    setBusy(true);
    try {
      const next = await send('saveMcpUrl', { mcpUrl: checked.url });
      setView(next);
      setMcpUrl(next.mcpUrl);
      const saved = t('signIn.urlSaved', { url: next.mcpUrl });
      setNote({ kind: 'ok', message: view?.status !== 'signed-out' && next.status === 'signed-out' ? `${saved} ${t('signIn.signedOutPrevious')}` : saved });
    } catch (error) {
      setNote({ kind: 'error', message: failure(error) });
    }
    setBusy(false);
  }

  const account = view?.account;
  return (
    <section aria-labelledby="sign-in-heading" className="sign-in">
      <h2 id="sign-in-heading">{t('signIn.heading')}</h2>
      <p className="hint">{t('signIn.intro')}</p>
      {view && view.status !== 'signed-out' && (
        <dl className="facts">
          <dt>{t('signIn.organisation')}</dt>
          <dd>{account?.orgName ?? account?.orgId ?? t('signIn.notGiven')}</dd>
          <dt>{t('signIn.account')}</dt>
          <dd>{[account?.name, account?.email].filter(Boolean).join(' · ') || t('signIn.notGiven')}</dd>
          <dt>{t('signIn.access')}</dt>
          <dd>{tokenState(view, Date.now())}</dd>
          {!view.hasKey && (
            <>
              <dt>{t('signIn.notCovered')}</dt>
              <dd>{t('signIn.notCoveredText')}</dd>
            </>
          )}
        </dl>
      )}
      <div className="actions">
        {!signedIn && (
          <button type="button" ref={signInRef} onClick={onSignIn} disabled={!view || busy}>
            {view?.status === 'ended' ? t('signIn.signInAgain') : t('signIn.signIn')}
          </button>
        )}
        {view && view.status !== 'signed-out' && (
          <button type="button" ref={signOutRef} onClick={onSignOut} disabled={busy}>
            {t('signIn.signOut')}
          </button>
        )}
      </div>
      <div role="status" aria-live="polite" aria-label={t('signIn.status')} className="status">
        {(note.kind === 'working' || note.kind === 'ok') && <p className={note.kind === 'ok' ? 'status-ok' : undefined}>{note.message}</p>}
      </div>
      {note.kind === 'error' && (
        <div role="alert" className="notice notice-error">
          <p>{note.message}</p>
        </div>
      )}
      <details>
        <summary>{t('signIn.advanced')}</summary>
        <label htmlFor={urlId}>{t('signIn.urlLabel')}</label>
        <input
          id={urlId}
          type="url"
          value={mcpUrl}
          onChange={(e) => setMcpUrl(e.target.value)}
          aria-invalid={urlError ? true : undefined}
          aria-describedby={`${urlHelpId}${urlError ? ` ${urlErrorId}` : ''}`}
          spellCheck={false}
          autoComplete="off"
        />
        <p id={urlHelpId} className="hint">
          {t('signIn.urlHelp', { url: DEFAULT_MCP_URL })}
        </p>
        {urlError && (
          <p id={urlErrorId} className="field-error">
            {urlError}
          </p>
        )}
        <button type="button" onClick={onSaveUrl} disabled={busy}>
          {t('signIn.saveUrl')}
        </button>
      </details>
    </section>
  );
}
