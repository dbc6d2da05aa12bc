import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TenantConnectorTool', { description: 'A tool one version of a tenant connector offers.' })
export class TenantConnectorToolModel {
  @Field({ description: 'The tool name agents call, `t_<slug>.<name>`.' }) name!: string;
  @Field({ description: 'Short human title from the document or overlay.' }) title!: string;
  @Field({ description: '`read`, `write` or `destructive`.' }) sideEffect!: string;
}

@ObjectType('TenantConnectorVersion', { description: 'One upload, immutable.' })
export class TenantConnectorVersionModel {
  @Field(() => Int, { description: 'Version number, 1 for the first upload.' }) version!: number;
  @Field(() => [TenantConnectorToolModel], { description: 'Tools this version offers.' }) tools!: TenantConnectorToolModel[];
  @Field(() => [String], { description: 'The only hosts its calls may reach.' }) hosts!: string[];
  @Field(() => [String], { description: 'The auth modes a connection may use.' }) authModes!: string[];
  @Field({ description: 'SHA-256 of the uploaded OpenAPI document.' }) specSha256!: string;
  @Field(() => Int, { description: 'Size of the uploaded document in bytes.' }) specBytes!: number;
  @Field(() => GraphQLISODateTime, { description: 'When it was uploaded.' }) createdAt!: Date;
}

@ObjectType('TenantConnector', { description: "A connector the tenant uploaded; agents see its active version's tools." })
export class TenantConnectorModel {
  @Field(() => ID, { description: 'Connector id, for its versions, activation, rollback and deletion.' }) id!: string;
  @Field({ description: 'Lower-case name chosen at upload.' }) slug!: string;
  @Field({ description: 'The provider id connections name (`t_<slug>`).' }) providerId!: string;
  @Field(() => Int, { description: 'The version agents see.' }) activeVersion!: number;
  @Field(() => GraphQLISODateTime, { description: 'Last upload, activation or rollback.' }) updatedAt!: Date;
}

@ObjectType('UploadedTenantConnector', { description: 'The result of an upload: the connector and the version just stored.' })
export class UploadedTenantConnectorModel {
  @Field(() => TenantConnectorModel, { description: 'The connector, now on the new version.' }) connector!: TenantConnectorModel;
  @Field(() => TenantConnectorVersionModel, { description: 'The version just stored.' }) version!: TenantConnectorVersionModel;
  @Field(() => [String], { description: 'Operations that became no tool, overlay keys the document lacks.' }) warnings!: string[];
}

@InputType({ description: 'An OpenAPI document (and optional overlay) to turn into tools. Needs create:Connection.' })
export class UploadTenantConnectorInput {
  @Field({ description: 'Lower-case name; the provider id becomes `t_<slug>`. An existing slug gets a new version.' }) slug!: string;
  @Field({ description: 'The OpenAPI 2.0, 3.0 or 3.1 document, JSON or YAML (at most 2 MiB).' }) openApiDocument!: string;
  @Field(() => String, { nullable: true, description: 'The curation overlay, JSON or YAML (at most 256 KiB); without it every operation is imported.' })
  overlayDocument?: string | null;
}
