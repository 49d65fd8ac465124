-- grain: one row per identifier (lead id, contact id or email) that leads to a person
with people as (
    select * from {{ ref('int_people') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

{# every lead, converted or not: a converted lead belongs to the contact it became #}
lead_ids as (
    select
        'lead_id' as identifier_type,
        leads.lead_id as identifier,
        coalesce(contact_people.person_id, lead_people.person_id) as person_id
    from leads
    left join people as contact_people
        on leads.converted_contact_id = contact_people.contact_id
    left join people as lead_people
        on leads.lead_id = lead_people.lead_id and lead_people.person_type = 'lead'
),

contact_ids as (
    select
        'contact_id' as identifier_type,
        contact_id as identifier,
        person_id
    from people
    where contact_id is not null
),

{# a converted lead's own address also leads to the contact it became (marketing keeps mailing it) #}
email_candidates as (
    select
        email,
        person_id,
        person_type,
        created_at,
        0 as source_rank
    from people
    where email is not null
    union all
    select
        leads.email,
        lead_ids.person_id,
        'contact' as person_type,
        leads.created_at,
        1 as source_rank
    from leads
    inner join lead_ids
        on leads.lead_id = lead_ids.identifier
    where leads.is_converted and leads.email is not null
),

{# one person per email: a person's own address first, a contact before a lead, then the most recently created #}
ranked_emails as (
    select
        email,
        person_id,
        row_number() over (
            partition by email
            order by
                source_rank asc,
                case when person_type = 'contact' then 0 else 1 end asc,
                created_at desc,
                person_id asc
        ) as email_rank
    from email_candidates
),

emails as (
    select
        'email' as identifier_type,
        email as identifier,
        person_id
    from ranked_emails
    where email_rank = 1
)

select * from lead_ids
where person_id is not null
union all
select * from contact_ids
union all
select * from emails
