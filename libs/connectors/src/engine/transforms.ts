import type { ValueTransform } from '../definition/value-template';

/**
 * Turns plain text into the smallest valid Atlassian Document Format document: one
 * paragraph per blank-line-separated block. Jira v3 refuses plain strings in `description`
 * and comment `body`, and models write plain text far more reliably than ADF.
 */
export function adfFromText(text: string): Record<string, unknown> {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0);
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((block) => ({ type: 'paragraph', content: [{ type: 'text', text: block }] })),
  };
}

export function applyTransform(transform: ValueTransform, value: unknown): unknown {
  switch (transform) {
    case 'adf_from_text':
      return typeof value === 'string' ? adfFromText(value) : value;
    case 'json_string':
      return JSON.stringify(value);
    case 'base64':
      return Buffer.from(String(value), 'utf8').toString('base64');
  }
}
