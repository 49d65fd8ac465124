{#-
  postgres_compat_statements(): idempotent DDL run at the start of every PostgreSQL run, in schema public:
  - revops_try_cast(text, anyelement): the text cast to the type of the second argument (pass a typed
    null, `null::date`), or null when it cannot be cast: PostgreSQL 15 has no try_cast, and safe_cast must
    not raise on bad input (PL/pgSQL with an exception block, so parallel unsafe; slower than a plain cast, used in staging only).
  - revops_jaro_winkler_similarity(text, text): Jaro-Winkler similarity as DuckDB's
    jaro_winkler_similarity computes it (prefix scale 0.1 over at most 4 characters, applied when the Jaro
    similarity exceeds 0.7; 0 when either string is empty, both included), so name agreement levels and
    matches equal DuckDB's. fuzzystrmatch only has Levenshtein and pg_trgm trigram similarity, whose
    thresholds would mean something else.
  - domain `double` over double precision and log(double precision, double precision): the accounts models
    write `cast(x as double)` and `log(2, x)`, which PostgreSQL spells `double precision` and has only for
    numeric. round(double precision, integer) likewise (the accounts models round doubles to 3 digits;
    PostgreSQL rounds only numeric to n digits: half away from zero, as DuckDB). Kept here until those
    models use `dbt.type_float()` and a `log2` macro (see DECISIONS.md).
-#}
{% macro postgres_compat_statements() %}
  {{ return([
    "do $$ begin if not exists (select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace
       where t.typname = 'double' and n.nspname = 'public')
       then create domain public.double as double precision; end if; end $$",
    "create or replace function public.log(base double precision, x double precision)
       returns double precision language sql immutable strict parallel safe
       as $$ select ln(x) / ln(base) $$",
    "create or replace function public.round(x double precision, digits integer)
       returns double precision language sql immutable strict parallel safe
       as $$ select round(x::numeric, digits)::double precision $$",
    "create or replace function public.revops_try_cast(value text, inout result anyelement)
       language plpgsql immutable parallel unsafe as $$
       begin
         result := value;
       exception when others then
         result := null;
       end $$",
    "create or replace function public.revops_jaro_winkler_similarity(s1 text, s2 text)
       returns double precision language plpgsql immutable strict parallel safe as $$
       declare
         l1 int := length(s1);
         l2 int := length(s2);
         window_size int;
         m1 boolean[];
         m2 boolean[];
         matches int := 0;
         half_transpositions int := 0;
         prefix int := 0;
         i int;
         j int;
         k int := 1;
         jaro double precision;
       begin
         if l1 = 0 or l2 = 0 then return 0.0; end if;
         window_size := greatest(greatest(l1, l2) / 2 - 1, 0);
         m1 := array_fill(false, array[l1]);
         m2 := array_fill(false, array[l2]);
         for i in 1..l1 loop
           for j in greatest(1, i - window_size)..least(l2, i + window_size) loop
             if not m2[j] and substr(s1, i, 1) = substr(s2, j, 1) then
               m1[i] := true; m2[j] := true; matches := matches + 1; exit;
             end if;
           end loop;
         end loop;
         if matches = 0 then return 0.0; end if;
         for i in 1..l1 loop
           if m1[i] then
             while not m2[k] loop k := k + 1; end loop;
             if substr(s1, i, 1) <> substr(s2, k, 1) then half_transpositions := half_transpositions + 1; end if;
             k := k + 1;
           end if;
         end loop;
         half_transpositions := half_transpositions / 2;
         jaro := (matches::float8 / l1 + matches::float8 / l2 + (matches - half_transpositions)::float8 / matches) / 3.0;
         if jaro > 0.7 then
           while prefix < least(4, l1, l2) and substr(s1, prefix + 1, 1) = substr(s2, prefix + 1, 1) loop
             prefix := prefix + 1;
           end loop;
           jaro := jaro + prefix * 0.1 * (1.0 - jaro);
         end if;
         return jaro;
       end $$"
  ]) }}
{% endmacro %}
