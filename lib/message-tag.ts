/** The tag every Octolens message carries (kept in its own module so the content script imports nothing else). */
export const MESSAGE_TAG = 'octolens/1';

/** The name of the port the Ask UI holds open to the background while a conversation runs. */
export const ASK_PORT = 'octolens/ask';
