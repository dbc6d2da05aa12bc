import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TenantConnectorTool', { description: 'A tool one version of a tenant connector offers.' })
export class TenantConnectorToolModel {
  @Field({ description: 'The tool name agents call, `t_<slug>.<name>`.' }) name!: string;
  @Field() title!: string;
  @Field({ description: '`read`, `write` or `destructive`.' }) sideEffect!: string;
}

@ObjectType('TenantConnectorVersion', { description: 'One upload, immutable.' })
export class TenantConnectorVersionModel {
  @Field(() => Int) version!: number;
  @Field(() => [TenantConnectorToolModel]) tools!: TenantConnectorToolModel[];
  @Field(() => [String], { description: 'The only hosts its calls may reach.' }) hosts!: string[];
  @Field(() => [String], { description: 'The auth modes a connection may use.' }) authModes!: string[];
  @Field({ description: 'SHA-256 of the uploaded OpenAPI document.' }) specSha256!: string;
  @Field(() => Int) specBytes!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('TenantConnector', { description: "A connector the tenant uploaded; agents see its active version's tools." })
export class TenantConnectorModel {
  @Field(() => ID) id!: string;
  @Field() slug!: string;
  @Field({ description: 'The provider id connections name (`t_<slug>`).' }) providerId!: string;
  @Field(() => Int) activeVersion!: number;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

@ObjectType('UploadedTenantConnector')
export class UploadedTenantConnectorModel {
  @Field(() => TenantConnectorModel) connector!: TenantConnectorModel;
  @Field(() => TenantConnectorVersionModel) version!: TenantConnectorVersionModel;
  @Field(() => [String], { description: 'Operations that became no tool, overlay keys the document lacks.' }) warnings!: string[];
}

@InputType()
export class UploadTenantConnectorInput {
  @Field({ description: 'Lower-case name; the provider id becomes `t_<slug>`. An existing slug gets a new version.' }) slug!: string;
  @Field({ description: 'The OpenAPI 2.0, 3.0 or 3.1 document, JSON or YAML (at most 2 MiB).' }) openApiDocument!: string;
  @Field(() => String, { nullable: true, description: 'The curation overlay, JSON or YAML (at most 256 KiB); without it every operation is imported.' })
  overlayDocument?: string | null;
}
