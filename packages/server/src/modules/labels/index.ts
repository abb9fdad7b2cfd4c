import type { PlatformModule } from '../common/platform-module.js';
import { LabelsResolver } from './labels.js';

/** Labels of enum values in Vietnamese and English. */
export const labelsModule: PlatformModule = {
  entities: [],
  resolvers: [LabelsResolver],
};
