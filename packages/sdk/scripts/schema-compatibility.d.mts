export interface SchemaChange {
  path?: string;
  message: string;
}

export interface DeclaredBreakingChange {
  path?: string;
  message?: string;
  reason: string;
}

export function findBreakingChanges(
  before: string,
  after: string,
  declared?: DeclaredBreakingChange[],
): Promise<{ breaking: SchemaChange[]; undeclared: SchemaChange[] }>;
