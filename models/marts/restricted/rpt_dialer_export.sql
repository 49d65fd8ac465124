-- grain: one row per decision-maker record (CRM contact, provider contact, discovery decision-maker) with a usable mobile
{#
  The restricted export for the sales dialer: the only mart with raw decision-maker mobiles. It lives in the
  `restricted` schema, is granted to the dialer's role only on server targets, and is no exposure's parent.
  BI-facing marts carry masked numbers or mobile_hash (the same salted hash) instead.
#}
with contact_points as (
    select * from {{ ref('int_coverage_contact_points') }}
),

contact_records as (
    select * from {{ ref('int_coverage_contact_records') }}
),

coverage_accounts as (
    select * from {{ ref('int_coverage_accounts') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

usable_mobiles as (
    select
        record_key,
        source,
        account_key,
        person_key,
        phone_e164,
        last_verified_at
    from contact_points
    where number_type = 'mobile' and is_usable and is_decision_maker
)

select
    usable_mobiles.record_key,
    usable_mobiles.source,
    usable_mobiles.account_key,
    accounts.account_name,
    coverage_accounts.segment,
    coverage_accounts.owner_id,
    usable_mobiles.person_key,
    contact_records.title,
    contact_records.role_class,
    usable_mobiles.phone_e164 as mobile_e164,
    {{ pii_hash('usable_mobiles.phone_e164') }} as mobile_hash,
    usable_mobiles.last_verified_at
from usable_mobiles
inner join contact_records
    on usable_mobiles.record_key = contact_records.record_key
left join coverage_accounts
    on usable_mobiles.account_key = coverage_accounts.account_key
left join accounts
    on usable_mobiles.account_key = accounts.account_key
