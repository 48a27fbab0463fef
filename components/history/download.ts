/**
 * Save text as a file the user downloads: a Blob behind an `<a download>` clicked once (no `downloads` permission).
 * The object URL is revoked once the browser has had time to start the download.
 */
export function downloadText(text: string, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
