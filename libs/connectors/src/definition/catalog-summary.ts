type Counted = { id: string; actions: ReadonlyArray<unknown>; database?: { actions: ReadonlyArray<unknown> } };

/** A provider's typed tools: HTTP actions, or the database driver's. */
const countOf = (provider: Counted) => provider.actions.length + (provider.database?.actions.length ?? 0);

/** How many typed actions each provider has, as the CI check prints it. */
export function catalogSummary(providers: ReadonlyArray<Counted>, threshold = 6): string {
  const total = providers.reduce((count, provider) => count + countOf(provider), 0);
  const width = Math.max(...providers.map((provider) => provider.id.length), 8);
  const rich = providers.filter((provider) => countOf(provider) >= threshold).length;
  const describe = (provider: Counted) => (provider.database ? ' (database driver)' : countOf(provider) === 0 ? ' (raw proxy only)' : '');
  const lines = [
    `connector catalog ok: ${providers.length} providers, ${total} actions, ${rich} providers with at least ${threshold} actions`,
    ...providers.map((provider) => `  ${provider.id.padEnd(width)} ${String(countOf(provider)).padStart(3)} actions${describe(provider)}`),
  ];
  return `${lines.join('\n')}\n`;
}
