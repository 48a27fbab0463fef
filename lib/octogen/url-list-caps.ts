/**
 * The service's caps on coverage URL lists: lists per organisation, URLs per list, URLs per request, characters per URL
 * and per list name. In a module of their own, free of zod, so the popup can use them without the schemas' weight
 * (lib/octogen/schemas.ts re-exports them for the contract).
 */
export const URL_LIST_CAPS = { lists: 5, urlsPerList: 100_000, urlsPerRequest: 1000, urlLength: 2048, nameLength: 80 } as const;
