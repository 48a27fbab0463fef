/**
 * Where popup-early.js (a classic script, run while popup.html is still being parsed) leaves its kickoff for the
 * popup's module entry, which runs after parsing: the same window, so the same symbol registry.
 */
export const KICKOFF = Symbol.for('octolens.popup.kickoff');
