import type { PlatformModule } from '../common/platform-module.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditResolver } from './audit.resolver.js';

/** The audit trail of changes. */
export const auditModule: PlatformModule = {
  entities: [AuditEvent],
  resolvers: [AuditResolver],
};
