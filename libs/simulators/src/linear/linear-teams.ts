import { compare, connection, type LinearState, type LinearTeam, type LinearWorkspace } from './linear-workspace';

type IdComparator = { eq?: string | null; in?: string[] | null };
type TeamFilter = { id?: IdComparator | null; key?: { eq?: string | null } | null; name?: { eq?: string | null } | null } | null | undefined;

export function teamMatches(team: LinearTeam, filter: TeamFilter): boolean {
  return !filter || (compare(team.id, filter.id) && compare(team.key, filter.key) && compare(team.name, filter.name));
}

export type StateFilter =
  { id?: IdComparator | null; name?: { eq?: string | null } | null; type?: { eq?: string | null } | null; team?: TeamFilter } | null | undefined;

export function stateMatches(state: LinearState, filter: StateFilter): boolean {
  return (
    !filter || (compare(state.id, filter.id) && compare(state.name, filter.name) && compare(state.type, filter.type) && teamMatches(state.team, filter.team))
  );
}

/** `viewer`, `teams` and `workflowStates`: the reads that find ids for the issue calls. */
export function teamResolvers(workspace: LinearWorkspace) {
  return {
    viewer: () => workspace.viewer,
    teams: (args: { first?: number; after?: string; filter?: TeamFilter }) =>
      connection(
        workspace.teams.filter((team) => teamMatches(team, args.filter)),
        args,
      ),
    workflowStates: (args: { first?: number; after?: string; filter?: StateFilter }) =>
      connection(
        workspace.states.filter((state) => stateMatches(state, args.filter)),
        args,
      ),
  };
}
