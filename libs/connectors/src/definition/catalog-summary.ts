/** How many typed actions each provider has, as the CI check prints it. */
export function catalogSummary(providers: ReadonlyArray<{ id: string; actions: ReadonlyArray<unknown> }>, threshold = 6): string {
  const total = providers.reduce((count, provider) => count + provider.actions.length, 0);
  const width = Math.max(...providers.map((provider) => provider.id.length), 8);
  const rich = providers.filter((provider) => provider.actions.length >= threshold).length;
  const lines = [
    `connector catalog ok: ${providers.length} providers, ${total} actions, ${rich} providers with at least ${threshold} actions`,
    ...providers.map((provider) => `  ${provider.id.padEnd(width)} ${String(provider.actions.length).padStart(3)} actions${provider.actions.length === 0 ? ' (raw proxy only)' : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}
