-- grain: one row per discovery decision-maker id (latest verified version, quarantined rows excluded)
with decision_makers as (
    select * from {{ ref('base_discovery__decision_makers') }}
)

select
    decision_maker_id,
    location_id,
    full_name,
    full_name_key,
    role,
    mobile_phone_raw,
    mobile_phone_e164,
    mobile_phone_extension,
    is_mobile_phone_valid,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    source,
    last_verified_at
{{ passthrough_columns('discovery', 'decision_makers') }}
from decision_makers
where quarantine_reason is null and version_rank = 1
