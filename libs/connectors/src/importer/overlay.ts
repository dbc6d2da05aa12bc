import { z } from 'zod';
import { errorCodeSchema } from '../definition/error-mapping';
import { paginationSchema } from '../definition/pagination';
import { providerDefinitionSchema } from '../definition/provider';
import { SIDE_EFFECTS } from '../definition/action';

/**
 * The curation a person writes next to a vendor spec: which operations become tools and how
 * a model should see them. Provider facts (auth, limits, errors) are given with their
 * provenance exactly as in a hand-written definition; the importer never invents them for a
 * curated provider. Operations are keyed by `operationId`, or `METHOD /path` when the spec
 * gives none.
 */
export const operationOverlaySchema = z.strictObject({
  /** The verb_noun after `<provider>.`; derived from the operationId when omitted. */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .optional(),
  title: z.string().min(3).optional(),
  description: z.string().min(20).optional(),
  usage: z.string().min(20).optional(),
  sideEffect: z.enum(SIDE_EFFECTS).optional(),
  idempotent: z.boolean().optional(),
  openWorld: z.boolean().optional(),
  pagination: paginationSchema.optional(),
  /** Inputs to expose, by the spec's parameter or body property name; all when omitted. */
  inputs: z.array(z.string().min(1)).optional(),
  errorGuide: z.partialRecord(errorCodeSchema, z.string().min(5)).optional(),
  scopes: z.array(z.string()).optional(),
  docsUrl: z.url().optional(),
});

const providerFactsSchema = providerDefinitionSchema.omit({ actions: true, sourceFile: true }).partial({ servers: true, hosts: true, connectionParams: true });

export const overlaySchema = z.strictObject({
  provider: providerFactsSchema,
  /** `listed` (the default) imports only the operations named below; `all` imports every one. */
  include: z.enum(['listed', 'all']).default('listed'),
  /** The version every generated action carries. */
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/)
    .default('1.0.0'),
  operations: z.record(z.string(), operationOverlaySchema).default({}),
});

export type Overlay = z.infer<typeof overlaySchema>;
export type OperationOverlay = z.infer<typeof operationOverlaySchema>;
export type ProviderFacts = z.infer<typeof providerFactsSchema>;
