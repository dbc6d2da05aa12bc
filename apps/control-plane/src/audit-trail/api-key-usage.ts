import type { ApiKeyDailyUsageModel } from './api-key-usage.models';

export const MAX_USAGE_DAYS = 90;

/** Calls per day come from the audit trail; cost units per tool per day from the data plane's budget counters. */
export interface DailyCalls {
  day: string;
  calls: number;
  errors: number;
  refused: number;
}
export interface DailyToolCost {
  day: string;
  costUnits: number;
}

/** The window's UTC days, oldest first, today last. */
export function usageDays(days: number, now = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** One bucket per day of the window, so a chart needs no gap filling. */
export function dailyUsage(days: string[], calls: DailyCalls[], costs: DailyToolCost[]): ApiKeyDailyUsageModel[] {
  const callsByDay = new Map(calls.map((c) => [c.day, c]));
  const costByDay = new Map<string, number>();
  for (const c of costs) costByDay.set(c.day, (costByDay.get(c.day) ?? 0) + c.costUnits);
  return days.map((day) => {
    const c = callsByDay.get(day);
    return { day, calls: c?.calls ?? 0, errors: c?.errors ?? 0, refused: c?.refused ?? 0, costUnits: costByDay.get(day) ?? 0 };
  });
}
