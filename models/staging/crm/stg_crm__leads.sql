-- grain: one row per CRM lead id (latest CDC version, soft-deleted and quarantined rows excluded)
with leads as (
    select * from {{ ref('base_crm__leads') }}
),

lead_status_map as (
    select * from {{ ref('lead_status_map') }}
)

select
    leads.lead_id,
    leads.first_name,
    leads.last_name,
    leads.full_name_key,
    leads.company_name,
    leads.company_name_key,
    leads.title,
    leads.email,
    leads.email_domain,
    leads.is_free_email,
    leads.is_email_valid,
    leads.phone_raw,
    leads.phone_e164,
    leads.phone_extension,
    leads.is_phone_valid,
    leads.mobile_phone_raw,
    leads.mobile_phone_e164,
    leads.mobile_phone_extension,
    leads.is_mobile_phone_valid,
    leads.website,
    leads.domain,
    leads.street,
    leads.street_key,
    leads.city,
    leads.state_code,
    leads.postal_code,
    leads.country_code,
    leads.industry,
    leads.employee_count,
    leads.lead_source,
    leads.status_raw,
    coalesce(lead_status_map.lead_status, 'unknown') as lead_status,
    lead_status_map.status_order as lead_status_order,
    leads.owner_id,
    leads.is_converted,
    leads.converted_at,
    leads.converted_account_id,
    leads.converted_contact_id,
    leads.converted_opportunity_id,
    leads.created_at,
    leads.last_modified_at
{{ passthrough_columns('crm', 'lead', 'leads') }}
from leads
left join lead_status_map
    on lower(trim(leads.status_raw)) = lead_status_map.raw_status
where leads.quarantine_reason is null and leads.version_rank = 1 and not leads.is_deleted
