{#-
  zip5(expr): the 5-digit US ZIP code of a ZIP or ZIP+4, given as text or number: '94107-1234' ->
  '94107'; 4 digits (a leading zero lost to a numeric column), alone or as ZIP+4, get it back: 2134 or
  '2134' -> '02134'; a trailing '.0' (a float column) is ignored. Anything else (fewer than 4 digits,
  letters, foreign postal codes, blank) -> null.
-#}
{% macro zip5(expr) -%}
  {{ return(adapter.dispatch('zip5', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__zip5(expr) -%}
  {%- set zip = regex_replace_all('trim(cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ '))', '\\.0+$', '') -%}
  case
    when {{ regex_contains(zip, '^\\d{5}(?:[\\s-]?\\d{4})?$') }} then substring({{ zip }}, 1, 5)
    when {{ regex_contains(zip, '^\\d{4}(?:[\\s-]?\\d{4})?$') }} then '0' || substring({{ zip }}, 1, 4)
  end
{%- endmacro %}

{#-
  state_code(expr): the two-letter USPS code of a US state, DC, territory (PR, GU, VI, AS, MP) or armed
  forces region (AA, AE, AP), from its code or full name in any case, with periods, extra whitespace and
  punctuation ignored (' ca ' -> 'CA', 'New York' -> 'NY', 'D.C.' -> 'DC'); null when unknown.
-#}
{% macro state_code(expr) -%}
  {{ return(adapter.dispatch('state_code', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__state_code(expr) -%}
  {%- set names_by_code = {
    'AL': ['ALABAMA'], 'AK': ['ALASKA'], 'AZ': ['ARIZONA'], 'AR': ['ARKANSAS'], 'CA': ['CALIFORNIA'],
    'CO': ['COLORADO'], 'CT': ['CONNECTICUT'], 'DE': ['DELAWARE'],
    'DC': ['DISTRICT OF COLUMBIA', 'WASHINGTON DC'], 'FL': ['FLORIDA'], 'GA': ['GEORGIA'],
    'HI': ['HAWAII'], 'ID': ['IDAHO'], 'IL': ['ILLINOIS'], 'IN': ['INDIANA'], 'IA': ['IOWA'],
    'KS': ['KANSAS'], 'KY': ['KENTUCKY'], 'LA': ['LOUISIANA'], 'ME': ['MAINE'], 'MD': ['MARYLAND'],
    'MA': ['MASSACHUSETTS'], 'MI': ['MICHIGAN'], 'MN': ['MINNESOTA'], 'MS': ['MISSISSIPPI'],
    'MO': ['MISSOURI'], 'MT': ['MONTANA'], 'NE': ['NEBRASKA'], 'NV': ['NEVADA'],
    'NH': ['NEW HAMPSHIRE'], 'NJ': ['NEW JERSEY'], 'NM': ['NEW MEXICO'], 'NY': ['NEW YORK'],
    'NC': ['NORTH CAROLINA'], 'ND': ['NORTH DAKOTA'], 'OH': ['OHIO'], 'OK': ['OKLAHOMA'],
    'OR': ['OREGON'], 'PA': ['PENNSYLVANIA'], 'RI': ['RHODE ISLAND'], 'SC': ['SOUTH CAROLINA'],
    'SD': ['SOUTH DAKOTA'], 'TN': ['TENNESSEE'], 'TX': ['TEXAS'], 'UT': ['UTAH'], 'VT': ['VERMONT'],
    'VA': ['VIRGINIA'], 'WA': ['WASHINGTON'], 'WV': ['WEST VIRGINIA'], 'WI': ['WISCONSIN'],
    'WY': ['WYOMING'], 'PR': ['PUERTO RICO'], 'GU': ['GUAM'],
    'VI': ['VIRGIN ISLANDS', 'US VIRGIN ISLANDS', 'UNITED STATES VIRGIN ISLANDS'],
    'AS': ['AMERICAN SAMOA'], 'MP': ['NORTHERN MARIANA ISLANDS'],
    'AA': ['ARMED FORCES AMERICAS'], 'AE': ['ARMED FORCES EUROPE'], 'AP': ['ARMED FORCES PACIFIC']
  } -%}
  {{- code_from_names(expr, names_by_code) -}}
{%- endmacro %}

{#-
  street_key(expr): a street line normalised for matching: accents removed, lowercased, apostrophes and
  periods removed, any other run of characters outside [a-z0-9] -> one space, then whole words replaced:
  USPS suffixes and unit words (street st, avenue ave, road rd, boulevard blvd, drive dr, lane ln, court
  ct, place pl, square sq, terrace ter, circle cir, trail trl, highway hwy, parkway pkwy, expressway expy,
  freeway fwy, center ctr, route rte, suite ste, apartment apt, building bldg, floor fl), directionals
  (north n, south s, east e, west w, northeast ne, northwest nw, southeast se, southwest sw) and ordinal
  words (first 1st ... twentieth 20th). '123 Fifth Avenue, Suite 4' -> '123 5th ave ste 4'. Null when blank.
-#}
{% macro street_key(expr) -%}
  {{ return(adapter.dispatch('street_key', 'revops')(expr)) }}
{%- endmacro %}

{#- street_abbreviations(): the (word, abbreviation) pairs that street_key replaces. -#}
{% macro street_abbreviations() -%}
  {{ return([
    ('street', 'st'), ('avenue', 'ave'), ('road', 'rd'), ('boulevard', 'blvd'), ('drive', 'dr'),
    ('lane', 'ln'), ('court', 'ct'), ('place', 'pl'), ('square', 'sq'), ('terrace', 'ter'),
    ('circle', 'cir'), ('trail', 'trl'), ('highway', 'hwy'), ('parkway', 'pkwy'),
    ('expressway', 'expy'), ('freeway', 'fwy'), ('center', 'ctr'), ('route', 'rte'), ('suite', 'ste'),
    ('apartment', 'apt'), ('building', 'bldg'), ('floor', 'fl'),
    ('north', 'n'), ('south', 's'), ('east', 'e'), ('west', 'w'),
    ('northeast', 'ne'), ('northwest', 'nw'), ('southeast', 'se'), ('southwest', 'sw'),
    ('first', '1st'), ('second', '2nd'), ('third', '3rd'), ('fourth', '4th'), ('fifth', '5th'),
    ('sixth', '6th'), ('seventh', '7th'), ('eighth', '8th'), ('ninth', '9th'), ('tenth', '10th'),
    ('eleventh', '11th'), ('twelfth', '12th'), ('thirteenth', '13th'), ('fourteenth', '14th'),
    ('fifteenth', '15th'), ('sixteenth', '16th'), ('seventeenth', '17th'), ('eighteenth', '18th'),
    ('nineteenth', '19th'), ('twentieth', '20th')
  ]) }}
{%- endmacro %}

{#- street_words(expr): the street's words, unaccented and lowercased, separated by single spaces ('' when none). -#}
{% macro street_words(expr) -%}
  {{ return(adapter.dispatch('street_words', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__street_words(expr) -%}
  {%- set lowered = 'lower(' ~ unaccented('cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')') ~ ')' -%}
  trim({{ regex_replace_all(regex_replace_all(lowered, "['‘’`.]", ''), '[^a-z0-9]+', ' ') }})
{%- endmacro %}

{% macro default__street_key(expr) -%}
  {#- One replace() per word. Every word gets its own leading and trailing space first, so that the
      replace() of ' word ' also hits a neighbour of the same word. -#}
  {%- set ns = namespace(street="' ' || replace(" ~ street_words(expr) ~ ", ' ', '  ') || ' '") -%}
  {%- for word, abbreviation in street_abbreviations() -%}
    {%- set ns.street = "replace(" ~ ns.street ~ ", ' " ~ word ~ " ', ' " ~ abbreviation ~ " ')" -%}
  {%- endfor -%}
  nullif(trim({{ regex_replace_all(ns.street, ' +', ' ') }}), '')
{%- endmacro %}

{% macro duckdb__street_key(expr) -%}
  {#- A map lookup per word instead of 50 nested replace() calls, which are slow to parse (sqlfluff gives up). -#}
  {%- set pairs = [] -%}
  {%- for word, abbreviation in street_abbreviations() -%}
    {%- do pairs.append("'" ~ word ~ "': '" ~ abbreviation ~ "'") -%}
  {%- endfor -%}
  nullif(array_to_string(list_transform(string_split({{ street_words(expr) }}, ' '),
    lambda street_word: coalesce(map {{ '{' ~ pairs | join(', ') ~ '}' }}[street_word], street_word)), ' '), '')
{%- endmacro %}

{#-
  country_code(expr): the ISO 3166-1 alpha-2 code of a country given as a code or a common name in any
  case, periods and punctuation ignored ('USA', 'U.S.', 'United States of America' -> 'US'; 'UK',
  'Great Britain' -> 'GB'); null when blank or not recognised. Covers the countries B2B exports most often
  carry; extend the dict for more.
-#}
{% macro country_code(expr) -%}
  {{ return(adapter.dispatch('country_code', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__country_code(expr) -%}
  {%- set names_by_code = {
    'US': ['USA', 'U S', 'U S A', 'UNITED STATES', 'UNITED STATES OF AMERICA', 'AMERICA'],
    'CA': ['CAN', 'CANADA'], 'MX': ['MEX', 'MEXICO'],
    'GB': ['GBR', 'UK', 'U K', 'UNITED KINGDOM', 'GREAT BRITAIN', 'ENGLAND', 'SCOTLAND', 'WALES'],
    'IE': ['IRL', 'IRELAND'], 'DE': ['DEU', 'GERMANY'], 'FR': ['FRA', 'FRANCE'], 'ES': ['ESP', 'SPAIN'],
    'IT': ['ITA', 'ITALY'], 'NL': ['NLD', 'NETHERLANDS', 'THE NETHERLANDS', 'HOLLAND'],
    'AU': ['AUS', 'AUSTRALIA'], 'NZ': ['NZL', 'NEW ZEALAND'], 'IN': ['IND', 'INDIA'],
    'BR': ['BRA', 'BRAZIL'], 'JP': ['JPN', 'JAPAN']
  } -%}
  {{- code_from_names(expr, names_by_code) -}}
{%- endmacro %}

{#-
  code_from_names(expr, names_by_code): a CASE expression returning the code whose code or name equals the
  value upper-cased, periods removed and other runs of non-letters made one space; null when none does.
  `names_by_code` maps each code to its accepted names (upper case). Shared by state_code and country_code.
-#}
{% macro code_from_names(expr, names_by_code) -%}
  {%- set without_periods = regex_replace_all('cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')', '\\.', '') -%}
  case upper(trim({{ regex_replace_all(without_periods, '[^A-Za-z]+', ' ') }}))
    {%- for code, names in names_by_code.items() %}
    when '{{ code }}' then '{{ code }}'
    {%- for name in names %}
    when '{{ name }}' then '{{ code }}'
    {%- endfor %}
    {%- endfor %}
  end
{%- endmacro %}
