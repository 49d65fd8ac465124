"""Synthetic data generator for the revops project.

Usage::

    python -m revops.generate --accounts N --seed S --out RAW_DIR --truth TRUTH_DIR \\
        [--format parquet|csv] [--no-progress] [--workers K]

``--accounts`` is the number of true businesses in the market; every table scales with it.  The universe is
generated in fixed-size chunks of 25,000 businesses (``runner.CHUNK_SIZE``), each seeded from
``SeedSequence([seed, chunk_index, stage])``, vectorised with numpy/pyarrow and appended to one file per
table, so memory stays flat and the same ``N`` + seed always gives byte-identical files (also for any
``--workers``).  No wall-clock time is used: all timestamps derive from the fixed as-of instant
2026-11-30T00:00:00Z (``core.AS_OF_US``); activity spans the two years before it.

Raw output (``RAW_DIR/<source>/<table>.parquet`` or ``.csv``) follows ``contract.CONTRACT`` exactly: sources
``crm``, ``provider``, ``discovery`` and ``engagement``.  Parquet types: ids/strings ``string``, timestamps
``timestamp[us, tz=UTC]``, dates ``date32``, booleans ``bool``, counts ``int64``, amounts ``float64``.  CSV
timestamps are ISO-8601 UTC strings (``2026-01-31T14:05:00Z``).

Like real exports, the raw tables hold a few unusable rows for the staging quarantine (``defects``): about
0.2% extra rows (at least one per chunk) in crm.contact, crm.lead, crm.task, engagement.web_sessions,
engagement.form_submissions and engagement.ad_clicks with a blank id (``''``, ``'   '`` or null), in
engagement.email_events with a blank email, and in crm.lead_history, discovery.decision_makers and
provider.contacts with a null lead_id, location_id or provider_company_id.  Each is a copy of a real row of
the table (the ones missing a parent key or email get a fresh id that no real row has), so every real
record stays intact; planted rows appear in no ground-truth table but ``planted_defects``.

Ground truth (``TRUTH_DIR/<name>.parquet``; read by tests and benchmarks only, never by models):

``businesses``
    business_id, segment_family (linkedin_native | local), segment, name, domain (null without website),
    phone_e164, street (canonical long form), city, state, postal_code, country, industry, naics_code,
    employee_count, annual_revenue (true current values), brand (franchises), operator_business_id (the
    business itself when it operates several locations, else null), n_locations, shares_address_with (the
    business whose building/switchboard it shares), has_website, time_zone.
``people``
    person_id, business_id, full_name, first_name, last_name, title, is_decision_maker, true_mobile_e164,
    direct_dial_e164, work_email, personal_email, has_linkedin.
``record_links``
    source, table, record_id, business_id, person_id: the true business (and person, for person-level
    tables) behind every record of crm.account/contact/lead, provider.companies/contacts and
    discovery.locations/decision_makers (each id once, although CDC duplicates repeat it in the raw table).
``phone_claims``
    source, table, record_id, column (phone | mobile_phone | direct_dial), person_id (null for company
    and location phones), claimed_e164, number_type (office | direct | mobile | wrong), is_correct.
``crm_account_firmographics``
    record_id, business_id, account_kind (primary | duplicate | location_child), verified_at,
    crm_employee_count, crm_industry, crm_annual_revenue (true at verified_at), true_employee_count,
    true_industry, true_annual_revenue (now), employee_count_stale, industry_stale, annual_revenue_stale,
    is_stale (any non-null CRM value differs from the truth).
``lead_truth``
    lead_id, person_id, business_id, intent, n_web_sessions, n_pricing_sessions, n_email_clicks,
    has_high_intent_form, n_content_forms, is_mql, mql_at, first_follow_up_at, follow_up_delay_hours,
    is_sal, is_sql, sql_at, is_converted.
``call_truth``
    task_id, person_id, business_id, is_decision_maker, dialed_e164, number_type, call_disposition: what
    each logged call really dialled.
``planted_defects``
    source, table, defect, rows: how many unusable rows were planted per raw table; ``defect`` is the dbt
    ``quarantine_reason`` they must get (missing id | missing email | missing lead_id | missing location_id |
    missing provider_company_id).  One row per planted kind (the ten tables above), zero counts included.

Modules: ``contract`` (the raw contract as data), ``vocab`` (word lists), ``core`` (ids, strings, phones,
time), ``universe`` (true businesses, locations, people), ``funnel`` (causal lead funnel), ``crm``,
``engagement``, ``thirdparty`` (provider and discovery), ``defects`` (planted unusable rows), ``chunk`` (one
chunk end to end), ``tables`` and ``writer`` (schemas, CDC duplication, sinks), ``runner`` (chunking and
progress), ``__main__`` (CLI).
"""
