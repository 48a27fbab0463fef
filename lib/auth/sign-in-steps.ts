/**
 * The options page's side of Sign in with Octogen, without React: on the user's click, ask for what signing in needs
 * (the `identity` permission where it is optional, and the MCP and sign-in origins) in one prompt; have the background
 * start the sign-in; open the browser's web-auth window (`identity.launchWebAuthFlow`) on its authorize URL; give the
 * background the address the window came back to. Each way it can end is a plain outcome the page shows.
 */
import { DEFAULT_AUTH_ORIGIN, DEFAULT_MCP_URL, originPattern, SIGN_IN_DENIED } from './oauth';
import type { SignInView } from './session';
import { OctogenError } from '../octogen/errors';

export interface SignInStepsDeps {
  /** `permissions.request` (must be the first call of the click handler: it needs the user's gesture). */
  request(permissions: { permissions: string[]; origins: string[] }): Promise<boolean>;
  /** Whether `identity` is an optional permission here (Chrome) rather than required (Firefox). */
  identityOptional: boolean;
  begin(): Promise<{ authorizeUrl: string } | { needsOrigin: string }>;
  launch(url: string): Promise<string | undefined>;
  finish(redirectUrl: string): Promise<SignInView>;
  cancel(): Promise<void>;
}

export type SignInOutcome =
  | { kind: 'signed-in'; view: SignInView }
  /** The browser's prompt was declined: nothing was sent. */
  | { kind: 'not-allowed' }
  /** The sign-in server is on another origin the user has not allowed yet: the next click asks for it. */
  | { kind: 'needs-origin'; origin: string }
  /** The window was closed (or could not open) before the user chose. */
  | { kind: 'cancelled' }
  | { kind: 'denied'; message: string }
  | { kind: 'failed'; error: unknown };

/** The origins to ask for: the MCP server's, the sign-in server's when known, and one the background said it needs. */
export function originsFor(mcpUrl: string, extra?: string): string[] {
  const origins = new Set<string>([originPattern(new URL(mcpUrl).origin)]);
  if (mcpUrl === DEFAULT_MCP_URL) origins.add(originPattern(DEFAULT_AUTH_ORIGIN));
  if (extra) origins.add(originPattern(extra));
  return [...origins];
}

export async function runSignIn(deps: SignInStepsDeps, mcpUrl: string, extraOrigin?: string): Promise<SignInOutcome> {
  let granted: boolean;
  try {
    granted = await deps.request({ permissions: deps.identityOptional ? ['identity'] : [], origins: originsFor(mcpUrl, extraOrigin) });
  } catch (error) {
    return { kind: 'failed', error };
  }
  if (!granted) return { kind: 'not-allowed' };
  let begun;
  try {
    begun = await deps.begin();
  } catch (error) {
    return { kind: 'failed', error };
  }
  if ('needsOrigin' in begun) return { kind: 'needs-origin', origin: begun.needsOrigin };
  let redirectUrl: string | undefined;
  try {
    redirectUrl = await deps.launch(begun.authorizeUrl);
  } catch {
    // Chrome: "The user did not approve access." when the window is closed; Firefox: "User cancelled or denied access."
    redirectUrl = undefined;
  }
  if (!redirectUrl) {
    await deps.cancel().catch(() => undefined);
    return { kind: 'cancelled' };
  }
  try {
    return { kind: 'signed-in', view: await deps.finish(redirectUrl) };
  } catch (error) {
    if (error instanceof OctogenError && error.detail === SIGN_IN_DENIED) return { kind: 'denied', message: error.message };
    return { kind: 'failed', error };
  }
}
