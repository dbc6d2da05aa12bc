/**
 * Parses an RFC 8288 `Link` header into `{ rel: url }`, e.g. GitHub's
 * `<https://api.github.com/repositories/1/issues?page=2>; rel="next", <…>; rel="last"`.
 */
export function parseLinkHeader(header: string | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = part.match(/<([^>]*)>(.*)/);
    if (!match) continue;
    const url = match[1] as string;
    const rel = (match[2] as string).match(/;\s*rel\s*=\s*"?([^";]+)"?/i)?.[1];
    if (!rel) continue;
    for (const name of rel.trim().split(/\s+/)) links[name.toLowerCase()] ??= url;
  }
  return links;
}
