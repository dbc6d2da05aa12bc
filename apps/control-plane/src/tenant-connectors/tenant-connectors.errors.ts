import { AppError } from '@causeway/platform';

export enum TenantConnectorsErrorCode {
  InvalidInput = 'TENANT_CONNECTOR_INVALID_INPUT',
  DocumentTooLarge = 'TENANT_CONNECTOR_DOCUMENT_TOO_LARGE',
  TooManyTools = 'TENANT_CONNECTOR_TOO_MANY_TOOLS',
  UnreadableDocument = 'TENANT_CONNECTOR_UNREADABLE_DOCUMENT',
  RejectedDefinition = 'TENANT_CONNECTOR_REJECTED_DEFINITION',
  UndeclaredHost = 'TENANT_CONNECTOR_UNSAFE_HOST',
  UnsupportedAuth = 'TENANT_CONNECTOR_UNSUPPORTED_AUTH',
  BuiltInCollision = 'TENANT_CONNECTOR_BUILT_IN_COLLISION',
  TooMany = 'TENANT_CONNECTOR_LIMIT_REACHED',
  NotFound = 'TENANT_CONNECTOR_NOT_FOUND',
  InUse = 'TENANT_CONNECTOR_IN_USE',
  ConcurrentUpload = 'TENANT_CONNECTOR_CONCURRENT_UPLOAD',
}

const codes = {
  [TenantConnectorsErrorCode.InvalidInput]: 'invalid_input',
  [TenantConnectorsErrorCode.DocumentTooLarge]: 'payload_too_large',
  [TenantConnectorsErrorCode.TooManyTools]: 'invalid_input',
  [TenantConnectorsErrorCode.UnreadableDocument]: 'invalid_input',
  [TenantConnectorsErrorCode.RejectedDefinition]: 'invalid_input',
  [TenantConnectorsErrorCode.UndeclaredHost]: 'invalid_input',
  [TenantConnectorsErrorCode.UnsupportedAuth]: 'invalid_input',
  [TenantConnectorsErrorCode.BuiltInCollision]: 'conflict',
  [TenantConnectorsErrorCode.TooMany]: 'conflict',
  [TenantConnectorsErrorCode.NotFound]: 'not_found',
  [TenantConnectorsErrorCode.InUse]: 'conflict',
  [TenantConnectorsErrorCode.ConcurrentUpload]: 'conflict',
} as const;

export class TenantConnectorsError extends AppError {
  constructor(
    readonly reason: TenantConnectorsErrorCode,
    message: string,
    field?: string,
  ) {
    super(codes[reason], message, field ? { field } : {});
  }
}
