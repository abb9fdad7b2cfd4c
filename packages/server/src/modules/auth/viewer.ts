import { registerEnumType } from 'type-graphql';

export enum Role {
  ANONYMOUS = 'ANONYMOUS',
  ANALYST = 'ANALYST',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}

registerEnumType(Role, {
  name: 'Role',
  valuesConfig: {
    ANONYMOUS: { description: 'No credentials: catalogue, localities, agencies and aggregates' },
    ANALYST: {
      description:
        'Adds programs, posts and tasks; a post or enrolment shows its official by id only, and lists of officials or enrolments are refused',
    },
    EDITOR: {
      description:
        'Lists and reads the officials of a locality subtree with their personal data, and writes within it',
    },
    ADMIN: { description: 'Everything, everywhere' },
  },
});

const RANK: Record<Role, number> = { ANONYMOUS: 0, ANALYST: 1, EDITOR: 2, ADMIN: 3 };

/** Who is calling, as established from a token or an API key. */
export interface Viewer {
  role: Role;
  /** Who to record in the audit trail: the token's subject or the key's name. */
  subject: string;
  /** An EDITOR (or scoped ANALYST) is confined to this locality code and what lies under it. */
  scopeCode: string | null;
}

export const ANONYMOUS_VIEWER: Viewer = {
  role: Role.ANONYMOUS,
  subject: 'anonymous',
  scopeCode: null,
};

export function hasRole(viewer: Viewer, role: Role): boolean {
  return RANK[viewer.role] >= RANK[role];
}
