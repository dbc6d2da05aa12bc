import type { SimulatorWiring, TokenSimulatorWiring } from '@causeway/simulators';

/**
 * The egress allow-list of the embedded default: exactly the `address:port` pairs the bundled
 * simulators listen on, nothing else on loopback. With upstream overrides on, any tenant may
 * point a connection (or an agent a `callbackUrl`) at a loopback URL; a whole-loopback entry
 * would hand them the control plane's `/graphql`, the database port and whatever else runs on
 * the machine.
 */
export function simulatorAllowList(wiring: Record<string, SimulatorWiring | TokenSimulatorWiring>): string {
  const pairs = new Set<string>();
  for (const simulator of Object.values(wiring)) {
    const oauth: Record<string, string | undefined> = 'oauth' in simulator ? simulator.oauth : {};
    for (const value of [...Object.values(simulator.serverOverrides), ...Object.values(simulator.connectionParams), ...Object.values(oauth)]) {
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
