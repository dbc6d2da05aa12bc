/** Where the driver may open its socket, approved by the caller's egress policy. */
export interface DatabaseTarget {
  address: string;
  port: number;
}

/**
 * Checks a tenant's host and port before anything is sent, and returns the address to connect
 * to (resolved once, so DNS cannot answer differently for the connect). The data plane passes
 * `createDatabaseTargetApprover` from @causeway/egress; a refusal is thrown as an error whose
 * `errorCode` is the contract code (`forbidden` for a refused address).
 */
export type ApproveDatabaseTarget = (hostname: string, port: number) => Promise<DatabaseTarget>;
