import { requireScope, type LinearContext } from './linear-context';
import { stateMatches, teamMatches, type StateFilter } from './linear-teams';
import {
  compare,
  connection,
  linearErrors,
  type LinearIssue,
  type LinearState,
  type LinearTeam,
  type LinearUser,
  type LinearWorkspace,
} from './linear-workspace';

type IssueFilter =
  | {
      id?: { eq?: string | null } | null;
      title?: { eq?: string | null; containsIgnoreCase?: string | null } | null;
      team?: Parameters<typeof teamMatches>[1];
      state?: StateFilter;
      assignee?: { id?: { eq?: string | null } | null; email?: { eq?: string | null } | null } | null;
    }
  | null
  | undefined;

interface IssueFields {
  title?: string | null;
  description?: string | null;
  priority?: number | null;
  assigneeId?: string | null;
  stateId?: string | null;
}

function issueMatches(issue: LinearIssue, filter: IssueFilter): boolean {
  if (!filter) return true;
  if (!compare(issue.id, filter.id) || !compare(issue.title, filter.title)) return false;
  if (!teamMatches(issue.team, filter.team) || !stateMatches(issue.state, filter.state)) return false;
  if (filter.assignee && (!issue.assignee || !compare(issue.assignee.id, filter.assignee.id) || !compare(issue.assignee.email, filter.assignee.email)))
    return false;
  return true;
}

/**
 * Issues: list with filters (trashed and archived ones left out unless `includeArchived`),
 * read by id or identifier, create, update (state, assignee, priority, text) and delete to
 * the trash. Referenced entities that do not exist are "Entity not found" errors; values out of
 * range or a state of another team are input errors.
 */
export function issueResolvers(workspace: LinearWorkspace) {
  const findOrFail = (ref: string): LinearIssue => {
    const issue = workspace.findIssue(ref);
    if (!issue) throw linearErrors.notFound('Issue');
    return issue;
  };
  const userOrFail = (id: string): LinearUser => {
    const user = workspace.users.find((candidate) => candidate.id === id);
    if (!user) throw linearErrors.notFound('User');
    return user;
  };
  const stateFor = (team: LinearTeam, id: string): LinearState => {
    const state = workspace.states.find((candidate) => candidate.id === id);
    if (!state) throw linearErrors.notFound('WorkflowState');
    if (state.team.id !== team.id) throw linearErrors.invalidInput("The workflow state does not belong to the issue's team.", 'stateId');
    return state;
  };
  const checkText = (fields: IssueFields) => {
    if (fields.title !== undefined && (fields.title === null || fields.title.trim() === '')) throw linearErrors.invalidInput('Title cannot be empty.', 'title');
    if (fields.priority != null && (fields.priority < 0 || fields.priority > 4))
      throw linearErrors.invalidInput('Priority must be between 0 and 4.', 'priority');
  };
  const payload = (issue: LinearIssue) => ({ success: true, issue, lastSyncId: workspace.nextSyncId() });

  return {
    issues: (args: { first?: number; after?: string; filter?: IssueFilter; includeArchived?: boolean }) => {
      const visible = workspace.issues.filter((issue) => (args.includeArchived || !issue.archivedAt) && issueMatches(issue, args.filter));
      // Newest first; issues created in the same instant keep their creation order reversed.
      return connection(visible.slice().reverse(), args);
    },
    issue: (args: { id: string }) => findOrFail(args.id),
    issueCreate: (args: { input: IssueFields & { teamId: string } }, context: LinearContext) => {
      requireScope(context, 'issues:create');
      const team = workspace.teams.find((candidate) => candidate.id === args.input.teamId);
      if (!team) throw linearErrors.notFound('Team');
      checkText(args.input);
      if (!args.input.title) throw linearErrors.invalidInput('Title cannot be empty.', 'title');
      const issue = workspace.createIssue(team, {
        title: args.input.title,
        description: args.input.description,
        priority: args.input.priority ?? undefined,
        assignee: args.input.assigneeId ? userOrFail(args.input.assigneeId) : null,
        state: args.input.stateId ? stateFor(team, args.input.stateId) : undefined,
      });
      context.recordWrite('issueCreate');
      return payload(issue);
    },
    issueUpdate: (args: { id: string; input: IssueFields }, context: LinearContext) => {
      requireScope(context, 'write');
      const issue = findOrFail(args.id);
      const { input } = args;
      checkText(input);
      if (input.stateId != null) issue.state = stateFor(issue.team, input.stateId);
      if (input.assigneeId !== undefined) issue.assignee = input.assigneeId === null ? null : userOrFail(input.assigneeId);
      if (input.priority != null) issue.priority = input.priority;
      if (input.title != null) issue.title = input.title;
      if (input.description !== undefined) issue.description = input.description;
      issue.updatedAt = workspace.now();
      context.recordWrite('issueUpdate');
      return payload(issue);
    },
    issueDelete: (args: { id: string }, context: LinearContext) => {
      requireScope(context, 'write');
      const issue = findOrFail(args.id);
      issue.trashed = true;
      issue.archivedAt = workspace.now();
      context.recordWrite('issueDelete');
      return { success: true, lastSyncId: workspace.nextSyncId() };
    },
  };
}
