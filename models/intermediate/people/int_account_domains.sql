-- grain: one row per registrable domain that identifies exactly one resolved business
with records as (
    select * from {{ ref('int_account_records') }}
),

matches as (
    select * from {{ ref('account_matches') }}
),

free_email_domains as (
    select * from {{ ref('free_email_domains') }}
),

record_domains as (
    select
        records.domain,
        matches.account_key
    from records
    inner join matches
        on records.record_key = matches.record_key
    where records.domain is not null
),

domain_accounts as (
    select
        domain,
        min(account_key) as account_key,
        count(distinct account_key) as account_count
    from record_domains
    group by domain
)

select
    domain_accounts.domain,
    domain_accounts.account_key
from domain_accounts
where
    domain_accounts.account_count = 1
    and domain_accounts.domain not in (select free_email_domains.domain from free_email_domains)
