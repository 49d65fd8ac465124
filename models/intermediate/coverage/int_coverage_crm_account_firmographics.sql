-- grain: one row per CRM account id: the firmographic columns the snapshot follows over time
with crm_accounts as (
    select * from {{ ref('stg_crm__accounts') }}
)

select
    account_id,
    owner_id,
    parent_account_id,
    industry,
    employee_count,
    annual_revenue,
    firmographics_verified_at,
    last_modified_at
from crm_accounts
