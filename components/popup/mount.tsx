import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { Kickoff } from './kickoff';

export function mount(root: HTMLElement, early: Kickoff) {
  createRoot(root).render(<App early={early} />);
}
