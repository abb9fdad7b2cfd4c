import { Migration } from '@mikro-orm/migrations';

/**
 * Rates roll up as ratios of summed numerators and denominators, which needs each indicator's
 * scale (value = numerator / denominator × scale); rows whose fraction disagrees with their
 * value are refused so a roll-up can trust them.
 */
export class Migration20261127010000ValueScale extends Migration {
  override async up(): Promise<void> {
    this.addSql(UP);
  }

  override async down(): Promise<void> {
    this.addSql(DOWN);
  }
}

/** The status trigger of this version; a later migration that replaces it restores it on the way down. */
export const DERIVE_STATUS = (checkFraction: boolean) => /* sql */ `
create or replace function indicator_value_derive_status() returns trigger language plpgsql as $fn$
declare
  v_unit text;
  v_direction text;
  v_code text;
  v_scale numeric;
begin
  select unit, direction, code${checkFraction ? ', value_scale' : ', 1'} into v_unit, v_direction, v_code, v_scale
    from indicator where id = new.indicator_id;
  if new.value is not null then
    if (v_unit = 'PERCENT' and (new.value < 0 or new.value > 100))
       or (v_unit = 'COUNT' and (new.value < 0 or new.value <> trunc(new.value)))
       or (v_unit = 'BOOLEAN' and new.value not in (0, 1))
       or (v_unit in ('RATIO', 'RATE_PER_100K') and new.value < 0) then
      raise exception 'value % is out of range for % indicator %', new.value, v_unit, v_code
        using errcode = 'check_violation', column = 'value', constraint = 'indicator_value_unit_range';
    end if;
    ${
      checkFraction
        ? `if new.numerator is not null
       and abs(new.value - new.numerator / new.denominator * v_scale)
           > greatest(0.01, abs(new.numerator / new.denominator * v_scale) * 0.005) then
      raise exception 'value % of indicator % disagrees with numerator % / denominator % × %',
        new.value, v_code, new.numerator, new.denominator, v_scale
        using errcode = 'check_violation', column = 'value', constraint = 'indicator_value_fraction_consistent';
    end if;`
        : ''
    }
  end if;
  new.status := case
    when new.value is null then 'NO_DATA'
    when new.target is null then 'NO_TARGET'
    when v_direction = 'AT_LEAST' and new.value >= new.target then 'MET'
    when v_direction = 'AT_MOST' and new.value <= new.target then 'MET'
    when v_direction = 'BELOW' and new.value < new.target then 'MET'
    else 'NOT_MET'
  end;
  return new;
end $fn$;
`;

const UP = /* sql */ `
alter table indicator add column value_scale numeric not null default 1 check (value_scale > 0);
update indicator set value_scale = case unit when 'PERCENT' then 100 when 'RATE_PER_100K' then 100000 else 1 end;
-- The sex ratio at birth counts boys per 100 girls.
update indicator set value_scale = 100
 where code = 'MT4.1' and strategy_id in (select id from strategy where code = 'NQ28-2021-2030');
comment on column indicator.value_scale is 'value = numerator / denominator * value_scale';
${DERIVE_STATUS(true)}
`;

const DOWN = /* sql */ `
${DERIVE_STATUS(false)}
alter table indicator drop column value_scale;
`;
