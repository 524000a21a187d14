/*
 * Persons a mass import created or found (SPEC §7a): the importers' change feed and summary
 * (GET /oppija/muuttuneet, /oppija/yhteenveto) show imported persons only, as the reference's
 * do. A flag on the person, set by the import's own writes, instead of an index on
 * import_results (person_id), which every imported row would have to maintain.
 */
alter table persons add column imported boolean not null default false;
update persons p set imported = true
  where p.import_id is not null
     or exists (select 1 from import_results r where r.person_id = p.id);
