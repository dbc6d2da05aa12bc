// Definition format
export type { ActionDefinition, HttpMapping, JsonSchema, SideEffect } from './definition/action';
export type { AuthMode, CredentialInjection, OAuth2AuthorizationCodeMode, OAuth2ImplicitMode, TokenResponseShape } from './definition/auth-modes';
export type { ErrorMapping, ErrorRule } from './definition/error-mapping';
export type { Pagination, PaginationStyle } from './definition/pagination';
export type { ProviderDefinition } from './definition/provider';
export type { DeclaredLimit, RateLimitSignals } from './definition/rate-limits';
export type { InputRef, ValueTemplate } from './definition/value-template';
export { actionDefinitionSchema } from './definition/action';
export { providerDefinitionSchema } from './definition/provider';
export { defineAction, defineProvider } from './definition/define';
export { isDeclaredHost } from './definition/hosts';

// Build-time validation
export { validateCatalog, validateProviderDefinition } from './definition/catalog-validator';
export { formatProblem, type DefinitionProblem } from './definition/problem';

// Catalog
export { authOnlyProviders, catalog, GENERIC_OAUTH2_PROVIDER_ID, providerDefinitions } from './catalog';
export { createCatalog, type Catalog, type CatalogEntry } from './catalog/catalog';
export { renderToolDescription, toToolDescriptor, type ToolDescriptor } from './catalog/tool-descriptor';

// Engine
export { executeAction } from './engine/default-engine';
export { proxyRequestKind, proxyResult, type ProxiedResponse, type ProxyRequestKind } from './engine/proxy-request-kind';
export type { ProxyRules } from './definition/proxy-rules';
export { createConnectorEngine, prepareActionInput, validateActionInput, type ConnectorEngine, type ConnectorEngineOptions, type ExecuteActionCall } from './engine/execute-action';
export { createUndiciTransport, ResponseTooLargeError, UpstreamTimeoutError, type UndiciTransportOptions } from './engine/undici-transport';
export type { ActionError, ActionResult, ConnectionContext, Credential, HttpTransport, RateLimitInfo, UpstreamRequest, UpstreamResponse } from './engine/types';

// OAuth token lifecycle driven by the definitions (control plane callback, data plane refresh)
export * from './oauth';
