import type { PlatformModule } from '../common/platform-module.js';
import { Enrollment } from './enrollment.entity.js';
import { TrainingProgram } from './training-program.entity.js';
import {
  EnrollmentMutationsResolver,
  EnrollmentResolver,
  TrainingProgramMutationsResolver,
  TrainingProgramResolver,
} from './training.resolver.js';

/** Training programs and officials' enrolments in them. */
export const trainingModule: PlatformModule = {
  entities: [TrainingProgram, Enrollment],
  resolvers: [
    TrainingProgramResolver,
    EnrollmentResolver,
    TrainingProgramMutationsResolver,
    EnrollmentMutationsResolver,
  ],
};
