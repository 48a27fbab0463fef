/**
 * Sponsored / organic separation of the agent's products.
 *
 * The product doc: "Treat is_sponsored: true as paid placement", "Track resolvedBidId for attribution", "Clearly label
 * sponsored placements". So:
 * - an item is sponsored when `is_sponsored` is true OR it carries a `resolvedBidId` (a bid id means an auction won:
 *   we would rather over-label an ad than pass one off as organic); a sponsored item without a bid id stays sponsored
 *   (it just cannot be attributed);
 * - the two lists never mix: organic keeps the service's rank order (`rank`, then arrival order), sponsored keeps
 *   its own order;
 * - duplicates by id are dropped within each list, and a sponsored copy of an item already in the organic results is
 *   dropped (the organic placement wins, so a product is never shown twice).
 */
import type { AgentProduct } from './schemas';

export function isSponsored(product: Pick<AgentProduct, 'is_sponsored' | 'resolvedBidId'>): boolean {
  return product.is_sponsored === true || (typeof product.resolvedBidId === 'string' && product.resolvedBidId.length > 0);
}

/** The bid id to report for attribution, if the item has one. */
export function bidIdOf(product: Pick<AgentProduct, 'resolvedBidId'>): string | undefined {
  return typeof product.resolvedBidId === 'string' && product.resolvedBidId.length > 0 ? product.resolvedBidId : undefined;
}

function byRank<T extends Pick<AgentProduct, 'rank'>>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const ra = typeof a.item.rank === 'number' && Number.isFinite(a.item.rank) ? a.item.rank : Number.POSITIVE_INFINITY;
      const rb = typeof b.item.rank === 'number' && Number.isFinite(b.item.rank) ? b.item.rank : Number.POSITIVE_INFINITY;
      return ra === rb ? a.index - b.index : ra - rb;
    })
    .map(({ item }) => item);
}

function uniqueById<T extends Pick<AgentProduct, 'id'>>(items: readonly T[], exclude: ReadonlySet<string> = new Set()): T[] {
  const seen = new Set(exclude);
  return items.filter((item) => {
    if (seen.has(item.id)) return false;
    seen.add(item.id);
    return true;
  });
}

export interface SplitProducts<T extends AgentProduct = AgentProduct> {
  organic: T[];
  sponsored: T[];
}

export function splitProducts<T extends AgentProduct>(products: readonly T[]): SplitProducts<T> {
  const organic = uniqueById(byRank(products.filter((p) => !isSponsored(p))));
  const organicIds = new Set(organic.map((p) => p.id));
  const sponsored = uniqueById(byRank(products.filter((p) => isSponsored(p))), organicIds);
  return { organic, sponsored };
}
