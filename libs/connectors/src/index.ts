// Definition format
export type { ActionDefinition, HttpMapping, JsonSchema, SideEffect } from './definition/action';
export type {
  AuthMode,
  CredentialInjection,
  HttpAuthMode,
  OAuth2AuthorizationCodeMode,
  OAuth2ClientCredentialsMode,
  OAuth2ImplicitMode,
  OAuth2JwtBearerMode,
  TokenResponseShape,
} from './definition/auth-modes';
export type { DatabaseSettings } from './definition/database';
export type { ProviderPaging } from './definition/pagination';
export type { ErrorMapping, ErrorRule } from './definition/error-mapping';
export type { Pagination, PaginationStyle } from './definition/pagination';
export type { ProviderDefinition } from './definition/provider';
export type { DeclaredLimit, RateLimitSignals, UnpublishedLimit } from './definition/rate-limits';
export type { InputRef, ValueTemplate } from './definition/value-template';
export { actionDefinitionSchema } from './definition/action';
export { providerDefinitionSchema } from './definition/provider';
export { defineAction, defineProvider } from './definition/define';
export { isDeclaredHost } from './definition/hosts';
export { fillTemplate, matchesParamPattern } from './definition/url-templates';

// Build-time validation
export { validateCatalog, validateProviderDefinition } from './definition/catalog-validator';
export { formatProblem, type DefinitionProblem } from './definition/problem';

// Catalog
export { authOnlyProviders, catalog, GENERIC_OAUTH2_PROVIDER_ID, providerDefinitions } from './catalog';
export { createCatalog, isDatabaseAction, type Catalog, type CatalogAction, type CatalogEntry } from './catalog/catalog';
export { renderToolDescription, toToolDescriptor, type ToolDescriptor } from './catalog/tool-descriptor';

// Engine
export { executeAction } from './engine/default-engine';
export { proxyRequestKind, proxyResult, type ProxiedResponse, type ProxyRequestKind } from './engine/proxy-request-kind';
export type { ProxyRules } from './definition/proxy-rules';
export { buildProxyTarget, type ProxyCall, type ProxyTarget } from './engine/proxy-target';
export { findHttpAuthMode, injectCredential } from './engine/auth-injection';
export {
  createConnectorEngine,
  prepareActionInput,
  validateActionInput,
  type ConnectorEngine,
  type ConnectorEngineOptions,
  type ExecuteActionCall,
} from './engine/execute-action';
export { createUndiciTransport, ResponseTooLargeError, UpstreamTimeoutError, type UndiciTransportOptions } from './engine/undici-transport';
export type { ActionError, ActionResult, ConnectionContext, Credential, HttpTransport, RateLimitInfo, UpstreamRequest, UpstreamResponse } from './engine/types';

// OpenAPI import, as a library (the CLI, the corpus run and tenants' own connectors)
export { importSpec, type ImportResult } from './importer/import-spec';

// Database driver (PostgreSQL): providers reached through a database protocol, not HTTP
export { createPostgresDriver, findDatabaseAction, type DatabaseDriver, type DatabaseDriverOptions } from './database/postgresql-driver';
export type { ApproveDatabaseTarget, DatabaseTarget } from './database/database-target';
export type { DatabaseActionDefinition } from './definition/database';

// OAuth token lifecycle driven by the definitions (control plane callback, data plane refresh)
export * from './oauth';
