import type pg from 'pg';

/** The error the database refused `statement` with; fails the test when it was accepted. */
export async function rejection(statement: Promise<unknown>): Promise<pg.DatabaseError> {
  try {
    await statement;
  } catch (error) {
    return error as pg.DatabaseError;
  }
  throw new Error('expected the database to refuse the statement');
}
