/** The tag every Octolens message carries (kept in its own module so the content script imports nothing else). */
export const MESSAGE_TAG = 'octolens/1';

/** The name of the port the Ask UI holds open to the background while a conversation runs. */
export const ASK_PORT = 'octolens/ask';

/**
 * The tag of the background's broadcast of a tab's new lookup state to extension pages (never to content scripts),
 * sent as each state is produced: an open popup paints it without waiting for the storage write and its change event.
 * Storage stays the source of truth (a popup opened later, or a restarted worker, reads it from there).
 */
export const TAB_STATE_PUSH = 'octolens/tab-state';
