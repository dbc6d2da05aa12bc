import { z } from 'zod';

/**
 * The vendor page that states a fact. Every fact a definition declares (a server, an auth
 * mode, a limit or the absence of one, the rate-limit signals, the pagination style, the error
 * mapping) carries one, so a reviewer can check it and a successor knows where to look when the
 * vendor changes. Plain https only: a page a human can open.
 */
export const provenanceSchema = z.url({
  protocol: /^https$/,
  error: 'needs its provenance: the https URL of the vendor documentation that states this fact',
});

/**
 * A URL that may carry `{param}` placeholders filled from connection parameters, e.g.
 * `https://{subdomain}.zendesk.com/oauth/tokens`. It must be a URL once the placeholders hold
 * ordinary values; which placeholders are allowed is a cross-field check.
 */
export const urlTemplateSchema = z
  .string()
  .min(1)
  .refine((template) => {
    try {
      const url = new URL(template.replace(/\{\+?[A-Za-z_][A-Za-z0-9_]*\}/g, 'x'));
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL, with {param} placeholders where a connection supplies a value');
