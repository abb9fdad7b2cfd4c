import { Arg, Args, Ctx, ID, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { Allow } from '../auth/authorize.js';
import { Role } from '../auth/viewer.js';
import {
  ConnectionArgs,
  ConnectionType,
  parsePageRequest,
  toConnection,
} from '../common/connection.js';
import type { GraphQLContext } from '../common/context.js';
import { parseId } from '../common/ids.js';
import { OrderDirection } from '../common/order-direction.js';
import { fetchPage } from '../common/paged-query.js';
import { AuditEvent } from './audit-event.entity.js';

export enum AuditedEntity {
  LOCALITY = 'locality',
  LOCALITY_SUCCESSION = 'locality_succession',
  OFFICIAL = 'official',
  POSITION = 'official_position',
  AGENCY = 'agency',
  TRAINING_PROGRAM = 'training_program',
  ENROLLMENT = 'enrollment',
  TASK = 'task',
  INDICATOR_VALUE = 'indicator_value',
}
registerEnumType(AuditedEntity, {
  name: 'AuditedEntity',
  description: 'Kind of record whose changes the audit trail keeps',
  valuesConfig: {
    LOCALITY: { description: 'A locality' },
    LOCALITY_SUCCESSION: { description: 'A link from a unit to a unit it went into' },
    OFFICIAL: { description: 'An official' },
    POSITION: { description: "An official's post" },
    AGENCY: { description: 'An agency' },
    TRAINING_PROGRAM: { description: 'A training program' },
    ENROLLMENT: { description: "An official's enrolment in a training program" },
    TASK: { description: 'A task' },
    INDICATOR_VALUE: { description: 'An indicator value' },
  },
});

@ObjectType({
  description: 'A page of AuditEvent rows, with cursors and the count of the whole list',
})
export class AuditEventConnection extends ConnectionType(AuditEvent) {}

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description: 'Who changed a row, when, and from what to what; newest first',
  })
  @Allow(Role.ADMIN)
  async auditTrail(
    @Arg('entity', () => AuditedEntity, { description: 'Kind of record' }) entity: AuditedEntity,
    @Arg('id', () => ID, { description: 'Database id of the record' }) id: string,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: GraphQLContext,
  ) {
    const entityId = parseId(id, 'id');
    const page = parsePageRequest(args);
    return toConnection(
      await fetchPage(
        context.em,
        {
          entity: AuditEvent,
          table: 'audit_event',
          orderBy: [{ sql: 't.id', type: 'integer', direction: OrderDirection.DESC }],
          where: (query) => {
            query.where({ 't.entity': entity, 't.entity_id': entityId });
          },
        },
        page,
      ),
    );
  }
}
