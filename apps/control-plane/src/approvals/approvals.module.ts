import { Module } from '@nestjs/common';
import { ApprovalPoliciesService } from './approval-policies.service';
import { ApprovalsResolver } from './approvals.resolver';

@Module({ providers: [ApprovalPoliciesService, ApprovalsResolver], exports: [ApprovalPoliciesService] })
export class ApprovalsModule {}
