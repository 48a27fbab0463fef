/**
 * `npm run sandbox -- --port <p> [--host 127.0.0.1] [--key <api key>] [--agent-key <key>] [--catalog <file.json>]...
 *   [--latency <ms>] [--rate-limit <requests per minute>] [--retired-catalogs] [--no-demo] [--voyage-step-ms <ms>]
 *   [--token-ttl <seconds>]`
 */
import { parseArgs } from 'node:util';
import { keyFormatProblem, keyPrefix } from '../lib/octogen/key';
import { CatalogFileError, loadCatalogFile } from './catalog';
import { DEMO_AGENT_KEY } from './agent/index';
import { DEMO_API_KEY } from './server';
import { startSandbox } from './start';

const usage = `Usage: npm run sandbox -- [--port 8787] [--host 127.0.0.1] [--key <api key>] [--agent-key <key>]
  [--catalog <file.json>] [--latency <ms>] [--rate-limit <requests per minute>] [--retired-catalogs] [--no-demo]
  [--voyage-step-ms <ms>]   how long each of a voyage's 5 steps takes (default 2000)
  [--token-ttl <seconds>]   how long OAuth access tokens for /partner/mcp live (default 300)`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function intOption(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) fail(`--${name} takes a whole number >= ${min}, not "${value}".\n${usage}`);
  return Number(value);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        key: { type: 'string' },
        'agent-key': { type: 'string' },
        catalog: { type: 'string', multiple: true },
        latency: { type: 'string' },
        'rate-limit': { type: 'string' },
        'retired-catalogs': { type: 'boolean' },
        'no-demo': { type: 'boolean' },
        'voyage-step-ms': { type: 'string' },
        'token-ttl': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values.key !== undefined) {
    const problem = keyFormatProblem(values.key);
    if (problem) fail(`--key: ${problem} The format is octo_live_<32 hex>_<base64url secret>.`);
  }
  if (values['agent-key'] !== undefined && !values['agent-key'].trim()) fail(`--agent-key must not be empty.\n${usage}`);
  const extra = [];
  for (const file of values.catalog ?? []) {
    try {
      extra.push(loadCatalogFile(file));
    } catch (error) {
      if (error instanceof CatalogFileError) fail(error.message);
      throw error;
    }
  }
  const sandbox = await startSandbox({
    port: intOption(values.port, 'port', 0),
    host: values.host,
    apiKey: values.key,
    agentKey: values['agent-key'],
    extra,
    latencyMs: intOption(values.latency, 'latency', 0),
    rateLimitPerMinute: intOption(values['rate-limit'], 'rate-limit', 1),
    catalogsRetired: values['retired-catalogs'],
    noDemo: values['no-demo'],
    voyageStepMs: intOption(values['voyage-step-ms'], 'voyage-step-ms', 1),
    tokenTtlSeconds: intOption(values['token-ttl'], 'token-ttl', 1),
  });
  const key = sandbox.apiKey;
  console.log(`Octogen sandbox ready
  API base URL:  ${sandbox.baseUrl}
  API key:       ${values.key ? `${keyPrefix(key)}… (the key you passed)` : `${DEMO_API_KEY} (demo key)`}
  OpenAPI:       ${sandbox.origin}/openapi.json
  Demo stores:   ${sandbox.origin}/demo/
  Catalogs:      ${sandbox.catalog.catalogs.length} (${sandbox.catalog.products.length} products)
  Agent API:     ${sandbox.origin}/catalog/search, ${sandbox.origin}/mcp (X-API-Key: ${values['agent-key'] ? 'the key you passed' : `${DEMO_AGENT_KEY} (demo agent key)`})
  Partner MCP:   ${sandbox.oauth.resource} (OAuth 2.1: sign in at the authorize page; access tokens live ${sandbox.oauth.tokenTtlSeconds} s)
  OAuth:         ${sandbox.origin}/.well-known/oauth-authorization-server
  Uncovered:     http://<name>.localhost:${sandbox.port}/ (a voyage on <name>.localhost covers it; steps of ${sandbox.voyages.stepMs} ms)
  Test hooks:    ${sandbox.origin}/__sandbox/requests, ${sandbox.origin}/__sandbox/faults (loopback Host; no Origin or this one)`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
