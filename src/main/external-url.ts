// The only URLs the app hands to the browser or the clipboard: http(s) URLs that are exactly
// one of the configured servers. Anything else (file:, javascript:, a URL a snapshot or a
// message made up) is refused.
export function allowedServerUrl(candidate: string, configured: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return configured.includes(candidate) ? candidate : null;
}
