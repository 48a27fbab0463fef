/** The tag every Octolens message carries (kept in its own module so the content script imports nothing else). */
export const MESSAGE_TAG = 'octolens/1';
