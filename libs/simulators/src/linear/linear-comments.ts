import { randomUUID } from 'node:crypto';
import { requireScope, type LinearContext } from './linear-context';
import { linearErrors, type LinearComment, type LinearWorkspace } from './linear-workspace';

/** `commentCreate`: a Markdown comment by the caller on an issue named by id or identifier. */
export function commentResolvers(workspace: LinearWorkspace) {
  return {
    commentCreate: (args: { input: { issueId?: string | null; body?: string | null } }, context: LinearContext) => {
      requireScope(context, 'comments:create');
      if (!args.input.issueId) throw linearErrors.invalidInput('A comment needs an issueId.', 'issueId');
      const issue = workspace.findIssue(args.input.issueId);
      if (!issue) throw linearErrors.notFound('Issue');
      if (!args.input.body || args.input.body.trim() === '') throw linearErrors.invalidInput('Comment body cannot be empty.', 'body');
      const id = randomUUID();
      const comment: LinearComment = {
        id,
        body: args.input.body,
        url: `${issue.url}#comment-${id.slice(0, 8)}`,
        createdAt: workspace.now(),
        user: workspace.viewer,
        issueId: issue.id,
      };
      issue.comments.push(comment);
      context.recordWrite('commentCreate');
      return { success: true, comment, lastSyncId: workspace.nextSyncId() };
    },
  };
}
