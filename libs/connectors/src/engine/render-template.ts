import { isInputRef, type ValueTemplate } from '../definition/value-template';
import { readBodyPath } from './body-path';
import { applyTransform } from './transforms';

/**
 * Fills a request template from the validated input. A reference to an absent input yields
 * `undefined`, and an object key whose value is `undefined` is dropped, so an optional
 * argument the agent left out never reaches the vendor as `null`.
 */
export function renderTemplate(template: ValueTemplate | undefined, input: unknown): unknown {
  if (template === undefined) return undefined;
  if (template === null || typeof template !== 'object') return template;
  if (isInputRef(template)) {
    const value = readBodyPath(input, template.$input);
    if (value === undefined) return undefined;
    return template.transform ? applyTransform(template.transform, value) : value;
  }
  if (Array.isArray(template)) {
    const items = template.map((item) => renderTemplate(item, input)).filter((item) => item !== undefined);
    return items.length === 0 && template.length > 0 ? undefined : items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(template)) {
    const value = renderTemplate(child, input);
    if (value !== undefined) out[key] = value;
  }
  // A container made only of absent optional inputs is itself absent (e.g. `parent: { key }`).
  return Object.keys(out).length === 0 && Object.keys(template).length > 0 ? undefined : out;
}
