import type { SimulatorWiring } from '@causeway/simulators';

/**
 * The egress allow-list of the embedded default: exactly the `address:port` pairs the bundled
 * simulators listen on, nothing else on loopback. With upstream overrides on, any tenant may
 * point a connection (or an agent a `callbackUrl`) at a loopback URL; a whole-loopback entry
 * would hand them the control plane's `/graphql`, the database port and whatever else runs on
 * the machine.
 */
export function simulatorAllowList(wiring: Record<string, SimulatorWiring>): string {
  const pairs = new Set<string>();
  for (const { serverOverrides, connectionParams, oauth } of Object.values(wiring)) {
    for (const value of [...Object.values(serverOverrides), ...Object.values(connectionParams), ...Object.values(oauth)]) {
      const url = parseUrl(value);
      if (!url) continue;
      const port = url.port || (url.protocol === 'https:' ? '443' : '80');
      // IPv6 hostnames keep their brackets in URL.hostname, which is the allow-list's [addr]:port form.
      pairs.add(`${url.hostname}:${port}`);
    }
  }
  return [...pairs].sort().join(',');
}

function parseUrl(value: string | undefined): URL | undefined {
  if (!value || !/^https?:\/\//.test(value)) return undefined;
  try {
    return new URL(value.replace(/\{[^}]+\}/g, 'x'));
  } catch {
    return undefined;
  }
}
