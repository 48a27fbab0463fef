/**
 * Search-relevance expectations over the demo catalog: for each query, what counts as a relevant result.
 * Predicates look at the title first (search results carry it) and fall back to the categories.
 */
import type { ProductView } from '../../lib/octogen/schemas';

export interface RelevanceQuery {
  q: string;
  expect: (p: ProductView) => boolean;
}

const titleOrCategory = (title: RegExp, category?: RegExp) => (p: ProductView) =>
  title.test(p.title ?? '') || (!!category && p.categories.some((c) => category.test(c.name)));

const headphones = titleOrCategory(/\b(headphones|earbuds)\b/i, /^(headphones|earbuds)$/i);

export const DEMO_RELEVANCE_QUERIES: RelevanceQuery[] = [
  { q: 'water bottle', expect: titleOrCategory(/\bwater bottle\b/i, /^water bottles$/i) },
  { q: 'rain jacket', expect: titleOrCategory(/\brain (jacket|shell)\b/i, /^rain jackets$/i) },
  { q: 'headphones', expect: headphones },
  { q: 'hedphones', expect: headphones },
  { q: 'kettle', expect: titleOrCategory(/\bkettle\b/i, /^kettles$/i) },
  { q: 'electric kettle', expect: titleOrCategory(/\b(electric|temperature) kettle\b/i) },
  { q: 'Ridgeback', expect: (p) => p.brand?.name === 'Ridgeback' },
  { q: 'cast iron skillet', expect: titleOrCategory(/\b(skillet|cast iron pan|frying pan)\b/i, /^frying pans$/i) },
  { q: 'merino base layer', expect: titleOrCategory(/\bbase layer\b/i, /^base layers$/i) },
  { q: 'laptop backpack', expect: titleOrCategory(/\b(backpack|daypack|ultralight pack)\b/i, /^(backpacks|bags)$/i) },
];
