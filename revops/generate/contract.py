"""The raw data contract (v1) as Python data.

``CONTRACT`` maps source -> table -> list of ``(column, optional)`` in contract order; ``optional`` is
True for columns marked ``opt`` in the contract (a loader may omit them).  ``OPTIONAL_TABLES`` lists whole
tables that are optional.  ``COLUMN_TYPES`` gives the logical type the generator writes for each column
(``string``, ``timestamp``, ``date``, ``bool``, ``int64``, ``float64``); in parquet these become
``string``, ``timestamp[us, tz=UTC]``, ``date32``, ``bool``, ``int64`` and ``float64``.

This module is the single source of truth for the generator and may be reused by the dbt project tooling;
it must not read ``raw-contract.md`` at run time.
"""

from __future__ import annotations

from typing import Final

ColumnSpec = tuple[str, bool]

_REQ = False
_OPT = True


def _cols(spec: str) -> list[ColumnSpec]:
    """Parse a compact ``"a, b, c (opt)"`` column list into ``(column, optional)`` tuples."""
    out: list[ColumnSpec] = []
    for raw in spec.split(","):
        item = raw.strip()
        if item.endswith("(opt)"):
            out.append((item[: -len("(opt)")].strip(), _OPT))
        else:
            out.append((item, _REQ))
    return out


CONTRACT: Final[dict[str, dict[str, list[ColumnSpec]]]] = {
    "crm": {
        "account": _cols(
            "id, name, website, phone, billing_street, billing_city, billing_state, billing_postal_code, "
            "billing_country, industry, number_of_employees, annual_revenue, type, owner_id, parent_id, "
            "firmographics_verified_at (opt), created_date, last_modified_date, is_deleted"
        ),
        "contact": _cols(
            "id, account_id, first_name, last_name, title, email, phone, mobile_phone, lead_source, "
            "owner_id, created_date, last_modified_date, is_deleted"
        ),
        "lead": _cols(
            "id, first_name, last_name, company, title, email, phone, mobile_phone, website, street, city, "
            "state, postal_code, country, industry, number_of_employees, lead_source, status, owner_id, "
            "is_converted, converted_date, converted_account_id, converted_contact_id, "
            "converted_opportunity_id, created_date, last_modified_date, is_deleted"
        ),
        "lead_history": _cols("id, lead_id, field, old_value, new_value, created_date"),
        "opportunity": _cols(
            "id, account_id, name, stage_name, amount, currency_iso_code (opt), close_date, is_closed, "
            "is_won, lead_source, campaign_id, owner_id, type, created_date, last_modified_date, is_deleted"
        ),
        "opportunity_history": _cols("id, opportunity_id, stage_name, amount, close_date, created_date"),
        "opportunity_contact_role": _cols("id, opportunity_id, contact_id, role, is_primary, created_date"),
        "task": _cols(
            "id, who_id, what_id, owner_id, type, subject, status, call_disposition, "
            "call_duration_in_seconds, dialed_number (opt), activity_date, created_date, is_deleted"
        ),
        "user": _cols("id, name, email, department, user_role, time_zone_sid_key, is_active"),
        "campaign": _cols(
            "id, name, type, status, start_date, end_date, budgeted_cost, actual_cost, created_date"
        ),
        "campaign_member": _cols(
            "id, campaign_id, lead_id, contact_id, status, has_responded, first_responded_date, created_date"
        ),
    },
    "provider": {
        "companies": _cols(
            "provider_company_id, name, domain, phone, street, city, state, postal_code, country, industry, "
            "naics_code, employee_count, annual_revenue, linkedin_url, last_verified_at"
        ),
        "contacts": _cols(
            "provider_contact_id, provider_company_id, first_name, last_name, title, seniority, department, "
            "email, direct_dial, mobile_phone, linkedin_url, last_verified_at"
        ),
    },
    "discovery": {
        "locations": _cols(
            "location_id, business_name, brand, street, city, state, postal_code, country, phone, website, "
            "category, naics_code, employee_estimate, latitude, longitude, first_seen_at, last_verified_at"
        ),
        "decision_makers": _cols(
            "decision_maker_id, location_id, full_name, role, mobile_phone, email, source, last_verified_at"
        ),
    },
    "engagement": {
        "web_sessions": _cols(
            "session_id, anonymous_id, email (opt), company_domain, landing_page, page_category, "
            "pages_viewed, utm_source, utm_medium, utm_campaign, started_at"
        ),
        "email_events": _cols("event_id, email, campaign_id, event_type, occurred_at"),
        "form_submissions": _cols(
            "submission_id, email, first_name, last_name, company, phone, form_type, page_url, utm_source, "
            "utm_medium, utm_campaign, submitted_at"
        ),
        "ad_clicks": _cols(
            "click_id, platform, campaign_name, utm_source, utm_medium, utm_campaign, company_domain, "
            "email (opt), clicked_at"
        ),
    },
}

OPTIONAL_TABLES: Final[frozenset[tuple[str, str]]] = frozenset({("crm", "opportunity_contact_role")})

_TIMESTAMP_COLUMNS: Final[frozenset[str]] = frozenset(
    {
        "firmographics_verified_at",
        "created_date",
        "last_modified_date",
        "converted_date",
        "last_verified_at",
        "first_seen_at",
        "first_responded_date",
        "started_at",
        "occurred_at",
        "submitted_at",
        "clicked_at",
    }
)
_DATE_COLUMNS: Final[frozenset[str]] = frozenset({"close_date", "activity_date", "start_date", "end_date"})
_BOOL_COLUMNS: Final[frozenset[str]] = frozenset(
    {"is_deleted", "is_converted", "is_closed", "is_won", "is_primary", "is_active", "has_responded"}
)
_INT_COLUMNS: Final[frozenset[str]] = frozenset(
    {
        "number_of_employees",
        "employee_count",
        "employee_estimate",
        "call_duration_in_seconds",
        "pages_viewed",
    }
)
_FLOAT_COLUMNS: Final[frozenset[str]] = frozenset(
    {"annual_revenue", "amount", "budgeted_cost", "actual_cost", "latitude", "longitude"}
)


def column_type(column: str) -> str:
    """Logical type of a contract column (same name -> same type across tables)."""
    if column in _TIMESTAMP_COLUMNS:
        return "timestamp"
    if column in _DATE_COLUMNS:
        return "date"
    if column in _BOOL_COLUMNS:
        return "bool"
    if column in _INT_COLUMNS:
        return "int64"
    if column in _FLOAT_COLUMNS:
        return "float64"
    return "string"


COLUMN_TYPES: Final[dict[str, dict[str, dict[str, str]]]] = {
    source: {table: {col: column_type(col) for col, _ in cols} for table, cols in tables.items()}
    for source, tables in CONTRACT.items()
}


def table_names() -> list[tuple[str, str]]:
    """All ``(source, table)`` pairs in contract order."""
    return [(source, table) for source, tables in CONTRACT.items() for table in tables]
