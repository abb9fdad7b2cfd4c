import type { NonEmptyArray } from 'type-graphql';
import { LocalityResolver } from './modules/locality/locality.resolver.js';

export const resolvers: NonEmptyArray<Function> = [LocalityResolver];
