import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Turns a hostname into every address it currently has. The seam tests use to make
 * `api.example.com` resolve to 10.0.0.5 without a network; production uses `systemResolver`.
 */
export type Resolver = (hostname: string) => Promise<ReadonlyArray<ResolvedAddress>>;

/**
 * getaddrinfo, like `net.connect` itself would use, so /etc/hosts and the search path behave
 * as operators expect. `verbatim` keeps the system's address order.
 */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};
