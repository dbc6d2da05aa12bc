import { Module } from '@nestjs/common';
import { ApprovalPoliciesService } from './approval-policies.service';
import { ApprovalsResolver } from './approvals.resolver';
import { KeyTrustResolver } from './key-trust.resolver';

@Module({ providers: [ApprovalPoliciesService, ApprovalsResolver, KeyTrustResolver], exports: [ApprovalPoliciesService] })
export class ApprovalsModule {}
