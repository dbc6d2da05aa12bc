import { OutboxMessage } from '@causeway/messaging';
import { ApiKey } from '../api-keys/api-key.entity';
import { ApprovalPolicyRecord } from '../approvals/approval-policy.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { Connection } from '../connections/connection.entity';
import { OAuthApp } from '../connections/oauth-app.entity';
import { OAuthState } from '../connections/oauth-state.entity';
import { WebhookRegistration } from '../connections/webhook-registration.entity';
import { SignInThrottleRow } from '../auth/sign-in-throttle.entity';
import { PasswordReset } from '../auth/password-reset.entity';
import { Invitation } from '../invitations/invitation.entity';
import { Membership } from '../memberships/membership.entity';
import { OidcProvider } from '../oidc/oidc-provider.entity';
import { OidcSignInState } from '../oidc/sign-in-state.entity';
import { Role } from '../roles/role.entity';
import { TenantConnector, TenantConnectorVersion } from '../tenant-connectors/tenant-connector.entity';
import { EventSubscriptionRecord } from '../event-subscriptions/event-subscription.entity';
import { PollingTriggerRecord } from '../polling-triggers/polling-trigger.entity';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';
import { migrations } from './migrations';

/** The control plane owns this Postgres schema; no other service reads or writes it. */
export const CONTROL_PLANE_SCHEMA = 'control_plane';

export const controlPlaneEntities = [
  Tenant,
  User,
  Role,
  Membership,
  ApiKey,
  RefreshToken,
  SignInThrottleRow,
  Invitation,
  PasswordReset,
  Connection,
  OAuthApp,
  OAuthState,
  OidcProvider,
  OidcSignInState,
  ApprovalPolicyRecord,
  TenantConnector,
  TenantConnectorVersion,
  EventSubscriptionRecord,
  PollingTriggerRecord,
  WebhookRegistration,
  OutboxMessage,
];
export const controlPlaneMigrations = migrations;
