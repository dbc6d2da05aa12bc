import { Client, cacheExchange, fetchExchange } from 'urql';
import { storedSession } from './session';

/** One urql client; the bearer is read per request, so a refreshed token applies at once. */
export function createClient(): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    requestPolicy: 'cache-and-network',
    // POST only: the server's CSRF guard refuses simple GET requests, and GETs would put queries in logs.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => {
      const session = storedSession();
      const headers: Record<string, string> = session ? { authorization: `Bearer ${session.accessToken}` } : {};
      return { headers };
    },
  });
}
