/**
 * Ask, the catalog agent API: the conversation runs here (lib/agent/service.ts). The Ask UI holds a port open while
 * it is open: questions go through it, and closing it aborts the turn in flight (its partial answer is kept). While a
 * turn is in flight the service worker is kept alive (Chrome would stop it 30 s into a slow answer).
 */
import { browser, type Browser } from 'wxt/browser';
import { createKeepAlive } from '../agent/keepalive';
import { AgentService } from '../agent/service';
import { settleInterrupted } from '../agent/session';
import type { Handlers } from '../messaging';
import { listenForPorts, touchExtensionApi } from '../platform';
import { askPrefsItem, attributionItem, conversationsItem } from '../storage';
import { ASK_PORT, fromExtensionPage, readAskMessage } from '../wire';
import type { Clients } from './clients';

export function startAsk(clients: Clients, now: () => number): { handlers: Pick<Handlers, 'recordSponsoredClick'>; stop: () => void } {
  const agent = new AgentService({
    getClient: () => clients.agent(),
    readState: () => conversationsItem.getValue(),
    writeState: (state) => conversationsItem.setValue(state),
    readAttribution: () => attributionItem.getValue(),
    writeAttribution: (log) => attributionItem.setValue(log),
    now,
    keepAlive: createKeepAlive(() => touchExtensionApi()),
  });
  // A turn left streaming by a stopped service worker is settled as stopped, its partial answer kept.
  void agent.update(settleInterrupted);

  const onConnect = (port: Browser.runtime.Port) => {
    if (port.name !== ASK_PORT) return;
    if (!fromExtensionPage(port.sender, browser.runtime.id, browser.runtime.getURL('/'))) {
      port.disconnect();
      return;
    }
    let controller: AbortController | undefined;
    port.onMessage.addListener((raw: unknown) => {
      const message = readAskMessage(raw);
      if (message?.type === 'stop') controller?.abort();
      if (message?.type !== 'ask') return;
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      // A store that refuses even the new turn leaves nothing to show it in (see AgentService.settle).
      void askPrefsItem
        .getValue()
        .then((prefs) => agent.ask(message.query, prefs, mine.signal))
        .catch(() => undefined);
    });
    port.onDisconnect.addListener(() => controller?.abort());
  };

  return { handlers: { recordSponsoredClick: (record) => agent.recordClick(record) }, stop: listenForPorts(onConnect) };
}
