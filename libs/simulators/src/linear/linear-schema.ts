import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * The part of Linear's GraphQL schema the simulator serves, with Linear's own type and field
 * names (https://studio.apollographql.com/public/Linear-API/variant/current/schema/reference),
 * so a document Linear would refuse as invalid is refused here too (GRAPHQL_VALIDATION_FAILED).
 */
const SDL = /* GraphQL */ `
  type Query {
    viewer: User!
    teams(first: Int, after: String, filter: TeamFilter): TeamConnection!
    workflowStates(first: Int, after: String, filter: WorkflowStateFilter): WorkflowStateConnection!
    issues(first: Int, after: String, filter: IssueFilter, orderBy: PaginationOrderBy, includeArchived: Boolean): IssueConnection!
    issue(id: String!): Issue!
  }

  type Mutation {
    issueCreate(input: IssueCreateInput!): IssuePayload!
    issueUpdate(id: String!, input: IssueUpdateInput!): IssuePayload!
    issueDelete(id: String!, permanentlyDelete: Boolean): IssueArchivePayload!
    commentCreate(input: CommentCreateInput!): CommentPayload!
  }

  enum PaginationOrderBy {
    createdAt
    updatedAt
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type User {
    id: ID!
    name: String!
    email: String!
  }
  type Team {
    id: ID!
    key: String!
    name: String!
  }
  type WorkflowState {
    id: ID!
    name: String!
    type: String!
    position: Float!
    team: Team!
  }
  type Issue {
    id: ID!
    identifier: String!
    number: Float!
    title: String!
    description: String
    priority: Float!
    url: String!
    createdAt: String!
    updatedAt: String!
    archivedAt: String
    trashed: Boolean
    state: WorkflowState!
    assignee: User
    team: Team!
  }
  type Comment {
    id: ID!
    body: String!
    url: String!
    createdAt: String!
    user: User
  }

  type TeamConnection {
    nodes: [Team!]!
    pageInfo: PageInfo!
  }
  type WorkflowStateConnection {
    nodes: [WorkflowState!]!
    pageInfo: PageInfo!
  }
  type IssueConnection {
    nodes: [Issue!]!
    pageInfo: PageInfo!
  }

  type IssuePayload {
    success: Boolean!
    issue: Issue
    lastSyncId: Float!
  }
  type IssueArchivePayload {
    success: Boolean!
    lastSyncId: Float!
  }
  type CommentPayload {
    success: Boolean!
    comment: Comment!
    lastSyncId: Float!
  }

  input IDComparator {
    eq: ID
    neq: ID
    in: [ID!]
  }
  input StringComparator {
    eq: String
    neq: String
    in: [String!]
    containsIgnoreCase: String
  }
  input TeamFilter {
    id: IDComparator
    key: StringComparator
    name: StringComparator
  }
  input UserFilter {
    id: IDComparator
    email: StringComparator
  }
  input WorkflowStateFilter {
    id: IDComparator
    name: StringComparator
    type: StringComparator
    team: TeamFilter
  }
  input IssueFilter {
    id: IDComparator
    title: StringComparator
    team: TeamFilter
    state: WorkflowStateFilter
    assignee: UserFilter
  }

  input IssueCreateInput {
    teamId: String!
    title: String
    description: String
    priority: Int
    assigneeId: String
    stateId: String
  }
  input IssueUpdateInput {
    title: String
    description: String
    priority: Int
    assigneeId: String
    stateId: String
  }
  input CommentCreateInput {
    issueId: String
    body: String
  }
`;

let schema: GraphQLSchema | undefined;

export function linearSchema(): GraphQLSchema {
  schema ??= buildSchema(SDL);
  return schema;
}
