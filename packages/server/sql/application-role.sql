-- The privileges the running platform needs, and no more. Run once per database as the role that
-- owns the schema (the one `binh-dang migrate up` runs as), after creating the application role:
--   create role binh_dang_app login password '…' nosuperuser nocreatedb nocreaterole;
-- Then start the instances as binh_dang_app with MIGRATE_ON_START=false.

-- Settings every transaction gets from the role itself, so that a pooler in transaction mode
-- (DATABASE_POOL_MODE=transaction) needs no per-connection SET. Match STATEMENT_TIMEOUT_MS.
alter role binh_dang_app set statement_timeout = '10s';
alter role binh_dang_app set jit = off;

-- Connect, and the temporary tables imports stage rows in.
grant connect, temporary on database binh_dang to binh_dang_app;
grant usage on schema public to binh_dang_app;

-- Rows, not structure: no CREATE, ALTER, DROP or TRUNCATE.
grant select, insert, update, delete on all tables in schema public to binh_dang_app;
grant usage, select on all sequences in schema public to binh_dang_app;
-- The migration history is read at most, never written, by the running platform.
revoke insert, update, delete on mikro_orm_migrations from binh_dang_app;

-- Tables and sequences later migrations create are covered as they appear.
alter default privileges in schema public
  grant select, insert, update, delete on tables to binh_dang_app;
alter default privileges in schema public
  grant usage, select on sequences to binh_dang_app;
