/**
 * Past the 404 (#23), the popup's half, free of React: "Look up from this page" and "More like this" as small state
 * machines (components/popup/FromThisPage.tsx and MoreLikeThis.tsx are their views). Each sends a message to the
 * background only when the user asks (a click, a choice made after the first click); nothing is sent on opening.
 *
 * More-like-this results are kept in the popup's memory only, per price preference: switching back to one already
 * shown sends nothing again. They are not kept per tab: they are one click away, they would grow the tab's state
 * (which every reopened popup reads) and its toolbar address, and the tab's record they were for may change.
 */
import { formatNumber, t } from './i18n';
import { OctogenError, describeError, type OctogenErrorData } from './octogen/errors';
import type { MoreLikeThisResponse, PricePreference, ProductListItem } from './octogen/schemas';
import type { TabState } from './state';

const errorOf = (error: unknown, operation: string): OctogenErrorData =>
  error instanceof OctogenError ? error.data : { kind: 'network', operation, message: error instanceof Error ? error.message : String(error) };

// --- Look up from this page ----------------------------------------------------------------------------------------

export interface FromPageView {
  phase: 'idle' | 'sending' | 'error';
  error?: OctogenErrorData;
  errorAt?: number;
}

export interface FromPageOptions {
  /** Ask the background to read the page and resolve it (the `resolveFromPage` message). */
  resolve: () => Promise<TabState>;
  onChange: (view: FromPageView) => void;
  now?: () => number;
}

/** One "Look up from this page" button: one request at a time; its error stays until the next try. */
export class FromPageAction {
  private view: FromPageView = { phase: 'idle' };
  private disposed = false;

  constructor(private readonly options: FromPageOptions) {}

  get state(): FromPageView {
    return this.view;
  }

  /** Resolves with the tab's new state, or undefined when it failed (the view says why). */
  async run(): Promise<TabState | undefined> {
    if (this.view.phase === 'sending') return undefined;
    this.set({ phase: 'sending' });
    try {
      const state = await this.options.resolve();
      this.set({ phase: 'idle' });
      return state;
    } catch (error) {
      this.set({ phase: 'error', error: errorOf(error, 'resolveProductFromHtml'), errorAt: (this.options.now ?? Date.now)() });
      return undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
  }

  private set(view: FromPageView): void {
    this.view = view;
    if (!this.disposed) this.options.onChange(view);
  }
}

// --- More like this ------------------------------------------------------------------------------------------------

/** The price preferences as offered, in order (the type is the contract's; no runtime import: zod stays out of the popup). */
export const PRICE_OPTIONS: PricePreference[] = ['any', 'lower', 'higher'];
export const priceLabel = (p: PricePreference) => (p === 'lower' ? t('moreLike.lower') : p === 'higher' ? t('moreLike.higher') : t('moreLike.any'));

export interface MoreLikeThisResult {
  phase: 'loading' | 'done' | 'error';
  items: ProductListItem[];
  error?: OctogenErrorData;
  errorAt?: number;
}

export interface MoreLikeThisView {
  preference: PricePreference;
  /** Whether the user has asked (pressed More like this): until then a change of preference sends nothing. */
  asked: boolean;
  /** The result for `preference`, once asked. */
  result?: MoreLikeThisResult;
}

export interface MoreLikeThisOptions {
  /** Ask the background (the `moreLikeThis` message). */
  fetch: (preference: PricePreference) => Promise<MoreLikeThisResponse>;
  onChange: (view: MoreLikeThisView) => void;
  now?: () => number;
}

export class MoreLikeThisController {
  private readonly results = new Map<PricePreference, MoreLikeThisResult>();
  private view: MoreLikeThisView = { preference: 'any', asked: false };
  private disposed = false;

  constructor(private readonly options: MoreLikeThisOptions) {}

  get state(): MoreLikeThisView {
    return this.view;
  }

  /** The user pressed More like this: the results for the chosen preference (again after an error). */
  ask(): void {
    this.view = { ...this.view, asked: true };
    this.load(this.view.preference);
  }

  /** The user chose a price preference: once asked, its results (kept ones at once, others fetched). */
  choose(preference: PricePreference): void {
    this.view = { ...this.view, preference };
    if (this.view.asked) this.load(preference);
    else this.emit();
  }

  dispose(): void {
    this.disposed = true;
  }

  private load(preference: PricePreference): void {
    const kept = this.results.get(preference);
    if (kept && kept.phase !== 'error') return this.emit();
    this.results.set(preference, { phase: 'loading', items: [] });
    this.emit();
    this.options.fetch(preference).then(
      (answer) => this.settle(preference, { phase: 'done', items: answer.items }),
      (error: unknown) => this.settle(preference, { phase: 'error', items: [], error: errorOf(error, 'moreLikeThisProducts'), errorAt: (this.options.now ?? Date.now)() }),
    );
  }

  private settle(preference: PricePreference, result: MoreLikeThisResult): void {
    this.results.set(preference, result);
    this.emit();
  }

  private emit(): void {
    this.view = { ...this.view, result: this.view.asked ? this.results.get(this.view.preference) : undefined };
    if (!this.disposed) this.options.onChange(this.view);
  }
}

/** What a screen reader hears when a result comes in. */
export function announceMoreLikeThis(preference: PricePreference, result: MoreLikeThisResult): string {
  const [lower, higher] = [preference === 'lower', preference === 'higher'];
  if (result.phase === 'loading') return lower ? t('moreLike.findingLower') : higher ? t('moreLike.findingHigher') : t('moreLike.finding');
  if (result.phase === 'error') return t('moreLike.failed', { title: result.error ? describeError(result.error).title : t('coverage.statusFailed') });
  const n = result.items.length;
  if (n === 0) return lower ? t('moreLike.nothingLower') : higher ? t('moreLike.nothingHigher') : t('moreLike.nothing');
  const count = { n: formatNumber(n) };
  return lower ? t('moreLike.countLower', n, count) : higher ? t('moreLike.countHigher', n, count) : t('moreLike.count', n, count);
}
