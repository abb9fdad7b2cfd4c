import { platformModules } from '../modules/index.js';

/** Every module's entities (`modules/<feature>/index.ts`), in the order of the module list. */
export const entities = platformModules.flatMap((module) => module.entities);
