{#-
  url_host(expr): the lowercased host name of a website, URL, bare domain or email address: scheme
  ('https://', '//'), path, query and fragment, user info or mailbox ('user@') and port (':8080') and a
  trailing dot removed. Not validated.
-#}
{% macro url_host(expr) -%}
  {{ return(adapter.dispatch('url_host', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__url_host(expr) -%}
  {%- set lowered = 'lower(trim(cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')))' -%}
  {%- set without_scheme_and_path = regex_replace_all(lowered, '^(?:[a-z][a-z0-9+.-]*:)?//|[/?#].*$', '') -%}
  {{ regex_replace_all(without_scheme_and_path, '^.*@|\\.?:\\d*$|\\.$', '') }}
{%- endmacro %}

{#-
  registrable_domain(expr): the registrable domain of a website, URL, domain or email address
  ('HTTP://WWW.Example.com/path' -> 'example.com', 'https://shop.example.co.uk/x' -> 'example.co.uk'):
  the last two labels of the host, or the last three when the last two are a multi-part public suffix of
  the list below. Null when blank or when the host is not dot-separated labels of [a-z0-9-] ending in a
  label that starts with a letter ('n/a', 'none', 'localhost', IP addresses, non-ASCII hosts). A host
  that is only a public suffix ('co.uk') gives null.
-#}
{% macro registrable_domain(expr) -%}
  {{ return(adapter.dispatch('registrable_domain', 'revops')(expr)) }}
{%- endmacro %}

{% macro default__registrable_domain(expr) -%}
  {%- set multi_part_public_suffixes = [
    'co.uk', 'org.uk', 'me.uk', 'ltd.uk', 'plc.uk', 'net.uk', 'ac.uk', 'gov.uk', 'nhs.uk', 'sch.uk',
    'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'id.au',
    'co.nz', 'org.nz', 'net.nz', 'govt.nz', 'ac.nz',
    'com.br', 'net.br', 'org.br', 'gov.br',
    'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp',
    'co.in', 'net.in', 'org.in', 'firm.in', 'gen.in', 'ind.in', 'ac.in', 'gov.in',
    'com.mx', 'org.mx', 'gob.mx',
    'co.za', 'org.za', 'com.sg', 'com.hk', 'com.cn', 'com.tw', 'co.kr', 'com.ar', 'com.tr', 'co.il',
    'com.my', 'co.id', 'com.ph', 'com.vn', 'com.pl', 'com.co', 'com.pe', 'com.ua', 'co.th'
  ] -%}
  {%- set host = url_host(expr) -%}
  {%- set last_two = regex_extract(host, '[a-z0-9-]+\\.[a-z0-9-]+$') -%}
  case
    when {{ regex_contains(host, '^(?:[a-z0-9-]+\\.)+[a-z][a-z0-9-]*$') }}
      then case
        when {{ last_two }} in ('{{ multi_part_public_suffixes | join("', '") }}')
          then {{ regex_extract(host, '[a-z0-9-]+\\.[a-z0-9-]+\\.[a-z0-9-]+$') }}
        else {{ last_two }}
      end
  end
{%- endmacro %}
