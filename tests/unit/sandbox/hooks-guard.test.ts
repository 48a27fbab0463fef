/**
 * The test hooks (`/__sandbox/*`) answer only loopback, same-origin (or Origin-less) requests: a page on another
 * site, or one that rebinds its own name to 127.0.0.1, must not queue faults or read the journal. Over real HTTP;
 * `node:http` sends the raw Host header that fetch would not let us choose.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hookRefusal } from '../../../sandbox/hooks';
import { useSandbox } from '../helpers/sandbox';

const current = useSandbox();

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request to the running sandbox with exactly these headers (Host included: default `127.0.0.1:<port>`). */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string, setHost = true): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: current().port, method, path, headers: setHost ? { host: `127.0.0.1:${current().port}`, ...headers } : headers, setHost, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const FAULT = JSON.stringify({ path: '/v1/me', status: 503 });
const HOOKS: [method: string, path: string, body?: string][] = [
  ['GET', '/__sandbox/requests'],
  ['DELETE', '/__sandbox/requests'],
  ['GET', '/__sandbox/faults'],
  ['POST', '/__sandbox/faults', FAULT],
  ['DELETE', '/__sandbox/faults'],
  ['POST', '/__sandbox/reset'],
  ['GET', '/__sandbox/info'],
  ['GET', '/__sandbox/no-such-hook'],
];

function expectRefused(answer: Answer, why: RegExp) {
  expect(answer.status).toBe(403);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as { detail: unknown };
  expect(Object.keys(body)).toEqual(['detail']);
  expect(body.detail).toMatch(why);
  expect(answer.headers['access-control-allow-origin']).toBeUndefined();
}

describe('test hooks refuse cross-site requests', () => {
  it('refuses every hook from another site, and queues nothing', async () => {
    for (const [method, path, body] of HOOKS) {
      expectRefused(await send(method, path, { origin: 'https://evil.example' }, body), /origin/i);
    }
    expect(current().faults.list()).toEqual([]);
  });

  it('refuses an opaque (null) origin and this host on another port or under another name', async () => {
    const port = current().port;
    for (const origin of ['null', `http://127.0.0.1:${port + 1}`, `http://localhost:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}.evil.example`]) {
      expectRefused(await send('POST', '/__sandbox/faults', { origin }, FAULT), /origin/i);
    }
    expect(current().faults.list()).toEqual([]);
  });

  it('refuses a foreign Host (DNS rebinding), with or without an Origin', async () => {
    for (const host of ['evil.example:8787', 'evil.example', `127.0.0.1.evil.example:${current().port}`, 'localhost.evil.example', '127.0.0.2', '0x7f.0.0.1']) {
      expectRefused(await send('POST', '/__sandbox/faults', { host }, FAULT), /host/i);
      expectRefused(await send('GET', '/__sandbox/requests', { host, origin: `http://${host}` }), /host/i);
    }
    expect(current().faults.list()).toEqual([]);
  });

  it('refuses a request without a Host header', async () => {
    // (Node's HTTP server answers 400 itself to an HTTP/1.1 request without one; the hook would answer 403.)
    expect([400, 403]).toContain((await send('POST', '/__sandbox/faults', {}, FAULT, false)).status);
    expect(current().faults.list()).toEqual([]);
  });

  it('does not answer a preflight for a hook permissively', async () => {
    const preflight = await send('OPTIONS', '/__sandbox/faults', {
      origin: 'https://evil.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expectRefused(preflight, /origin/i);
  });
});

describe('test hooks accept local tools and their own pages', () => {
  it('accepts a request without an Origin header (Node, curl, the e2e fixtures)', async () => {
    const queued = await send('POST', '/__sandbox/faults', {}, FAULT);
    expect(queued.status).toBe(201);
    expect(current().faults.list()).toHaveLength(1);
    expect((await fetch(`${current().origin}/__sandbox/faults`, { method: 'DELETE' })).status).toBe(204);
    expect(current().faults.list()).toEqual([]);
  });

  it('accepts a same-origin request on each loopback name', async () => {
    const port = current().port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const origin = `http://${host.toLowerCase()}`;
      expect((await send('POST', '/__sandbox/faults', { host, origin }, FAULT)).status).toBe(201);
      const journal = await send('GET', '/__sandbox/requests', { host, origin });
      expect(journal.status).toBe(200);
      expect(JSON.parse(journal.text)).toEqual([]);
    }
    expect(current().faults.list()).toHaveLength(4);
  });

  it('leaves the API, agent and demo routes open to other origins and hosts', async () => {
    const preflight = await send('OPTIONS', '/v1/me', { origin: 'https://evil.example', 'access-control-request-method': 'GET' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://evil.example');
    const me = await send('GET', '/v1/me', { origin: 'chrome-extension://abcdef', host: 'evil.example:8787' });
    expect(me.status).toBe(401);
    expect(me.headers['access-control-allow-origin']).toBe('chrome-extension://abcdef');
    expect((await send('GET', '/catalog/health', { origin: 'https://evil.example' })).status).toBe(200);
    expect((await send('GET', '/demo/', { host: 'evil.example' })).status).toBe(200);
  });
});

describe('hookRefusal', () => {
  it('names why a request is refused, and accepts loopback same-origin or Origin-less requests', () => {
    expect(hookRefusal('127.0.0.1:8787', undefined)).toBeUndefined();
    expect(hookRefusal('127.0.0.1:8787', 'http://127.0.0.1:8787')).toBeUndefined();
    expect(hookRefusal('localhost', 'http://localhost')).toBeUndefined();
    expect(hookRefusal('localhost:80', 'http://localhost')).toBeUndefined();
    expect(hookRefusal('[::1]:8787', 'http://[::1]:8787')).toBeUndefined();
    expect(hookRefusal(undefined, undefined)).toMatch(/host/i);
    expect(hookRefusal('127.0.0.1:99999', undefined)).toMatch(/host/i);
    expect(hookRefusal('[::1]evil', undefined)).toMatch(/host/i);
    expect(hookRefusal('127.0.0.1:8787', 'http://127.0.0.1:8787/')).toMatch(/origin/i);
    expect(hookRefusal('127.0.0.1:8787', '')).toMatch(/origin/i);
  });
});
