-- grain: one row per CRM contact or lead, with the resolved business it is attributed to
{#
  Each CRM contact and lead record as itself (calls are logged on the record, and the dialled number is
  compared with that record's own mobile and phone): a contact belongs to the business of its account; a
  lead to the business of the account it converted into, else to the business whose website domain is its
  (non-personal) e-mail domain, else its website's domain (domains from int_account_domains, as in
  int_people).
#}
with contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

matches as (
    select * from {{ ref('account_matches') }}
),

domain_accounts as (
    select * from {{ ref('int_account_domains') }}
)

select
    'contact' as person_type,
    contacts.contact_id as person_id,
    matches.account_key,
    contacts.full_name_key,
    contacts.title,
    case when contacts.is_mobile_phone_valid then contacts.mobile_phone_e164 end as mobile_e164,
    case when contacts.is_phone_valid then contacts.phone_e164 end as phone_e164
from contacts
left join matches on contacts.account_id = matches.source_record_id and matches.source = 'crm'

union all

select
    'lead' as person_type,
    leads.lead_id as person_id,
    coalesce(converted.account_key, by_email.account_key, by_website.account_key) as account_key,
    leads.full_name_key,
    leads.title,
    case when leads.is_mobile_phone_valid then leads.mobile_phone_e164 end as mobile_e164,
    case when leads.is_phone_valid then leads.phone_e164 end as phone_e164
from leads
left join matches as converted
    on leads.converted_account_id = converted.source_record_id and converted.source = 'crm'
left join domain_accounts as by_email
    on leads.email_domain = by_email.domain and not coalesce(leads.is_free_email, true)
left join domain_accounts as by_website on leads.domain = by_website.domain
