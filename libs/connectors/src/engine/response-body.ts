/**
 * Parses an upstream body. JSON when it says so or looks like it; otherwise the text itself
 * (an HTML error page from a proxy, an empty 204). Never throws.
 */
export function parseResponseBody(contentType: string | undefined, text: string): { body: unknown; malformedJson: boolean } {
  if (text.trim() === '') return { body: undefined, malformedJson: false };
  const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(text);
  if (!looksJson) return { body: text, malformedJson: false };
  try {
    return { body: JSON.parse(text) as unknown, malformedJson: false };
  } catch {
    return { body: text, malformedJson: true };
  }
}
