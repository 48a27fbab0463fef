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
import { send } from '../../lib/messaging';
import { describeError, OctogenError } from '../../lib/octogen/errors';

type Note = { kind: 'none' } | { kind: 'working' | 'ok'; message: string } | { kind: 'error'; message: string };

const UNCHANGED = 'Your previous connection is unchanged.';

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
      return { kind: 'ok', message: `Signed in${who ? ` as ${who}` : ''}${org ? ` (${org})` : ''}. Lookups and search now use your Octogen sign-in.` };
    }
    case 'not-allowed':
      return { kind: 'error', message: `Sign-in did not start: Octolens was not allowed to open the sign-in window. Nothing was sent. ${UNCHANGED}` };
    case 'needs-origin':
      return { kind: 'error', message: `Signing in also needs access to ${outcome.origin}, where this server signs you in. Press Sign in with Octogen again and allow it.` };
    case 'cancelled':
      return { kind: 'error', message: `Sign-in was cancelled: the sign-in window was closed before you chose. ${UNCHANGED}` };
    case 'denied':
      return { kind: 'error', message: outcome.message };
    case 'failed':
      return { kind: 'error', message: `Sign-in failed: ${failure(outcome.error)} ${UNCHANGED}` };
  }
}

function tokenState(view: SignInView, now: number): string {
  if (view.status === 'ended') return 'Ended: sign in again.';
  const until = view.accessExpiresAt;
  const renews = view.renews ? 'renewed automatically' : 'not renewable: sign in again when it expires';
  if (until === undefined) return `Active (${renews}).`;
  const time = new Date(until).toLocaleTimeString();
  return until > now ? `Active until ${time} (${renews}).` : `Expired at ${time} (${renews} on the next lookup).`;
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
      .catch((error: unknown) => setNote({ kind: 'error', message: `Could not read the sign-in: ${failure(error)}` }));
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
    setNote({ kind: 'working', message: 'Signing in: finish in the Octogen window…' });
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
    setNote({ kind: 'working', message: 'Signing out…' });
    try {
      const { revoked, ...next } = await send('signOut');
      focusAfter.current = 'sign-in';
      setView(next);
      setNote({
        kind: 'ok',
        message: revoked
          ? 'Signed out: your tokens were revoked and forgotten.'
          : 'Signed out here: your tokens were forgotten, but Octogen could not be told to revoke them (they expire on their own).',
      });
    } catch (error) {
      setNote({ kind: 'error', message: `Sign-out failed: ${failure(error)}` });
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
      setNote({ kind: 'ok', message: `MCP server URL saved: ${next.mcpUrl}.${view?.status !== 'signed-out' && next.status === 'signed-out' ? ' You were signed out of the previous server.' : ''}` });
    } catch (error) {
      setNote({ kind: 'error', message: failure(error) });
    }
    setBusy(false);
  }

  const account = view?.account;
  return (
    <section aria-labelledby="sign-in-heading" className="sign-in">
      <h2 id="sign-in-heading">Sign in with Octogen</h2>
      <p className="hint">
        Recommended: no API key in your browser. Octolens signs in to Octogen's Catalog Partner MCP server and keeps only
        short-lived tokens, out of web pages' reach; lookups, similar items and search go through it.
      </p>
      {view && view.status !== 'signed-out' && (
        <dl className="facts">
          <dt>Organisation</dt>
          <dd>{account?.orgName ?? account?.orgId ?? 'Not given'}</dd>
          <dt>Account</dt>
          <dd>{[account?.name, account?.email].filter(Boolean).join(' · ') || 'Not given'}</dd>
          <dt>Access</dt>
          <dd>{tokenState(view, Date.now())}</dd>
          {!view.hasKey && (
            <>
              <dt>Not covered</dt>
              <dd>Looking up from a page, more like this, coverage requests and URL lists need a Platform API key (below).</dd>
            </>
          )}
        </dl>
      )}
      <div className="actions">
        {!signedIn && (
          <button type="button" ref={signInRef} onClick={onSignIn} disabled={!view || busy}>
            {view?.status === 'ended' ? 'Sign in again' : 'Sign in with Octogen'}
          </button>
        )}
        {view && view.status !== 'signed-out' && (
          <button type="button" ref={signOutRef} onClick={onSignOut} disabled={busy}>
            Sign out
          </button>
        )}
      </div>
      <div role="status" aria-live="polite" aria-label="Sign-in status" className="status">
        {(note.kind === 'working' || note.kind === 'ok') && <p className={note.kind === 'ok' ? 'status-ok' : undefined}>{note.message}</p>}
      </div>
      {note.kind === 'error' && (
        <div role="alert" className="notice notice-error">
          <p>{note.message}</p>
        </div>
      )}
      <details>
        <summary>Advanced: MCP server</summary>
        <label htmlFor={urlId}>MCP server URL</label>
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
          Default {DEFAULT_MCP_URL}. HTTPS, or plain HTTP on this machine only. Changing it signs you out of the previous server.
        </p>
        {urlError && (
          <p id={urlErrorId} className="field-error">
            {urlError}
          </p>
        )}
        <button type="button" onClick={onSaveUrl} disabled={busy}>
          Save MCP server URL
        </button>
      </details>
    </section>
  );
}
