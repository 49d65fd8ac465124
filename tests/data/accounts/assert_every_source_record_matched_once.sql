-- fails on every CRM account, provider company or discovery location missing from account_matches
with matches as (
    select * from {{ ref('account_matches') }}
),

source_records as (
    select
        'crm' as source,
        account_id as source_record_id
    from {{ ref('stg_crm__accounts') }}
    union all
    select
        'provider' as source,
        provider_company_id as source_record_id
    from {{ ref('stg_provider__companies') }}
    union all
    select
        'discovery' as source,
        location_id as source_record_id
    from {{ ref('stg_discovery__locations') }}
)

select source_records.*
from source_records
left join matches
    on
        source_records.source = matches.source
        and source_records.source_record_id = matches.source_record_id
where matches.account_key is null
