/**
 * The key every per-upstream piece (holds, pacing, breaker) is kept under: the provider and
 * the connection, since vendors count limits per credential. `bucket` narrows it further when
 * the vendor partitions limits (`connection+method`, `connection+channel`).
 */
export function upstreamKey(upstream: string, connectionId: string, bucket?: string): string {
  return bucket ? `${upstream}:${connectionId}:${bucket}` : `${upstream}:${connectionId}`;
}

/** The provider part of an upstream key: the only part allowed in a metric label. */
export function upstreamOf(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}
