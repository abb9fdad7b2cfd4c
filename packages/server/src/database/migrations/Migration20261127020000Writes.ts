import { Migration } from '@mikro-orm/migrations';

const VERSIONED = [
  'locality',
  'official',
  'official_position',
  'agency',
  'training_program',
  'enrollment',
  'task',
  'indicator_value',
];

/**
 * What writes need: a row version for optimistic locking, archiving instead of deleting, the
 * approval state of indicator values, an audit trail written in the same transaction as the
 * change, and idempotency keys for retried creates.
 */
export class Migration20261127020000Writes extends Migration {
  override async up(): Promise<void> {
    for (const table of VERSIONED) {
      this
        .addSql(`alter table ${table} add column version integer not null default 1 check (version >= 1),
        add column archived_at timestamptz;`);
      this.addSql(`create index ${table}_live_idx on ${table} (id) where archived_at is null;`);
    }
    this.addSql(UP);
  }

  override async down(): Promise<void> {
    this.addSql(DOWN);
    for (const table of VERSIONED) {
      this.addSql(`alter table ${table} drop column version, drop column archived_at;`);
    }
  }
}

const UP = /* sql */ `
alter table indicator_value
  add column approval_status text not null default 'DRAFT'
    check (approval_status in ('DRAFT', 'SUBMITTED', 'APPROVED')),
  add column returned_reason text,
  add column approved_at timestamptz,
  add constraint indicator_value_returned_reason check (returned_reason is null or approval_status = 'DRAFT');
-- Values that predate the approval workflow were reported through the province's own process.
update indicator_value set approval_status = 'APPROVED', approved_at = now();
create index indicator_value_approval_idx on indicator_value (approval_status, locality_id, year);

create table audit_event (
  id bigint generated always as identity primary key,
  entity text not null,
  entity_id integer not null,
  action text not null check (action in ('CREATE', 'UPDATE', 'ARCHIVE', 'SUBMIT', 'APPROVE', 'RETURN', 'IMPORT')),
  actor text not null,
  at timestamptz not null default now(),
  before jsonb,
  after jsonb,
  note text
);
create index audit_event_entity_idx on audit_event (entity, entity_id, id);

create table idempotency_key (
  key text primary key check (length(key) between 8 and 200),
  operation text not null,
  request_hash text not null,
  entity_id integer not null,
  created_at timestamptz not null default now()
);
`;

const DOWN = /* sql */ `
drop table if exists idempotency_key, audit_event;
alter table indicator_value drop column approval_status, drop column returned_reason, drop column approved_at;
`;
