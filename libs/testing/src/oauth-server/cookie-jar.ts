interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/**
 * Just enough of RFC 6265 to carry oidc-provider's interaction cookies between the redirects
 * of one authorization: cookies are kept per name and path, sent when the request path is
 * within the cookie's path, and dropped when the server expires them. One jar serves one
 * server, so domains are not tracked.
 */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Records every Set-Cookie of a response to a request for `requestUrl`. */
  store(response: Response, requestUrl: URL): void {
    for (const header of response.headers.getSetCookie()) this.#storeOne(header, requestUrl);
  }

  /** The Cookie header value for a request to `url`, if any cookie applies. */
  headerFor(url: URL): string | undefined {
    const applicable = [...this.#cookies.values()].filter((cookie) => pathMatches(url.pathname, cookie.path));
    if (applicable.length === 0) return undefined;
    return applicable.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  }

  #storeOne(header: string, requestUrl: URL): void {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    if (separator <= 0) return;
    const name = pair.slice(0, separator);
    const value = pair.slice(separator + 1);

    let path = defaultPath(requestUrl.pathname);
    let expired = false;
    for (const attribute of attributes) {
      const [key = '', attributeValue = ''] = attribute.split('=', 2);
      switch (key.toLowerCase()) {
        case 'path':
          if (attributeValue.startsWith('/')) path = attributeValue;
          break;
        case 'max-age':
          expired ||= Number(attributeValue) <= 0;
          break;
        case 'expires':
          expired ||= Date.parse(attributeValue) <= Date.now();
          break;
      }
    }

    const key = `${name}\u0000${path}`;
    if (expired) this.#cookies.delete(key);
    else this.#cookies.set(key, { name, value, path });
  }
}

// RFC 6265 §5.1.4: the directory of the request path.
function defaultPath(requestPath: string): string {
  const lastSlash = requestPath.lastIndexOf('/');
  return lastSlash <= 0 ? '/' : requestPath.slice(0, lastSlash);
}

// RFC 6265 §5.1.4 path-match.
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}
