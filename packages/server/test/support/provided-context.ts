/** What the global setup hands to test files through `inject()`. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's migrated and seeded database. */
    databaseUrl: string;
    /** The server itself, for tests that create a database of their own. */
    serverUrl: string;
  }
}

export {};
