/**
 * The sandbox in a process of its own, as the real API is a server of its own: the benchmark's browser driver
 * (Playwright, in this process) then never delays the sandbox's answers beyond the latency it injects. The demo
 * catalog is rebuilt here from the same origin (it is deterministic), and the request journal is read over HTTP.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { buildDemoCatalog, type DemoCatalog } from '../../sandbox/demo/catalog';
import type { JournalEntry } from '../../sandbox/hooks';

export interface SandboxProcess {
  origin: string;
  baseUrl: string;
  demo: DemoCatalog;
  journal: { clear(): Promise<void>; list(): Promise<JournalEntry[]> };
  close(): Promise<void>;
}

export async function startSandboxProcess(options: { latencyMs: number }): Promise<SandboxProcess> {
  const root = resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'sandbox/cli.ts'), '--port', '0', '--latency', String(options.latencyMs)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`The sandbox did not start within 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /API base URL:\s+(\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        ok(url);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`The sandbox exited (${code}):\n${output}`));
    });
  });
  const origin = new URL(baseUrl).origin;
  const requests = `${origin}/__sandbox/requests`;
  return {
    origin,
    baseUrl,
    demo: buildDemoCatalog(origin),
    journal: {
      clear: async () => void (await fetch(requests, { method: 'DELETE' })),
      list: async () => (await (await fetch(requests)).json()) as JournalEntry[],
    },
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
