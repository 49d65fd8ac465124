-- grain: one row per person: every CRM contact, and every lead not converted into a staged contact
with leads as (
    select * from {{ ref('stg_crm__leads') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

matches as (
    select * from {{ ref('account_matches') }}
),

account_domains as (
    select * from {{ ref('int_account_domains') }}
),

crm_accounts as (
    select
        source_record_id as account_id,
        account_key
    from matches
    where source = 'crm'
),

{# a contact may come from several converted leads: the earliest one is the person's origin #}
converted_leads as (
    select
        leads.converted_contact_id as contact_id,
        leads.lead_id,
        leads.created_at,
        leads.lead_source,
        row_number() over (
            partition by leads.converted_contact_id
            order by leads.created_at, leads.lead_id
        ) as lead_rank
    from leads
    inner join contacts
        on leads.converted_contact_id = contacts.contact_id
    where leads.is_converted
),

contact_people as (
    select
        'contact:' || contacts.contact_id as person_id,
        'contact' as person_type,
        contacts.contact_id,
        converted_leads.lead_id,
        contacts.first_name,
        contacts.last_name,
        contacts.full_name_key,
        contacts.title,
        contacts.email,
        contacts.email_domain,
        contacts.is_free_email,
        contacts.phone_e164,
        contacts.mobile_phone_e164,
        coalesce(converted_leads.lead_source, contacts.lead_source) as lead_source,
        contacts.owner_id,
        cast(null as {{ dbt.type_string() }}) as lead_status,
        contacts.account_id as crm_account_id,
        cast(null as {{ dbt.type_string() }}) as website_domain,
        case
            when converted_leads.created_at < contacts.created_at then converted_leads.created_at
            else contacts.created_at
        end as created_at
    from contacts
    left join converted_leads
        on
            contacts.contact_id = converted_leads.contact_id
            and converted_leads.lead_rank = 1
),

lead_people as (
    select
        'lead:' || leads.lead_id as person_id,
        'lead' as person_type,
        cast(null as {{ dbt.type_string() }}) as contact_id,
        leads.lead_id,
        leads.first_name,
        leads.last_name,
        leads.full_name_key,
        leads.title,
        leads.email,
        leads.email_domain,
        leads.is_free_email,
        leads.phone_e164,
        leads.mobile_phone_e164,
        leads.lead_source,
        leads.owner_id,
        leads.lead_status,
        leads.converted_account_id as crm_account_id,
        leads.domain as website_domain,
        leads.created_at
    from leads
    {# an anti join (`not exists`), not `not in`: Spark plans a `not in` over a table too large to broadcast as
       a nested loop (1.1M leads x 1.9M contacts at 1M accounts), PostgreSQL one beyond work_mem likewise #}
    where not exists (
        select 1 from contacts
        where contacts.contact_id = leads.converted_contact_id
    )
),

people as (
    select * from contact_people
    union all
    select * from lead_people
)

select
    people.person_id,
    people.person_type,
    people.contact_id,
    people.lead_id,
    people.first_name,
    people.last_name,
    people.full_name_key,
    people.title,
    people.email,
    people.email_domain,
    people.is_free_email,
    people.phone_e164,
    people.mobile_phone_e164,
    people.lead_source,
    people.owner_id,
    people.lead_status,
    people.created_at,
    people.crm_account_id,
    coalesce(
        crm_accounts.account_key, website_accounts.account_key, email_accounts.account_key
    ) as account_key,
    case
        when crm_accounts.account_key is not null and people.person_type = 'contact' then 'crm_account'
        when crm_accounts.account_key is not null then 'lead_conversion'
        when website_accounts.account_key is not null then 'website_domain'
        when email_accounts.account_key is not null then 'email_domain'
    end as account_attach_method
from people
left join crm_accounts
    on people.crm_account_id = crm_accounts.account_id
left join account_domains as website_accounts
    on people.website_domain = website_accounts.domain
left join account_domains as email_accounts
    on
        people.email_domain = email_accounts.domain
        and not coalesce(people.is_free_email, false)
