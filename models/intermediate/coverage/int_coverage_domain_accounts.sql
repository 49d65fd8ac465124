-- grain: one row per website domain that belongs to exactly one resolved business
{# used to attribute engagement events and unconverted leads to a business by e-mail or web domain #}
with records as (
    select * from {{ ref('int_account_records') }}
),

matches as (
    select * from {{ ref('account_matches') }}
),

domain_accounts as (
    select distinct
        records.domain,
        matches.account_key
    from records
    inner join matches on records.record_key = matches.record_key
    where records.domain is not null
)

select
    domain,
    min(account_key) as account_key
from domain_accounts
group by domain
having count(*) = 1
