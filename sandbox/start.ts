/**
 * Start the sandbox on a port (0 = any free port) and return its URLs; used by the CLI, the tests, `npm start`
 * and the benchmark.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createSandbox, type Sandbox, type SandboxOptions } from './server';

export interface RunningSandbox extends Sandbox {
  origin: string;
  port: number;
  close(): Promise<void>;
}

export async function startSandbox(
  options: Omit<SandboxOptions, 'origin'> & { port?: number; host?: string } = {},
): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  let sandbox: Sandbox | undefined;
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve(
      {
        fetch: (request) => (sandbox ? sandbox.app.fetch(request) : new Response('starting', { status: 503 })),
        port: options.port ?? 0,
        hostname: host,
      },
      (info: AddressInfo) => resolve(info.port),
    );
    server.once('error', reject);
  });
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const origin = `http://${urlHost}:${port}`;
  sandbox = createSandbox({ ...options, origin });
  const running = server!;
  return {
    ...sandbox,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        const s = running as unknown as { closeAllConnections?: () => void };
        s.closeAllConnections?.();
        running.close(() => resolve());
      }),
  };
}
