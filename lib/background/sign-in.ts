/**
 * Sign in with Octogen, the background's half (the options page opens the web-auth window between `beginSignIn` and
 * `finishSignIn`: lib/auth/flow.ts says why nothing waits in memory meanwhile). Signing in replaces the previous
 * sign-in only once it has tokens; signing out forgets every token first, then revokes them at the server.
 */
import { browser } from 'wxt/browser';
import { beginSignIn, cancelSignIn, finishSignIn, NeedsOrigin, type FlowDeps } from '../auth/flow';
import { checkMcpUrl, originPattern, revokeToken } from '../auth/oauth';
import { viewOf, type SignInView } from '../auth/session';
import { clientRegistry, pendingSlot } from '../auth/store';
import { OctogenError } from '../octogen/errors';
import type { Handlers } from '../messaging';
import { loadSettings, settingsItem } from '../storage';
import { mcpUrlSetting, type Clients } from './clients';

type SignInHandlers = Pick<Handlers, 'getSignIn' | 'beginSignIn' | 'finishSignIn' | 'cancelSignIn' | 'signOut' | 'saveMcpUrl'>;

/** Whether the extension holds a host permission for `origin`. */
async function canReach(origin: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [originPattern(origin)] });
  } catch {
    return false;
  }
}

/** The address the browser's web-auth window catches (`identity.getRedirectURL()`). */
function redirectUri(): string {
  const identity = (browser as unknown as { identity?: { getRedirectURL?: () => string } }).identity;
  if (typeof identity?.getRedirectURL !== 'function') {
    throw new OctogenError({
      kind: 'config',
      operation: 'signIn',
      detail: 'identity_unavailable',
      message: 'Octolens may not open a sign-in window: allow it when you press Sign in with Octogen.',
    });
  }
  return identity.getRedirectURL();
}

export function createSignIn(clients: Clients, now: () => number): SignInHandlers {
  const flow: FlowDeps = { fetch: clients.fetch, now, pending: pendingSlot(), clients: clientRegistry, canReach };

  async function view(): Promise<SignInView> {
    const [session, url, key] = await Promise.all([clients.tokens.session(), mcpUrlSetting(), clients.platform().catch(() => null)]);
    return { ...viewOf(session, url), hasKey: key !== null };
  }

  /** Forget every token (and sign-ins under way), then tell the server; answers whether it was told. */
  async function signOut(): Promise<boolean> {
    const session = await clients.tokens.session();
    await clients.tokens.save(undefined);
    await cancelSignIn(flow);
    clients.resetMcp();
    if (!session?.revocationEndpoint) return false;
    const revoke = async (token: string | undefined, hint: 'refresh_token' | 'access_token') => {
      if (!token) return true;
      try {
        await revokeToken(clients.fetch, { revocationEndpoint: session.revocationEndpoint!, token, hint, clientId: session.clientId });
        return true;
      } catch {
        return false;
      }
    };
    // The refresh token first: revoking it ends the grant, and with it every access token issued from it.
    const refreshRevoked = await revoke(session.refreshToken, 'refresh_token');
    const accessRevoked = await revoke(session.accessToken, 'access_token');
    return refreshRevoked && accessRevoked && Boolean(session.refreshToken || session.accessToken);
  }

  return {
    getSignIn: view,
    async beginSignIn() {
      const url = await mcpUrlSetting();
      try {
        const { authorizeUrl } = await beginSignIn(flow, url, redirectUri());
        return { authorizeUrl };
      } catch (error) {
        if (error instanceof NeedsOrigin) return { needsOrigin: error.origin };
        throw error;
      }
    },
    async finishSignIn({ redirectUrl }) {
      const session = await finishSignIn(flow, String(redirectUrl ?? ''));
      await clients.tokens.save(session);
      clients.resetMcp();
      return view();
    },
    async cancelSignIn() {
      await cancelSignIn(flow);
    },
    async signOut() {
      const revoked = await signOut();
      return { ...(await view()), revoked };
    },
    async saveMcpUrl({ mcpUrl }) {
      const checked = checkMcpUrl(String(mcpUrl ?? ''));
      if (!checked.ok) throw new OctogenError({ kind: 'config', operation: 'saveMcpUrl', message: `Nothing was saved: ${checked.problem}` });
      const session = await clients.tokens.session();
      if (session && session.mcpUrl !== checked.url) await signOut();
      await settingsItem.setValue({ ...(await loadSettings()), mcpUrl: checked.url });
      clients.resetMcp();
      return view();
    },
  };
}
