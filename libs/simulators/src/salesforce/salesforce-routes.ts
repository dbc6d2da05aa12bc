import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WriteCounter } from '../common/faults';
import type { ObjectSpec, SalesforceOrg, SalesforceRecord } from './salesforce-org';

/**
 * What the REST routes of every resource share; salesforce-simulator.ts builds it (versions,
 * session, daily API limit) and each resource module (salesforce-query.ts,
 * salesforce-sobjects.ts) registers its routes with it.
 */
export interface SalesforceRoutes {
  org: SalesforceOrg;
  writes: WriteCounter;
  /** Default query batch size (Salesforce: 2000). */
  defaultBatch: number;
}

export type ErrorEntry = { message: string; errorCode: string; fields?: string[] };

/** Salesforce's error body: an array of `{ message, errorCode, fields? }`. */
export const fail = (reply: FastifyReply, status: number, ...entries: ErrorEntry[]) => reply.code(status).send(entries);
export const notFound = (reply: FastifyReply) => fail(reply, 404, { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' });
export const versionOf = (request: FastifyRequest) => (request.params as { version: string }).version;

export function renderRecord(spec: ObjectSpec, record: SalesforceRecord, names: string[], version: string): Record<string, unknown> {
  const rendered: Record<string, unknown> = { attributes: { type: spec.name, url: `/services/data/${version}/sobjects/${spec.name}/${record.Id}` } };
  for (const name of names) rendered[name] = record[name] ?? null;
  return rendered;
}
