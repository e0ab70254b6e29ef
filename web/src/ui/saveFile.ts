/**
 * Saves a file the page holds (made here or fetched first) under `fileName`, through a temporary link: the
 * browser's download, with no page left open on it.
 */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started once the click is handled; the object URL can go a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
