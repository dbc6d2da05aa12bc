/**
 * Reading the `{param}` placeholders of server and endpoint URL templates. Two kinds exist:
 * a whole base URL (`{instanceUrl}/services/data/v63.0`, `{baseUrl}`), whose value is a URL
 * checked as such, and a part of the host (`https://{subdomain}.zendesk.com`), whose value must
 * keep the call on the vendor's domain.
 */
const PLACEHOLDER = /\{\+?([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

/** The placeholder a template starts with when it is the whole origin (`{baseUrl}/api`). */
export function leadingBaseParam(template: string): string | undefined {
  return /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(template)?.[1];
}

/** Placeholders inside the authority (`https://{subdomain}.zendesk.com/…` → `subdomain`). */
export function hostPlaceholders(template: string): string[] {
  const scheme = template.indexOf('://');
  if (scheme < 0) return [];
  const rest = template.slice(scheme + 3);
  const end = rest.search(/[/?#]/);
  return placeholdersIn(end < 0 ? rest : rest.slice(0, end));
}

/** Replaces each placeholder by its value; unknown names are left as they are. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

/**
 * Values that would move a host placeholder off the vendor's domain if a pattern let them
 * through: a path, fragment, query, userinfo or port separator, an escape, a space, nothing.
 */
export const HOST_ESCAPING_SAMPLES = ['evil.example/', 'evil.example#', 'evil.example?', 'user@evil.example', 'evil.example:443', 'a\\b', 'a%2fb', 'a b', ''];

/** Whether a value fits a parameter's declared pattern (the whole value must match). */
export function matchesParamPattern(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}
