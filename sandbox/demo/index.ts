/**
 * The sandbox's demo data and demo store pages.
 *
 * - `buildDemoCatalog(origin)`: three invented stores (180 products) generated deterministically from ./stores.ts.
 * - `renderDemo(origin, catalog, path, query)`: every GET under /demo (pages, images, the SPA script).
 * - `DEMO_RELEVANCE_QUERIES`: queries with a predicate of what a relevant result is, for search-relevance tests.
 *
 * See ./README.md for the URL layout and how the page kinds differ.
 */
export { buildDemoCatalog, PAGE_KINDS, type DemoCatalog, type PageKind } from './catalog';
export { aliasUrl, jsonLdFlavour, renderDemo, spaProducts, type DemoResponse, type JsonLdFlavour } from './pages';
export { DEMO_RELEVANCE_QUERIES, type RelevanceQuery } from './relevance';
