/**
 * How coverage requests are kept and followed, declared in one place. No imports: the e2e tests read these in Node.
 */
/** The most requests kept (one per store), and how long finished ones are kept (so the popup can tell the outcome). */
export const MAX_REQUESTS = 20;
export const KEEP_FINISHED_MS = 24 * 60 * 60_000;
/** The alarm that follows requests under way, and its period: the real service asks for every 5 minutes or slower. */
export const COVERAGE_ALARM = 'octolens:coverage';
export const POLL_MINUTES = 5;
/** Where they are kept: one `storage.local` key. */
export const COVERAGE_KEY = 'coverageRequests';
