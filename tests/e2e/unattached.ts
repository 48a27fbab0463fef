/**
 * Chromium with the extension loaded and NO debugger attached to its service worker.
 *
 * Playwright attaches a DevTools session to every service worker of a persistent context (that is how
 * `context.serviceWorkers()` works), and Chromium never stops a service worker while DevTools is attached to it: under
 * the usual fixtures the worker is immortal, so a test about the worker's lifetime could never fail there. This
 * launcher speaks the DevTools protocol itself, over `--remote-debugging-pipe`: it discovers targets without attaching
 * to them, and attaches only to the pages it opens. The worker is then stopped by the browser as a user's would be.
 *
 * Extension pages can see whether the worker runs: `chrome.runtime.getContexts({ contextTypes: ['BACKGROUND'] })`
 * (a call from a page does not wake or keep the worker).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { EXTENSION_DIR, extensionSwitches } from '../../scripts/lib/extension';
import { findChromium } from '../../scripts/lib/chromium';
import { MESSAGE_TAG } from '../../lib/wire';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  attached: boolean;
}

type Listener = (params: any, sessionId?: string) => void;

/** A DevTools protocol connection over Chromium's pipe (fd 3 in, fd 4 out; messages end with NUL). */
class Pipe {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; method: string }>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private buffer = '';

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 1);
        this.dispatch(message);
      }
    });
  }

  private dispatch(message: { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string }; sessionId?: string }) {
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) call?.reject(new Error(`${call.method}: ${message.error.message}`));
      else call?.resolve(message.result);
      return;
    }
    for (const listener of this.listeners.get(message.method!) ?? []) listener(message.params, message.sessionId);
  }

  send<T = any>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  on(method: string, listener: Listener) {
    if (!this.listeners.has(method)) this.listeners.set(method, new Set());
    this.listeners.get(method)!.add(listener);
  }
}

/** A page of ours, attached (only it), where expressions are evaluated. */
export interface UnattachedPage {
  evaluate<T>(expression: string): Promise<T>;
  /** Type text into the focused element, as a keyboard would. */
  insertText(text: string): Promise<void>;
  reload(): Promise<void>;
}

export interface UnattachedBrowser {
  extensionId: string;
  /** Open an extension page (`popup.html`, `sidepanel.html`, ...) in a tab, attached, loaded. */
  openPage(path: string): Promise<UnattachedPage>;
  /** The extension's service worker targets as the browser lists them (attached: whether anyone debugs them). */
  workerTargets(): Promise<TargetInfo[]>;
  /** Times (ms since launch) at which a worker target of the extension appeared or went away. */
  workerEvents: { at: number; event: 'created' | 'destroyed'; url: string }[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function launchUnattached(options: { extensionDir?: string; args?: string[] } = {}): Promise<UnattachedBrowser> {
  const executable = findChromium();
  if (!executable) throw new Error('No Chromium-family browser found: run `npx tsx scripts/ensure-chromium.ts` or set CHROME_PATH.');
  const dir = options.extensionDir ?? EXTENSION_DIR;
  const profile = mkdtempSync(join(tmpdir(), 'octolens-unattached-'));
  const child: ChildProcess = spawn(
    executable,
    [
      '--headless',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      ...extensionSwitches(dir),
      '--no-default-browser-check',
      ...(options.args ?? []),
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
  const pipe = new Pipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const started = Date.now();
  const close = async () => {
    await pipe.send('Browser.close').catch(() => undefined);
    await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(5_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  };

  try {
    const workerEvents: UnattachedBrowser['workerEvents'] = [];
    const targets = new Map<string, TargetInfo>();
    const isWorker = (t: TargetInfo) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://');
    pipe.on('Target.targetCreated', ({ targetInfo }: { targetInfo: TargetInfo }) => {
      targets.set(targetInfo.targetId, targetInfo);
      if (isWorker(targetInfo)) workerEvents.push({ at: Date.now() - started, event: 'created', url: targetInfo.url });
    });
    pipe.on('Target.targetInfoChanged', ({ targetInfo }: { targetInfo: TargetInfo }) => targets.set(targetInfo.targetId, targetInfo));
    pipe.on('Target.targetDestroyed', ({ targetId }: { targetId: string }) => {
      const t = targets.get(targetId);
      if (t && isWorker(t)) workerEvents.push({ at: Date.now() - started, event: 'destroyed', url: t.url });
      targets.delete(targetId);
    });
    // Discover, never auto-attach: nothing debugs the worker.
    await Promise.race([
      pipe.send('Target.setDiscoverTargets', { discover: true }),
      sleep(15_000).then(() => {
        throw new Error(`Chromium did not answer on its DevTools pipe. stderr: ${stderr}`);
      }),
    ]);
    let worker: TargetInfo | undefined;
    for (let i = 0; i < 150 && !worker; i++) {
      worker = [...targets.values()].find(isWorker);
      if (!worker) await sleep(100);
    }
    if (!worker) throw new Error(`The extension's service worker did not start. stderr: ${stderr}`);
    const extensionId = new URL(worker.url).host;

    const loaded = new Map<string, () => void>();
    pipe.on('Page.loadEventFired', (_params, sessionId) => {
      if (sessionId) loaded.get(sessionId)?.();
    });
    const waitLoad = (sessionId: string) =>
      new Promise<void>((resolve) => {
        loaded.set(sessionId, resolve);
      });

    return {
      extensionId,
      workerEvents,
      async openPage(path) {
        const { targetId } = await pipe.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
        const { sessionId } = await pipe.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
        await pipe.send('Page.enable', {}, sessionId);
        const navigate = async (run: () => Promise<unknown>) => {
          const load = waitLoad(sessionId);
          await run();
          await load;
        };
        await navigate(() => pipe.send('Page.navigate', { url: `chrome-extension://${extensionId}/${path.replace(/^\//, '')}` }, sessionId));
        return {
          async evaluate<T>(expression: string) {
            const result = await pipe.send<{ result: { value: T }; exceptionDetails?: { exception?: { description?: string }; text: string } }>(
              'Runtime.evaluate',
              { expression, awaitPromise: true, returnByValue: true },
              sessionId,
            );
            if (result.exceptionDetails) throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
            return result.result.value;
          },
          async insertText(text: string) {
            await pipe.send('Input.insertText', { text }, sessionId);
          },
          reload: () => navigate(() => pipe.send('Page.reload', {}, sessionId)),
        };
      },
      async workerTargets() {
        const { targetInfos } = await pipe.send<{ targetInfos: TargetInfo[] }>('Target.getTargets');
        return targetInfos.filter(isWorker);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export interface AgentSetup {
  apiKey: string;
  baseUrl: string;
  agentBaseUrl: string;
  agentKey: string;
}

/**
 * Set the extension up for Ask from one of its pages, as the options page's Save does: the `saveSettings` message to
 * the background. A background without that message (keys still in `storage.local`) gets the stored settings
 * directly, as the e2e fixtures wrote them. Reload the page afterwards: the Ask view reads the settings on load.
 */
export async function configureFromPage(page: UnattachedPage, setup: AgentSetup): Promise<void> {
  const message = {
    tag: MESSAGE_TAG,
    type: 'saveSettings',
    data: {
      platform: { baseUrl: setup.baseUrl, apiKey: setup.apiKey },
      agent: { baseUrl: setup.agentBaseUrl, apiKey: setup.agentKey },
      autoDetect: { mode: 'off', sites: [] },
    },
  };
  const stored = {
    apiKey: setup.apiKey,
    settings: { baseUrl: setup.baseUrl, autoDetect: { mode: 'off', sites: [] }, agent: { baseUrl: setup.agentBaseUrl } },
    settings$: { v: 3 },
    agentApiKey: setup.agentKey,
  };
  await page.evaluate(`(async () => {
    const answer = await chrome.runtime.sendMessage(${JSON.stringify(message)}).catch(() => undefined);
    if (answer && answer.ok) return;
    if (answer && !/Unknown message/.test(answer.error?.message ?? '')) throw new Error('saveSettings: ' + answer.error?.message);
    await chrome.storage.local.set(${JSON.stringify(stored)});
  })()`);
  const view = await page.evaluate<{ ok: boolean; value?: { agentHasKey?: boolean } }>(
    `chrome.runtime.sendMessage(${JSON.stringify({ tag: MESSAGE_TAG, type: 'getSettings' })})`,
  );
  if (!view.ok || !view.value?.agentHasKey) throw new Error(`The extension was not set up for Ask: ${JSON.stringify(view)}`);
  await page.reload();
}
