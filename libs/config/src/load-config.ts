import { z } from 'zod';

/**
 * Parses environment variables against an app's schema at start. A wrong or missing variable
 * stops the process with one message naming every variable at fault, never a stack trace
 * from deep inside a module that read `process.env` on its own.
 */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: ReadonlyArray<{ variable: string; message: string }>,
  ) {
    super(`${service}: invalid configuration\n` + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends z.ZodType>(service: string, schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({
    variable: issue.path.length ? issue.path.join('.') : '(environment)',
    message: issue.message,
  }));
  throw new ConfigError(service, problems);
}

/** Variables whose values must never be logged or echoed back. */
const sensitivePattern = /(PASSWORD|SECRET|TOKEN|KEY|PEPPER|CREDENTIAL)/i;

export function isSensitiveVariable(name: string): boolean {
  return sensitivePattern.test(name) || /_URL$/.test(name);
}

/** A copy of the parsed config safe to log: sensitive values are replaced, URLs lose their userinfo. */
export function redactConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (typeof value === 'string' && /_URL$/.test(name)) out[name] = redactUrl(value);
    else if (sensitivePattern.test(name)) out[name] = '[redacted]';
    else out[name] = value;
  }
  return out;
}

function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = 'redacted';
    return url.toString();
  } catch {
    return '[redacted]';
  }
}
