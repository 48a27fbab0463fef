/** One sandbox over real HTTP for a test file, with its journal, faults and rate limits reset before each test. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/start';

export function useSandbox(options: Parameters<typeof startSandbox>[0] = {}): () => RunningSandbox {
  let sandbox: RunningSandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, ...options });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(() => {
    sandbox!.journal.clear();
    sandbox!.faults.clear();
    sandbox!.buckets.reset();
  });
  return () => sandbox!;
}
