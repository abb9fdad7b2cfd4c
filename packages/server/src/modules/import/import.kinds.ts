/**
 * A rule one row must keep, over its staged text (`s`, with `line`) and its typed values (`t`).
 * All of a file's row checks run together in one pass over its rows.
 */
export interface RowCheck {
  column: string;
  /** SQL for why the row breaks the rule, shown with the column's text. */
  reason: string;
  /** SQL that is true when the row breaks the rule. */
  condition: string;
}

/**
 * What each kind of CSV file holds and how it is checked and applied. A check is a row check or,
 * for rules across rows, a SELECT over `staging s` and `typed t` yielding
 * `(line, column, value, reason)`; a file is applied only when no check finds a problem.
 */
export interface ImportKindSpec {
  columns: string[];
  required: string[];
  /** Locks what `typed` copies from other tables, so that it cannot change before the commit. */
  lock?: string;
  /**
   * Builds `typed` from `staging`: resolved ids and safely cast values (null when unparsable).
   * It begins `select s.line,`: the row checks read the staged text that the import adds there.
   */
  typed: string;
  checks: (RowCheck | string)[];
  /**
   * Statements that apply the file, in order. A statement marked `inserted` or `updated` adds its
   * row count to that total; one marked `totals` returns a row of both.
   */
  apply: { sql: string; counts?: 'inserted' | 'updated' | 'totals' | 'reopened' | 'repeats' }[];
  /**
   * Lines repeating another line's key, for a kind whose key is its table's unique key: the
   * check runs only on a file that is rejected anyway, or when applying the file finds a
   * repeated key (the statement marked `repeats` returns a row, or `constraint` is violated).
   * A clean file then costs no pass of its own to find them.
   */
  repeats?: { check: string; constraint: string };
  /** The approval state new and changed rows are written in, for kinds that go through approval. */
  writtenAs?: 'DRAFT';
  /** Submits for approval what `apply` wrote (when the caller asks); counts what it submitted. */
  submit?: string;
  /**
   * What of each typed row `t` must lie in an EDITOR's scope: the row's new localities and the
   * current record it would change. Each rule names a column to report, SQL for a locality id
   * (an official is in scope by their home locality) and when it applies.
   */
  scope: ScopeRule[];
  /** Longest text of a column, where it differs from `DEFAULT_MAX_LENGTH`: the API's own limits. */
  maxLengths: Record<string, number>;
}

/** Longest text of any imported column without a limit of its own (codes, numbers, dates). */
export const DEFAULT_MAX_LENGTH = 200;

export interface ScopeRule {
  column: string;
  locality: string;
  /** SQL: the rows this rule applies to (all when absent). */
  when?: string;
  /** SQL reason, when the plain "is outside the scope" would tell more than a missing row does. */
  reason?: string;
}

/**
 * Statements that write rows use these tokens: the import's audit event id, the actor, and the
 * note that ties each row's audit event to the import.
 */
export const EVENT = '$event';
export const ACTOR = '$actor';
export const NOTE = '$note';

/** Audit events with before and after for every row an UPDATE ... RETURNING changed. */
const auditUpdates = (table: string, updated: string, prior: string, action = 'UPDATE') =>
  `insert into audit_event (entity, entity_id, action, actor, before, after, note)
   select '${table}', u.id, '${action}', ${ACTOR}, to_jsonb(b) - 'inserted', to_jsonb(u) - 'inserted', ${NOTE}
     from ${updated} u join ${prior} b on b.id = u.id`;

const NUMBER = `'^-?[0-9]+([.][0-9]+)?$'`;
const num = (column: string) => `case when s.${column} ~ ${NUMBER} then s.${column}::numeric end`;
const date = (column: string) => `try_date(s.${column})`;
/** Officials holding a place in the existing program of a typed row (not withdrawn, not archived). */
const ENROLLED_SQL = `(select count(*) from enrollment e where e.program_id = t.existing_id
  and e.status <> 'WITHDRAWN' and e.archived_at is null)`;

const problem = (column: string, reason: string, condition: string): RowCheck => ({
  column,
  reason,
  condition,
});
const mustParse = (column: string, typedColumn: string, what: string) =>
  problem(
    column,
    `'must be ${what}'`,
    `coalesce(s.${column}, '') <> '' and t.${typedColumn} is null`,
  );
const unknown = (column: string, typedColumn: string, what: string) =>
  problem(
    column,
    `'no ${what} has this code'`,
    `coalesce(s.${column}, '') <> '' and t.${typedColumn} is null`,
  );
/**
 * The tail of an upsert whose CTE `upserted` returns its rows with `inserted` (and `prior` holds
 * the rows before): an audit event for each update and each creation, and the counts.
 */
const auditedUpsert = (table: string) =>
  `updates as (${auditUpdates(table, '(select * from upserted where not inserted)', 'prior')} returning 1),
      creates as (insert into audit_event (entity, entity_id, action, actor, after, note)
        select '${table}', u.id, 'CREATE', ${ACTOR}, to_jsonb(u) - 'inserted', ${NOTE} from upserted u where u.inserted
        returning 1)
      select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from upserted`;

/** Lines repeating an earlier line's key columns; grouped (no sort), so a clean file costs one pass. */
const duplicates = (keyColumns: string[], column: string) => {
  const keys = keyColumns.map((key) => `coalesce(s.${key}, '')`);
  return `select s.line, '${column}', s.${column}, 'repeats the row on line ' || d.first_line
     from staging s
     join (select ${keys.map((key, i) => `${key} as key${i}`).join(', ')}, min(s.line) as first_line
             from staging s group by ${keys.join(', ')} having count(*) > 1) d
       on ${keys.map((key, i) => `${key} = d.key${i}`).join(' and ')}
    where s.line <> d.first_line`;
};

/**
 * Each code's unit in force today, else the last that held it, for joining a whole file at once:
 * for undated references (an official's home, an agency's unit).
 */
const CURRENT_LOCALITIES = `(select distinct on (code) code, id from locality where archived_at is null
  order by code, valid_to desc nulls first)`;

/**
 * Join condition: `alias` is the live unit holding `code` on `day` (SQL expressions). Codes are
 * reused across reforms, so a dated row (a year's value, a post from its first day) is placed
 * by the unit in force on its day, as the API's writes are (`localityIdOn`).
 */
const UNIT_ON = (alias: string, code: string, day: string) =>
  `${alias}.code = ${code} and ${alias}.archived_at is null
   and (${alias}.valid_from is null or ${alias}.valid_from <= ${day})
   and (${alias}.valid_to is null or ${alias}.valid_to > ${day})`;

/** The id of the live unit holding `code` on `day`. */
const LOCALITY_ID_ON = (code: string, day: string) =>
  `(select l.id from locality l where ${UNIT_ON('l', code, day)})`;

/** The day a unit row is placed on: its first day, else its last (`valid_to` is exclusive), else today. */
const UNIT_DAY = (validFrom: string, validTo: string) =>
  `coalesce(${validFrom}, ${validTo} - 1, current_date)`;

/**
 * The parent of a typed locality row, looked up when the row is written: a parent earlier in the
 * same file (a level above) is in the table by then.
 */
const PARENT_OF_TYPED = LOCALITY_ID_ON('t.parent_code', UNIT_DAY('t.valid_from', 't.valid_to'));

/** The last day of a four-digit year column, else null. */
const YEAR_END = (column: string) =>
  `case when s.${column} ~ '^[1-9][0-9]{3}$' then make_date(s.${column}::int, 12, 31) end`;
/** The first day of a four-digit year column, else null. */
const YEAR_START = (column: string) =>
  `case when s.${column} ~ '^[1-9][0-9]{3}$' then make_date(s.${column}::int, 1, 1) end`;

/**
 * A locality code that no live unit holds, or (when the row's day is known) that none held on
 * the row's day.
 */
const unplaced = (column: string, typedColumn: string, day: string) => {
  const known = `exists (select 1 from locality l where l.code = s.${column} and l.archived_at is null)`;
  return problem(
    column,
    `case when (${day}) is not null and ${known}
       then 'no locality had this code on ' || (${day})::text else 'no live locality has this code' end`,
    `coalesce(s.${column}, '') <> '' and t.${typedColumn} is null and ((${day}) is not null or not ${known})`,
  );
};

export const IMPORT_KINDS = {
  'indicator-values': {
    columns: [
      'indicator_code',
      'locality_code',
      'year',
      'value',
      'numerator',
      'denominator',
      'disaggregation',
      'target',
      'note',
      'source',
    ],
    required: ['indicator_code', 'locality_code', 'year'],
    // The rows carry their indicator's direction, and are checked against its unit and scale.
    lock: `select 1 from indicator where code in (select indicator_code from staging) for share`,
    typed: `
      select s.line, i.id as indicator_id, i.unit, i.value_scale, i.direction, st.start_year, st.end_year,
             loc.id as locality_id,
             case when s.year ~ '^[0-9]{4}$' then s.year::int end as year,
             ${num('value')} as value, ${num('numerator')} as numerator, ${num('denominator')} as denominator,
             ${num('target')} as target, nullif(s.disaggregation, '') as disaggregation,
             nullif(s.note, '') as note, coalesce(nullif(s.source, ''), $source) as source
        from staging s
        left join indicator i on i.code = s.indicator_code
        left join strategy st on st.id = i.strategy_id
        left join locality loc on ${UNIT_ON('loc', 's.locality_code', YEAR_END('year'))}`,
    checks: [
      unknown('indicator_code', 'indicator_id', 'indicator'),
      unplaced('locality_code', 'locality_id', YEAR_END('year')),
      mustParse('year', 'year', 'a four-digit year'),
      problem(
        'year',
        `'must lie in the strategy period ' || t.start_year || '–' || t.end_year`,
        't.year not between t.start_year and t.end_year',
      ),
      mustParse('value', 'value', 'a number'),
      mustParse('numerator', 'numerator', 'a number'),
      mustParse('denominator', 'denominator', 'a number'),
      mustParse('target', 'target', 'a number'),
      problem(
        'value',
        `'is out of range for a ' || t.unit || ' indicator'`,
        'not value_fits_unit(t.unit, t.value)',
      ),
      problem(
        'denominator',
        `'must be given with the numerator, and positive'`,
        `(t.numerator is null) <> (t.denominator is null) or t.denominator <= 0`,
      ),
      problem('numerator', `'must not be negative'`, 't.numerator < 0'),
      problem(
        'value',
        `'disagrees with numerator / denominator × ' || t.value_scale`,
        't.denominator > 0 and not value_matches_fraction(t.value, t.numerator, t.denominator, t.value_scale)',
      ),
      problem(
        'disaggregation',
        `'must look like sex:FEMALE'`,
        `t.disaggregation !~ '^[a-z_]+:[A-Z0-9_]+(;[a-z_]+:[A-Z0-9_]+)*$'`,
      ),
    ],
    // A key the file repeats resolves to the same indicator, unit, year and breakdown twice: two
    // rows matching one stored value, or two new rows the unique key refuses.
    repeats: {
      check: duplicates(
        ['indicator_code', 'locality_code', 'year', 'disaggregation'],
        'indicator_code',
      ),
      constraint: 'indicator_value_unique',
    },
    // Matching first and then plain inserts and updates: ON CONFLICT's speculative insertion per
    // row costs about twice as much on a large file.
    apply: [
      {
        sql: `create temp table matched on commit drop as
          select t.*, v.id as existing_id,
                 (v.value, v.numerator, v.denominator, v.target, v.note, v.source, v.archived_at is null)
                   is distinct from (t.value, t.numerator, t.denominator, t.target, t.note, t.source, true) as changed
            from typed t
            left join indicator_value v on v.indicator_id = t.indicator_id and v.locality_id = t.locality_id
             and v.year = t.year and v.disaggregation is not distinct from t.disaggregation`,
      },
      {
        counts: 'repeats',
        sql: `select 1 from matched where existing_id is not null group by existing_id having count(*) > 1 limit 1`,
      },
      {
        // Approved values whose figures change go back to DRAFT: the summary says how many.
        counts: 'reopened',
        sql: `select count(*) as reopened from matched m join indicator_value v on v.id = m.existing_id
               where m.changed and v.approval_status = 'APPROVED'`,
      },
      {
        counts: 'updated',
        sql: `with prior as (
            select v.* from indicator_value v join matched m on v.id = m.existing_id where m.changed),
          updated as (
            update indicator_value v
               set value = m.value, numerator = m.numerator, denominator = m.denominator, target = m.target,
                   note = m.note, source = m.source, approval_status = 'DRAFT', returned_reason = null,
                   approved_at = null, archived_at = null, version = v.version + 1,
                   changed_by = ${ACTOR}, submitted_by = null
              from matched m where v.id = m.existing_id and m.changed
            returning v.*)
          ${auditUpdates('indicator_value', 'updated', 'prior')}`,
      },
      {
        counts: 'inserted',
        sql: `insert into indicator_value (indicator_id, locality_id, year, disaggregation, value, numerator,
            denominator, target, note, source, approval_status, indicator_direction, changed_by, import_event_id)
          select indicator_id, locality_id, year, disaggregation, value, numerator, denominator, target, note, source,
                 'DRAFT', direction, ${ACTOR}, ${EVENT}
            from matched where existing_id is null
           order by indicator_id, locality_id, year`,
      },
    ],
    writtenAs: 'DRAFT',
    // What the file inserted or changed, and holds a value, goes DRAFT → SUBMITTED; never further.
    submit: `with prior as (
        select v.* from indicator_value v
          join matched m on v.indicator_id = m.indicator_id and v.locality_id = m.locality_id
           and v.year = m.year and v.disaggregation is not distinct from m.disaggregation
         where (m.existing_id is null or m.changed) and v.value is not null
           and v.approval_status = 'DRAFT'),
      updated as (
        update indicator_value v set approval_status = 'SUBMITTED', submitted_by = ${ACTOR},
               version = v.version + 1
          from prior p where v.id = p.id
        returning v.*)
      ${auditUpdates('indicator_value', 'updated', 'prior', 'SUBMIT')}`,
    scope: [{ column: 'locality_code', locality: 't.locality_id' }],
    maxLengths: { note: 2000, source: 500 },
  },

  enrollments: {
    columns: ['program_code', 'official_reference', 'status', 'completed_on'],
    maxLengths: { official_reference: 100 },
    required: ['program_code', 'official_reference', 'status'],
    typed: `
      select s.line, p.id as program_id, o.id as official_id, p.locality_id, o.home_locality_id as official_home_id,
             case when s.status in ('ENROLLED', 'COMPLETED', 'WITHDRAWN') then s.status end as status,
             ${date('completed_on')} as completed_on
        from staging s
        left join training_program p on p.code = s.program_code and p.archived_at is null
        left join official o on o.reference = s.official_reference and o.archived_at is null`,
    checks: [
      unknown('program_code', 'program_id', 'live training program'),
      problem(
        'official_reference',
        `'no live official has this reference'`,
        `coalesce(s.official_reference, '') <> '' and t.official_id is null`,
      ),
      mustParse('status', 'status', 'ENROLLED, COMPLETED or WITHDRAWN'),
      mustParse('completed_on', 'completed_on', 'a date (YYYY-MM-DD)'),
      problem(
        'completed_on',
        `'is required exactly when the status is COMPLETED'`,
        `t.status is not null and (t.status = 'COMPLETED') <> (coalesce(s.completed_on, '') <> '')`,
      ),
      duplicates(['program_code', 'official_reference'], 'official_reference'),
      `select min(t.line), 'program_code', min(s.program_code), 'would enrol more officials than the program has seats'
         from typed t join staging s using (line) join training_program p on p.id = t.program_id
        where t.status <> 'WITHDRAWN'
        group by p.id, p.capacity
       having count(*) + (select count(*) from enrollment e where e.program_id = p.id and e.status <> 'WITHDRAWN'
                            and e.archived_at is null
                            and e.official_id not in (select official_id from typed where program_id = p.id)) > p.capacity`,
    ],
    apply: [
      {
        counts: 'totals',
        sql: `with prior as (
        select e.* from enrollment e join typed t on e.program_id = t.program_id and e.official_id = t.official_id),
      upserted as (
        insert into enrollment as e (program_id, official_id, status, completed_on, import_event_id)
        select program_id, official_id, status, completed_on, ${EVENT} from typed
        on conflict on constraint enrollment_unique do update
          set status = excluded.status, completed_on = excluded.completed_on, archived_at = null, version = e.version + 1
          where (e.status, e.completed_on, e.archived_at is null) is distinct from (excluded.status, excluded.completed_on, true)
        returning e.*, (xmax = 0) as inserted),
      logged as (${auditUpdates('enrollment', '(select * from upserted where not inserted)', 'prior')} returning 1)
      select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from upserted`,
      },
    ],
    scope: [
      { column: 'program_code', locality: 't.locality_id', when: 't.program_id is not null' },
      {
        // An official out of scope reads exactly as a missing one.
        column: 'official_reference',
        locality: 't.official_home_id',
        when: 't.official_id is not null',
        reason: `'no live official has this reference'`,
      },
    ],
  },

  localities: {
    columns: [
      'code',
      'name',
      'short_name',
      'type',
      'level',
      'parent_code',
      'valid_from',
      'valid_to',
      'ethnic_minority_area',
      'mountainous',
      'island',
      'source',
    ],
    required: ['code', 'name', 'short_name', 'type', 'level', 'source'],
    typed: `
      select s.line, s.code, s.name, s.short_name, s.source,
             case s.type when 'Tỉnh' then 'PROVINCE' when 'Thành phố Trung ương' then 'CENTRAL_CITY'
               when 'Quận' then 'URBAN_DISTRICT' when 'Huyện' then 'RURAL_DISTRICT' when 'Thị xã' then 'DISTRICT_TOWN'
               when 'Thành phố' then 'PROVINCIAL_CITY' when 'Xã' then 'COMMUNE' when 'Phường' then 'WARD'
               when 'Thị trấn' then 'TOWNSHIP' when 'Đặc khu' then 'SPECIAL_ZONE'
               else case when s.type in ('PROVINCE', 'CENTRAL_CITY', 'URBAN_DISTRICT', 'RURAL_DISTRICT', 'DISTRICT_TOWN',
                 'PROVINCIAL_CITY', 'COMMUNE', 'WARD', 'TOWNSHIP', 'SPECIAL_ZONE') then s.type end end as type,
             case when s.level in ('PROVINCE', 'DISTRICT', 'COMMUNE') then s.level end as level,
             nullif(s.parent_code, '') as parent_code,
             ${date('valid_from')} as valid_from, ${date('valid_to')} as valid_to,
             case lower(coalesce(nullif(s.ethnic_minority_area, ''), 'false')) when 'true' then true when 'false' then false end as ethnic_minority_area,
             case lower(coalesce(nullif(s.mountainous, ''), 'false')) when 'true' then true when 'false' then false end as mountainous,
             case lower(coalesce(nullif(s.island, ''), 'false')) when 'true' then true when 'false' then false end as island,
             ${LOCALITY_ID_ON("nullif(s.parent_code, '')", UNIT_DAY(date('valid_from'), date('valid_to')))} as parent_id,
             ${LOCALITY_ID_ON('s.code', UNIT_DAY(date('valid_from'), date('valid_to')))} as existing_id
        from staging s`,
    checks: [
      mustParse('type', 'type', 'a unit type (e.g. Xã, Phường, Huyện or COMMUNE)'),
      mustParse('level', 'level', 'PROVINCE, DISTRICT or COMMUNE'),
      problem(
        'code',
        `'must have ' || case t.level when 'PROVINCE' then 2 when 'DISTRICT' then 3 else 5 end || ' digits for a ' || t.level`,
        `t.level is not null and t.code !~ case t.level when 'PROVINCE' then '^[0-9]{2}$' when 'DISTRICT' then '^[0-9]{3}$' else '^[0-9]{5}$' end`,
      ),
      problem(
        'parent_code',
        `'must be empty for a province and given below it'`,
        `t.level is not null and (t.level = 'PROVINCE') <> (t.parent_code is null)`,
      ),
      problem(
        'parent_code',
        `'no locality has this code, in the database or the file'`,
        `t.parent_code is not null and t.parent_id is null and not exists (select 1 from staging p where p.code = t.parent_code)`,
      ),
      mustParse('valid_from', 'valid_from', 'a date (YYYY-MM-DD)'),
      mustParse('valid_to', 'valid_to', 'a date (YYYY-MM-DD)'),
      problem('valid_to', `'must be after valid_from'`, 't.valid_to <= t.valid_from'),
      mustParse('ethnic_minority_area', 'ethnic_minority_area', 'true or false'),
      mustParse('mountainous', 'mountainous', 'true or false'),
      mustParse('island', 'island', 'true or false'),
      duplicates(['code'], 'code'),
    ],
    apply: ['PROVINCE', 'DISTRICT', 'COMMUNE'].flatMap((level) => [
      {
        counts: 'updated' as const,
        sql: `with prior as (select l.* from locality l join typed t on l.id = t.existing_id where t.level = '${level}'),
        updated as (
        update locality l set name = t.name, short_name = t.short_name, type = t.type, source = t.source,
              valid_from = t.valid_from, valid_to = t.valid_to, ethnic_minority_area = t.ethnic_minority_area,
              mountainous = t.mountainous, island = t.island, parent_id = parent.id, version = l.version + 1
         from typed t cross join lateral (select ${PARENT_OF_TYPED} as id) parent
        where t.level = '${level}' and l.id = t.existing_id
          and (l.name, l.short_name, l.type, l.source, l.valid_from, l.valid_to, l.ethnic_minority_area, l.mountainous,
               l.island, l.parent_id)
              is distinct from (t.name, t.short_name, t.type, t.source, t.valid_from, t.valid_to, t.ethnic_minority_area,
                                t.mountainous, t.island, parent.id)
        returning l.*)
        ${auditUpdates('locality', 'updated', 'prior')}`,
      },
      {
        counts: 'inserted' as const,
        sql: `insert into locality (code, name, short_name, type, level, parent_id, valid_from, valid_to,
                             ethnic_minority_area, mountainous, island, source, import_event_id)
       select t.code, t.name, t.short_name, t.type, t.level, ${PARENT_OF_TYPED}, t.valid_from, t.valid_to,
              t.ethnic_minority_area, t.mountainous, t.island, t.source, ${EVENT}
         from typed t where t.level = '${level}' and t.existing_id is null`,
      },
    ]),
    scope: [
      { column: 'code', locality: 'coalesce(t.existing_id, t.parent_id)' },
      // A unit moved under another parent: its new place too, as an update through the API.
      {
        column: 'parent_code',
        locality: 't.parent_id',
        when: 't.existing_id is not null and t.parent_id is not null',
      },
    ],
    maxLengths: { name: 200, short_name: 200, source: 500 },
  },

  officials: {
    maxLengths: { reference: 100, full_name: 200, ethnicity: 50, position_title: 200 },
    columns: [
      'reference',
      'full_name',
      'sex',
      'birth_year',
      'ethnicity',
      'home_locality_code',
      'position_title',
      'organisation_kind',
      'position_locality_code',
      'agency_code',
      'is_key_leadership',
      'start_date',
      'end_date',
    ],
    required: ['reference', 'full_name', 'sex', 'ethnicity'],
    typed: `
      select s.line, s.reference, s.full_name, s.ethnicity,
             case when s.sex in ('FEMALE', 'MALE') then s.sex end as sex,
             case when s.birth_year ~ '^[0-9]{4}$' then s.birth_year::int end as birth_year,
             home.id as home_locality_id,
             nullif(s.position_title, '') as position_title,
             case when s.organisation_kind in ('PARTY_COMMITTEE', 'PEOPLES_COUNCIL', 'PEOPLES_COMMITTEE', 'AGENCY', 'COMMITTEE',
               'MASS_ORGANISATION') then s.organisation_kind end as organisation_kind,
             post.id as position_locality_id, a.id as agency_id,
             case lower(coalesce(nullif(s.is_key_leadership, ''), 'false')) when 'true' then true when 'false' then false end as is_key_leadership,
             ${date('start_date')} as start_date, ${date('end_date')} as end_date,
             cur.id as existing_id, cur.home_locality_id as existing_home_id
        from staging s
        left join ${CURRENT_LOCALITIES} home on home.code = nullif(s.home_locality_code, '')
        left join locality post on ${UNIT_ON('post', "nullif(s.position_locality_code, '')", date('start_date'))}
        left join agency a on a.code = nullif(s.agency_code, '') and a.archived_at is null
        left join official cur on cur.reference = s.reference`,
    checks: [
      mustParse('sex', 'sex', 'FEMALE or MALE'),
      mustParse('birth_year', 'birth_year', 'a four-digit year'),
      problem(
        'birth_year',
        `'must lie between 1920 and 2015'`,
        't.birth_year not between 1920 and 2015',
      ),
      unknown('home_locality_code', 'home_locality_id', 'live locality'),
      unplaced('position_locality_code', 'position_locality_id', date('start_date')),
      unknown('agency_code', 'agency_id', 'live agency'),
      mustParse(
        'organisation_kind',
        'organisation_kind',
        'an organisation kind such as PEOPLES_COMMITTEE',
      ),
      mustParse('is_key_leadership', 'is_key_leadership', 'true or false'),
      mustParse('start_date', 'start_date', 'a date (YYYY-MM-DD)'),
      mustParse('end_date', 'end_date', 'a date (YYYY-MM-DD)'),
      problem('end_date', `'must not be before start_date'`, 't.end_date < t.start_date'),
      problem(
        'position_title',
        `'and organisation_kind, position_locality_code and start_date go together'`,
        `(t.position_title is null) <> (coalesce(s.organisation_kind, '') = '' and coalesce(s.position_locality_code, '') = '' and coalesce(s.start_date, '') = '') or (t.position_title is not null and (coalesce(s.organisation_kind, '') = '' or coalesce(s.position_locality_code, '') = '' or coalesce(s.start_date, '') = ''))`,
      ),
      `select line, 'full_name', full_name, 'differs from line ' || first_line || ' for the same reference' from (
         select s.line, s.full_name, s.sex, s.ethnicity, s.birth_year, s.home_locality_code,
                first_value(s.line) over w as first_line,
                first_value((s.full_name, s.sex, s.ethnicity, s.birth_year, s.home_locality_code)::text) over w as first_person
           from staging s window w as (partition by s.reference order by s.line)) d
        where (full_name, sex, ethnicity, birth_year, home_locality_code)::text <> first_person`,
    ],
    apply: [
      {
        sql: `create temp table person on commit drop as
         select distinct on (reference) reference, full_name, sex, birth_year, ethnicity, home_locality_id
           from typed order by reference, line`,
      },
      {
        sql: `create temp table official_change on commit drop as
         with prior as (select o.* from official o join person p using (reference)),
         upserted as (
           insert into official as o (reference, full_name, sex, birth_year, ethnicity, home_locality_id, import_event_id)
           select reference, full_name, sex, birth_year, ethnicity, home_locality_id, ${EVENT} from person
           on conflict (reference) do update
             set full_name = excluded.full_name, sex = excluded.sex, birth_year = excluded.birth_year,
                 ethnicity = excluded.ethnicity, home_locality_id = excluded.home_locality_id,
                 archived_at = null, version = o.version + 1
             where (o.full_name, o.sex, o.birth_year, o.ethnicity, o.home_locality_id, o.archived_at is null)
               is distinct from (excluded.full_name, excluded.sex, excluded.birth_year, excluded.ethnicity,
                                 excluded.home_locality_id, true)
           returning o.*, (xmax = 0) as inserted),
         logged as (${auditUpdates('official', '(select * from upserted where not inserted)', 'prior')} returning 1)
         select inserted from upserted`,
      },
      {
        sql: `create temp table position_change on commit drop as
         with incoming as (
           select o.id as official_id, t.position_title as title, t.organisation_kind, t.position_locality_id as locality_id,
                  t.agency_id, t.is_key_leadership, t.start_date, t.end_date
             from typed t join official o on o.reference = t.reference where t.position_title is not null),
         prior as (
           select p.* from official_position p join incoming i on p.official_id = i.official_id and p.title = i.title
              and p.locality_id = i.locality_id and p.start_date = i.start_date and p.archived_at is null),
         updated as (
           update official_position p set organisation_kind = i.organisation_kind, agency_id = i.agency_id,
                  is_key_leadership = i.is_key_leadership, end_date = i.end_date, version = p.version + 1
             from incoming i
            where p.official_id = i.official_id and p.title = i.title and p.locality_id = i.locality_id
              and p.start_date = i.start_date and p.archived_at is null
              and (p.organisation_kind, p.agency_id, p.is_key_leadership, p.end_date)
                  is distinct from (i.organisation_kind, i.agency_id, i.is_key_leadership, i.end_date)
           returning p.*),
         inserted as (
           insert into official_position (official_id, title, organisation_kind, locality_id, agency_id, is_key_leadership,
                                          start_date, end_date, import_event_id)
           select i.*, ${EVENT} from incoming i where not exists (
             select 1 from official_position p where p.official_id = i.official_id and p.title = i.title
                and p.locality_id = i.locality_id and p.start_date = i.start_date and p.archived_at is null)
           returning true as inserted),
         logged as (${auditUpdates('official_position', 'updated', 'prior')} returning 1)
         select false as inserted from updated union all select * from inserted`,
      },
      {
        counts: 'totals',
        sql: `select (select count(*) from official_change where inserted) + (select count(*) from position_change where inserted) as inserted,
              (select count(*) from official_change where not inserted) + (select count(*) from position_change where not inserted) as updated`,
      },
    ],
    scope: [
      // The official's current record, their new home and the post must all lie in scope.
      { column: 'reference', locality: 't.existing_home_id', when: 't.existing_id is not null' },
      { column: 'home_locality_code', locality: 't.home_locality_id' },
      {
        column: 'position_locality_code',
        locality: 't.position_locality_id',
        when: 't.position_title is not null',
      },
    ],
  },
  plans: {
    // One row per indicator a plan tracks, or per target it sets; the file replaces each plan it
    // names as a whole (its years, indicators and own targets), and leaves one it repeats as it was.
    columns: [
      'plan_code',
      'plan_name',
      'locality_code',
      'start_year',
      'end_year',
      'indicator_code',
      'target_year',
      'target',
      'source',
    ],
    required: [
      'plan_code',
      'plan_name',
      'locality_code',
      'start_year',
      'end_year',
      'indicator_code',
      'source',
    ],
    lock: `select 1 from plan where code in (select plan_code from staging) for update`,
    typed: `
      select s.line, s.plan_code, s.plan_name, s.source, loc.id as locality_id,
             case when s.start_year ~ '^[0-9]{4}$' then s.start_year::int end as start_year,
             case when s.end_year ~ '^[0-9]{4}$' then s.end_year::int end as end_year,
             case when s.target_year ~ '^[0-9]{4}$' then s.target_year::int end as target_year,
             ${num('target')} as target,
             i.id as indicator_id, i.unit, st.id as strategy_id, st.start_year as strategy_start,
             st.end_year as strategy_end, cur.id as existing_id, cur.locality_id as existing_locality_id
        from staging s
        left join locality loc on ${UNIT_ON('loc', 's.locality_code', YEAR_START('start_year'))}
        left join strategy st on st.code = 'NQ28-2021-2030'
        left join indicator i on i.code = s.indicator_code and i.strategy_id = st.id
        left join plan cur on cur.code = s.plan_code`,
    checks: [
      unplaced('locality_code', 'locality_id', YEAR_START('start_year')),
      unknown('indicator_code', 'indicator_id', 'indicator of the strategy'),
      mustParse('start_year', 'start_year', 'a four-digit year'),
      mustParse('end_year', 'end_year', 'a four-digit year'),
      mustParse('target_year', 'target_year', 'a four-digit year'),
      mustParse('target', 'target', 'a number'),
      problem(
        'start_year',
        `'must lie in the strategy period ' || t.strategy_start || '–' || t.strategy_end`,
        't.start_year not between t.strategy_start and t.strategy_end',
      ),
      problem(
        'end_year',
        `'must lie in the strategy period, not before start_year'`,
        't.end_year not between greatest(t.start_year, t.strategy_start) and t.strategy_end',
      ),
      problem(
        'target_year',
        `'must be a year of the plan, and given exactly with target'`,
        `(t.target_year is null) <> (coalesce(s.target, '') = '') or t.target_year not between t.start_year and t.end_year`,
      ),
      problem(
        'target',
        `'is out of range for the indicator''s unit'`,
        `t.target < 0 or (t.unit = 'PERCENT' and t.target > 100) or (t.unit = 'BOOLEAN' and t.target not in (0, 1))`,
      ),
      problem(
        'locality_code',
        `'differs from the locality of the existing plan with this code'`,
        't.existing_locality_id is not null and t.locality_id <> t.existing_locality_id',
      ),
      duplicates(['plan_code', 'indicator_code', 'target_year'], 'indicator_code'),
      `select line, 'plan_name', plan_name, 'differs from line ' || first_line || ' for the same plan_code' from (
         select s.line, s.plan_name, first_value(s.line) over w as first_line,
                (s.plan_name, s.locality_code, s.start_year, s.end_year, s.source)::text as plan_columns,
                first_value((s.plan_name, s.locality_code, s.start_year, s.end_year, s.source)::text) over w as first_plan
           from staging s window w as (partition by s.plan_code order by s.line)) d
        where plan_columns <> first_plan`,
      `select min(t.line), 'start_year', min(t.start_year)::text, 'overlaps plan ' || min(p.code) || ' of the same locality'
         from typed t join plan p on p.locality_id = t.locality_id and p.code <> t.plan_code
          and p.start_year <= t.end_year and p.end_year >= t.start_year
        group by t.plan_code`,
      `select min(a.line), 'start_year', min(a.start_year)::text, 'overlaps plan ' || min(b.plan_code) || ' of the same locality in this file'
         from typed a join typed b on b.locality_id = a.locality_id and b.plan_code < a.plan_code
          and b.start_year <= a.end_year and b.end_year >= a.start_year
        group by a.plan_code`,
    ],
    apply: [
      {
        sql: `create temp table plan_file on commit drop as
          select distinct on (plan_code) plan_code, plan_name, locality_id, start_year, end_year, source,
                 strategy_id, existing_id
            from typed order by plan_code, line`,
      },
      {
        sql: `create temp table plan_changed on commit drop as
          select f.plan_code from plan_file f left join plan p on p.id = f.existing_id
           where p.id is null
              or (p.name, p.locality_id, p.start_year, p.end_year, p.source)
                 is distinct from (f.plan_name, f.locality_id, f.start_year, f.end_year, f.source)
              or exists ((select t.indicator_id from typed t where t.plan_code = f.plan_code)
                         except (select pi.indicator_id from plan_indicator pi where pi.plan_id = p.id))
              or exists ((select pi.indicator_id from plan_indicator pi where pi.plan_id = p.id)
                         except (select t.indicator_id from typed t where t.plan_code = f.plan_code))
              or exists ((select t.indicator_id, t.target_year, t.target from typed t
                           where t.plan_code = f.plan_code and t.target is not null)
                         except (select it.indicator_id, it.year, it.value from indicator_target it where it.plan_id = p.id))
              or exists ((select it.indicator_id, it.year, it.value from indicator_target it where it.plan_id = p.id)
                         except (select t.indicator_id, t.target_year, t.target from typed t
                                  where t.plan_code = f.plan_code and t.target is not null))`,
      },
      {
        counts: 'updated',
        sql: `with prior as (
            select p.* from plan p join plan_file f on f.existing_id = p.id join plan_changed c using (plan_code)),
          updated as (
            update plan p set name = f.plan_name, locality_id = f.locality_id, start_year = f.start_year,
                   end_year = f.end_year, source = f.source
              from plan_file f join plan_changed c using (plan_code)
             where p.id = f.existing_id
            returning p.*)
          ${auditUpdates('plan', 'updated', 'prior')}`,
      },
      {
        counts: 'inserted',
        sql: `with created as (
            insert into plan (code, name, strategy_id, locality_id, start_year, end_year, source)
            select plan_code, plan_name, strategy_id, locality_id, start_year, end_year, source
              from plan_file where existing_id is null
            returning *)
          insert into audit_event (entity, entity_id, action, actor, after, note)
          select 'plan', c.id, 'CREATE', ${ACTOR}, to_jsonb(c), ${NOTE} from created c`,
      },
      {
        sql: `delete from indicator_target where plan_id in
            (select p.id from plan p join plan_changed c on c.plan_code = p.code)`,
      },
      {
        sql: `delete from plan_indicator where plan_id in
            (select p.id from plan p join plan_changed c on c.plan_code = p.code)`,
      },
      {
        sql: `insert into plan_indicator (plan_id, indicator_id)
          select distinct p.id, t.indicator_id from typed t join plan_changed c using (plan_code)
            join plan p on p.code = t.plan_code`,
      },
      {
        sql: `insert into indicator_target (indicator_id, plan_id, year, value, source)
          select t.indicator_id, p.id, t.target_year, t.target, t.source from typed t
            join plan_changed c using (plan_code) join plan p on p.code = t.plan_code
           where t.target is not null`,
      },
    ],
    scope: [
      { column: 'locality_code', locality: 't.locality_id' },
      {
        column: 'plan_code',
        locality: 't.existing_locality_id',
        when: 't.existing_id is not null',
      },
    ],
    maxLengths: { plan_name: 500, source: 500 },
  },
  agencies: {
    columns: ['code', 'name_vi', 'name_en', 'kind', 'locality_code', 'parent_code'],
    required: ['code', 'name_vi', 'name_en', 'kind', 'locality_code'],
    typed: `
      select s.line, s.code, s.name_vi, s.name_en,
             case when s.kind in ('PEOPLES_COMMITTEE', 'DEPARTMENT', 'COMMITTEE', 'MASS_ORGANISATION', 'STATISTICS_OFFICE')
               then s.kind end as kind,
             loc.id as locality_id, parent.id as parent_id, cur.id as existing_id, cur.locality_id as existing_locality_id
        from staging s
        left join ${CURRENT_LOCALITIES} loc on loc.code = s.locality_code
        left join agency parent on parent.code = nullif(s.parent_code, '') and parent.archived_at is null
        left join agency cur on cur.code = s.code`,
    checks: [
      problem('code', `'must be capital letters, digits and hyphens'`, `s.code !~ '^[A-Z0-9-]+$'`),
      mustParse(
        'kind',
        'kind',
        'PEOPLES_COMMITTEE, DEPARTMENT, COMMITTEE, MASS_ORGANISATION or STATISTICS_OFFICE',
      ),
      unknown('locality_code', 'locality_id', 'live locality'),
      problem(
        'parent_code',
        `'no live agency in the database has this code (import parents in an earlier file)'`,
        `coalesce(s.parent_code, '') <> '' and t.parent_id is null`,
      ),
      problem('parent_code', `'must not be the agency itself'`, `s.parent_code = s.code`),
      duplicates(['code'], 'code'),
    ],
    apply: [
      {
        counts: 'totals',
        sql: `with prior as (select a.* from agency a join typed t on a.code = t.code),
      upserted as (
        insert into agency as a (code, name_vi, name_en, kind, locality_id, parent_id)
        select code, name_vi, name_en, kind, locality_id, parent_id from typed
        on conflict (code) do update
          set name_vi = excluded.name_vi, name_en = excluded.name_en, kind = excluded.kind,
              locality_id = excluded.locality_id, parent_id = excluded.parent_id, archived_at = null,
              version = a.version + 1
          where (a.name_vi, a.name_en, a.kind, a.locality_id, a.parent_id, a.archived_at is null)
                is distinct from (excluded.name_vi, excluded.name_en, excluded.kind, excluded.locality_id,
                                  excluded.parent_id, true)
        returning a.*, (xmax = 0) as inserted),
      ${auditedUpsert('agency')}`,
      },
    ],
    scope: [
      { column: 'locality_code', locality: 't.locality_id' },
      { column: 'code', locality: 't.existing_locality_id', when: 't.existing_id is not null' },
    ],
    maxLengths: { name_vi: 300, name_en: 300 },
  },

  'training-programs': {
    columns: [
      'code',
      'title',
      'kind',
      'organiser_code',
      'locality_code',
      'start_date',
      'end_date',
      'target_groups',
      'capacity',
    ],
    required: [
      'code',
      'title',
      'kind',
      'organiser_code',
      'locality_code',
      'start_date',
      'end_date',
      'capacity',
    ],
    typed: `
      select s.line, s.code, s.title,
             case when s.kind in ('TRAINING', 'RETRAINING', 'WORKSHOP') then s.kind end as kind,
             a.id as organising_agency_id, loc.id as locality_id,
             ${date('start_date')} as start_date, ${date('end_date')} as end_date,
             case when coalesce(s.target_groups, '') = '' then '{}'::text[]
                  when string_to_array(s.target_groups, ';') <@ array['FEMALE_OFFICIALS', 'ETHNIC_MINORITY_OFFICIALS',
                    'ETHNIC_MINORITY_AREAS', 'MOUNTAINOUS_AREAS', 'ISLAND_AREAS', 'COMMUNE_OFFICIALS', 'YOUNG_OFFICIALS']
                  then string_to_array(s.target_groups, ';') end as target_groups,
             case when s.capacity ~ '^[0-9]{1,6}$' and s.capacity::int > 0 then s.capacity::int end as capacity,
             cur.id as existing_id, cur.locality_id as existing_locality_id
        from staging s
        left join locality loc on ${UNIT_ON('loc', 's.locality_code', date('start_date'))}
        left join agency a on a.code = s.organiser_code and a.archived_at is null
        left join training_program cur on cur.code = s.code`,
    checks: [
      problem('code', `'must be capital letters, digits and hyphens'`, `s.code !~ '^[A-Z0-9-]+$'`),
      mustParse('kind', 'kind', 'TRAINING, RETRAINING or WORKSHOP'),
      unknown('organiser_code', 'organising_agency_id', 'live agency'),
      unplaced('locality_code', 'locality_id', date('start_date')),
      mustParse('start_date', 'start_date', 'a date (YYYY-MM-DD)'),
      mustParse('end_date', 'end_date', 'a date (YYYY-MM-DD)'),
      problem('end_date', `'must not be before start_date'`, 't.end_date < t.start_date'),
      mustParse(
        'target_groups',
        'target_groups',
        'groups such as FEMALE_OFFICIALS;COMMUNE_OFFICIALS, separated by ;',
      ),
      mustParse('capacity', 'capacity', 'a positive whole number'),
      problem('capacity', `'must be at most 100000'`, 't.capacity > 100000'),
      // As the single update: a program keeps room for the officials already enrolled.
      problem(
        'capacity',
        `'must hold the ' || ${ENROLLED_SQL} || ' officials already enrolled'`,
        `t.existing_id is not null and t.capacity < ${ENROLLED_SQL}`,
      ),
      duplicates(['code'], 'code'),
    ],
    apply: [
      {
        counts: 'totals',
        sql: `with prior as (select p.* from training_program p join typed t on p.code = t.code),
      upserted as (
        insert into training_program as p (code, title, kind, organising_agency_id, locality_id, start_date,
                                           end_date, target_groups, capacity)
        select code, title, kind, organising_agency_id, locality_id, start_date, end_date, target_groups, capacity
          from typed
        on conflict (code) do update
          set title = excluded.title, kind = excluded.kind, organising_agency_id = excluded.organising_agency_id,
              locality_id = excluded.locality_id, start_date = excluded.start_date, end_date = excluded.end_date,
              target_groups = excluded.target_groups, capacity = excluded.capacity, archived_at = null,
              version = p.version + 1
          where (p.title, p.kind, p.organising_agency_id, p.locality_id, p.start_date, p.end_date, p.target_groups,
                 p.capacity, p.archived_at is null)
                is distinct from (excluded.title, excluded.kind, excluded.organising_agency_id, excluded.locality_id,
                                  excluded.start_date, excluded.end_date, excluded.target_groups, excluded.capacity, true)
        returning p.*, (xmax = 0) as inserted),
      ${auditedUpsert('training_program')}`,
      },
    ],
    scope: [
      { column: 'locality_code', locality: 't.locality_id' },
      { column: 'code', locality: 't.existing_locality_id', when: 't.existing_id is not null' },
    ],
    maxLengths: { title: 500 },
  },
  // Codes are reused across reforms: the predecessor is the unit holding its code the day before
  // the succession, the successor the unit holding its code on the day.
  'locality-successions': {
    columns: ['predecessor_code', 'successor_code', 'effective_date', 'divided', 'source'],
    required: ['predecessor_code', 'successor_code', 'effective_date', 'source'],
    lock: 'lock table locality_succession in share row exclusive mode',
    typed: `
      select s.line, s.predecessor_code, s.successor_code, ${date('effective_date')} as effective_date,
             case when coalesce(s.divided, '') in ('', 'false') then false
                  when s.divided = 'true' then true end as divided,
             s.source, p.id as predecessor_id, n.id as successor_id, cur.id as existing_id
        from staging s
        left join lateral (select l.id from locality l
                            where l.code = s.predecessor_code and l.archived_at is null
                              and ${date('effective_date')} is not null
                              and daterange(l.valid_from, l.valid_to) @> (${date('effective_date')} - 1)
                            limit 1) p on true
        left join lateral (select l.id from locality l
                            where l.code = s.successor_code and l.archived_at is null
                              and ${date('effective_date')} is not null
                              and daterange(l.valid_from, l.valid_to) @> ${date('effective_date')}
                            limit 1) n on true
        left join locality_succession cur on cur.predecessor_id = p.id and cur.successor_id = n.id`,
    checks: [
      mustParse('effective_date', 'effective_date', 'a date (YYYY-MM-DD)'),
      problem(
        'predecessor_code',
        `'no unit had this code on the day before effective_date'`,
        't.effective_date is not null and t.predecessor_id is null',
      ),
      problem(
        'successor_code',
        `'no unit has this code on effective_date'`,
        't.effective_date is not null and t.successor_id is null',
      ),
      problem(
        'successor_code',
        `'must differ from the predecessor'`,
        't.predecessor_id = t.successor_id',
      ),
      mustParse('divided', 'divided', 'true or false'),
      problem('source', `'must not be blank'`, `btrim(coalesce(s.source, '')) = ''`),
      duplicates(['predecessor_code', 'successor_code', 'effective_date'], 'successor_code'),
    ],
    apply: [
      {
        counts: 'totals',
        sql: `with prior as (select c.* from locality_succession c
                             join typed t on c.predecessor_id = t.predecessor_id and c.successor_id = t.successor_id),
      upserted as (
        insert into locality_succession as c (predecessor_id, successor_id, effective_date, divided, source)
        select predecessor_id, successor_id, effective_date, divided, source from typed
        on conflict (predecessor_id, successor_id) do update
          set effective_date = excluded.effective_date, divided = excluded.divided, source = excluded.source
          where (c.effective_date, c.divided, c.source)
                is distinct from (excluded.effective_date, excluded.divided, excluded.source)
        returning c.*, (xmax = 0) as inserted),
      ${auditedUpsert('locality_succession')}`,
      },
    ],
    scope: [
      { column: 'predecessor_code', locality: 't.predecessor_id' },
      { column: 'successor_code', locality: 't.successor_id' },
    ],
    maxLengths: { source: 500 },
  },
} satisfies Record<string, ImportKindSpec>;

export type ImportKindName = keyof typeof IMPORT_KINDS;
