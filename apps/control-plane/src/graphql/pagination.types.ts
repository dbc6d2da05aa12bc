import { Field, ObjectType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import type { Page } from '../common/pagination';

@ObjectType({ description: 'Where a page of a list ends and whether another follows.' })
export class PageInfo {
  @Field({ description: 'True when another page follows; ask for it with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/** Relay-style connection type for `T`: `edges { cursor node }`, `pageInfo`. */
export function Connection<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque position of this item; pass as `after` to continue after it.' })
    cursor!: string;

    @Field(() => node, { description: `The ${name} itself.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { isAbstract: false, description: `A page of ${name} items (Relay-style connection).` })
  class ConnectionType {
    @Field(() => [Edge], { description: 'The items of this page, in list order.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Whether more pages follow and the cursor to ask for the next.' })
    pageInfo!: PageInfo;
  }
  return ConnectionType as Type<ConnectionShape<T>>;
}

export function toConnection<T, N>(page: Page<T>, map: (item: T) => N): ConnectionShape<N> {
  const edges = page.items.map((item) => ({ cursor: page.cursorOf(item), node: map(item) }));
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
