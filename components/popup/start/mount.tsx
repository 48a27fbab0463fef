import { createRoot } from 'react-dom/client';
import type { TabState } from '../../../lib/state';
import { App } from '../App';
import type { Kickoff } from './early';

export function mount(root: HTMLElement, early: Kickoff, initial: { state: TabState | null; tabId: number | undefined }) {
  createRoot(root).render(<App early={early} initial={initial} />);
}
