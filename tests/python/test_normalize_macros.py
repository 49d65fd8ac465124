"""The normalisation macros (macros/normalize) against independent Python oracles.

dbt renders every macro once per module (`dbt compile --inline`, in a scratch project that holds copies of
the project's macros and seeds, so that models being edited elsewhere cannot break it). The compiled SQL
then runs on in-memory DuckDB over a few hundred seeded random inputs per macro, and each result is
compared with an oracle that does not share the macro's code: the `phonenumbers` library for phones,
`urllib.parse` for hosts, `email.headerregistry` and plain string checks for emails, `datetime` for time
stamps, and token-based Python re-implementations for the name, street and state keys.
"""

from __future__ import annotations

import csv
import random
import re
import shutil
import string
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from email.headerregistry import Address
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb
import pytest
import yaml
from dbt.cli.main import dbtRunner

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CASES = 400

# Output column -> macro call on the input table's columns: v (text), n (bigint), ts (timestamp),
# tstz (timestamptz), b (boolean).
EXPRESSIONS = {
    "phone_e164": "{{ phone_e164('v') }}",
    "phone_extension": "{{ phone_extension('v') }}",
    "phone_is_valid": "{{ phone_is_valid('v') }}",
    "email_normalized": "{{ email_normalized('v') }}",
    "email_is_valid": "{{ email_is_valid('v') }}",
    "email_domain": "{{ email_domain('v') }}",
    "is_free_email_domain": "{{ is_free_email_domain('v') }}",
    "registrable_domain": "{{ registrable_domain('v') }}",
    "company_name_key": "{{ company_name_key('v') }}",
    "person_name_clean": "{{ person_name_clean('v') }}",
    "person_name_key": "{{ person_name_key('v') }}",
    "zip5": "{{ zip5('v') }}",
    "zip5_of_number": "{{ zip5('n') }}",
    "state_code": "{{ state_code('v') }}",
    "street_key": "{{ street_key('v') }}",
    "street_key_default": "{{ default__street_key('v') }}",
    "to_utc_timestamp": "{{ to_utc_timestamp('v') }}",
    "to_utc_timestamp_of_timestamp": "{{ to_utc_timestamp('ts') }}",
    "to_utc_timestamp_of_timestamptz": "{{ to_utc_timestamp('tstz') }}",
    "to_date": "{{ to_date('v') }}",
    "to_date_of_timestamp": "{{ to_date('ts') }}",
    "to_boolean": "{{ to_boolean('v') }}",
    "to_boolean_of_boolean": "{{ to_boolean('b') }}",
    "to_boolean_of_number": "{{ to_boolean('n') }}",
    "to_number_decimal": "{{ to_number('v', 'decimal(18, 2)') }}",
    "to_number_integer": "{{ to_number('v', 'integer') }}",
    "safe_cast_integer": "{{ dbt.safe_cast('v', api.Column.translate_type('integer')) }}",
}
INPUT_COLUMNS = {"v": "varchar", "n": "bigint", "ts": "timestamp", "tstz": "timestamptz", "b": "boolean"}


def _write_scratch_project(root: Path) -> None:
    """A project named revops with copies of the normalisation macros and the reference seeds.

    Copies, not links or absolute paths: dbt writes compiled files under target/ by each node's path.
    """
    shutil.copytree(PROJECT_ROOT / "macros" / "normalize", root / "macros" / "normalize")
    shutil.copytree(PROJECT_ROOT / "macros" / "adapters", root / "macros" / "adapters")
    shutil.copytree(PROJECT_ROOT / "macros" / "tests", root / "macros" / "tests")
    shutil.copytree(PROJECT_ROOT / "seeds" / "reference", root / "seeds" / "reference")
    project_vars = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text()).get("vars", {})
    (root / "models").mkdir(exist_ok=True)
    (root / "dbt_project.yml").write_text(
        yaml.safe_dump(
            {
                "name": "revops",
                "version": "0.1.0",
                "config-version": 2,
                "profile": "revops",
                "macro-paths": ["macros"],
                "seed-paths": ["seeds"],
                "model-paths": ["models"],
                "flags": {"send_anonymous_usage_stats": False},
                "vars": project_vars,
            }
        )
    )


def _write_profile(root: Path, database: str) -> None:
    (root / "profiles.yml").write_text(
        yaml.safe_dump(
            {
                "revops": {
                    "target": "duckdb",
                    "outputs": {
                        "duckdb": {
                            "type": "duckdb",
                            "path": database,
                            "schema": "main",
                            "threads": 1,
                            "settings": {"TimeZone": "UTC"},
                        }
                    },
                }
            }
        )
    )


def _dbt(root: Path, *args: str):
    return dbtRunner().invoke(
        [
            *args,
            "--project-dir",
            str(root),
            "--profiles-dir",
            str(root),
            "--target",
            "duckdb",
            "--target-path",
            str(root / "target"),
            "--log-path",
            str(root / "logs"),
            "--no-partial-parse",
            "--quiet",
        ]
    )


@dataclass(frozen=True)
class Compiled:
    sql: str

    def run(
        self, output: str, values: Iterable[Any], input_column: str = "v", time_zone: str = "UTC"
    ) -> list:
        """The output column for each input value, in order, with the session in `time_zone`."""
        values = list(values)
        with duckdb.connect() as con:
            con.execute(f"set TimeZone = '{time_zone}'")
            with (PROJECT_ROOT / "seeds" / "reference" / "free_email_domains.csv").open() as f:
                domains = [row["domain"] for row in csv.DictReader(f)]
            con.execute("create table free_email_domains (domain varchar)")
            con.executemany("insert into free_email_domains values (?)", [(d,) for d in domains])
            columns = ", ".join(f"{name} {type_}" for name, type_ in INPUT_COLUMNS.items())
            con.execute(f"create table normalize_inputs (id integer, {columns})")
            rows = [
                (i, *[value if name == input_column else None for name in INPUT_COLUMNS])
                for i, value in enumerate(values)
            ]
            if rows:
                con.executemany(f"insert into normalize_inputs values (?{', ?' * len(INPUT_COLUMNS)})", rows)
            result = con.execute(f"select id, {output} from ({self.sql}) as compiled order by id").fetchall()
        return [value for _, value in result]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    root = tmp_path_factory.mktemp("normalize_project")
    _write_scratch_project(root)
    _write_profile(root, ":memory:")
    inline = "select id,\n" + ",\n".join(f"{call} as {name}" for name, call in EXPRESSIONS.items())
    result = _dbt(root, "compile", "--inline", inline + "\nfrom normalize_inputs")
    assert result.success, result.exception
    return Compiled(result.result.results[0].node.compiled_code)


def _compare(
    compiled: Compiled,
    output: str,
    cases: list[Any],
    oracle: Callable[[Any], Any],
    input_column: str = "v",
    time_zone: str = "UTC",
) -> None:
    actual = compiled.run(output, cases, input_column, time_zone)
    mismatches = [
        (case, expected, got)
        for case, got in zip(cases, actual, strict=True)
        if (expected := oracle(case)) != got
    ]
    assert not mismatches, f"{output}: {len(mismatches)} of {len(cases)} differ, e.g. " + "; ".join(
        f"{case!r}: expected {expected!r}, got {got!r}" for case, expected, got in mismatches[:8]
    )


def _spaces(rng: random.Random) -> str:
    return rng.choice(["", "", " ", "  "])


def _random_case(rng: random.Random, text: str) -> str:
    return "".join(c.upper() if rng.random() < 0.3 else c for c in text)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# --- phones -------------------------------------------------------------------------------------------

PHONE_FORMATS = [
    "{a}{e}{l}",
    "{a}-{e}-{l}",
    "({a}) {e}-{l}",
    "({a}){e}-{l}",
    "{a}.{e}.{l}",
    "{a} {e} {l}",
    "{a}/{e}-{l}",
    "1-{a}-{e}-{l}",
    "1 ({a}) {e} {l}",
    "1{a}{e}{l}",
    "+1 {a} {e} {l}",
    "+1 ({a}) {e}-{l}",
    "+1{a}{e}{l}",
    "+1-{a}-{e}-{l}",
    "+1.{a}.{e}.{l}",
]
EXTENSION_FORMATS = [
    " x{x}",
    "x{x}",
    " X{x}",
    " ext. {x}",
    " ext {x}",
    " Ext: {x}",
    " extension {x}",
    " extn {x}",
    " #{x}",
    ";ext={x}",
]
FOREIGN_NUMBERS = [
    "+44 20 7946 {4}",
    "+49 30 123{4}",
    "+33 1 23 45 {2} {2}",
    "+61 2 9876 {4}",
    "+81 3 1234 {4}",
    "+91 98765 4{4}",
    "+52 55 1234 {4}",
    "+44 (0) 20 7946 {4}",
]


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


@dataclass(frozen=True)
class PhoneCase:
    raw: str | None
    valid: bool  # by construction, under the documented rules
    extension: str | None


def _phone_cases(rng: random.Random) -> list[PhoneCase]:
    cases = [PhoneCase(None, False, None), PhoneCase("", False, None), PhoneCase("   ", False, None)]
    while len(cases) < CASES:
        extension = _digits(rng, rng.randint(1, 6)) if rng.random() < 0.3 else None
        suffix = rng.choice(EXTENSION_FORMATS).format(x=extension) if extension else ""
        kind = rng.choices(
            ["national", "foreign", "short", "bad_area", "letters", "seven"], [10, 3, 2, 2, 2, 1]
        )[0]
        if kind == "foreign":
            template = rng.choice(FOREIGN_NUMBERS)
            raw = re.sub(r"\{(\d)\}", lambda m: _digits(rng, int(m.group(1))), template)
            cases.append(PhoneCase(_spaces(rng) + raw + suffix, True, extension))
            continue
        area = rng.choice("23456789") + _digits(rng, 2)
        exchange, line = _digits(rng, 3), _digits(rng, 4)
        if kind == "bad_area":
            area = rng.choice("01") + area[1:]
        elif kind == "short":
            line = line[: rng.randint(1, 3)]
        elif kind == "letters":
            line = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
        if kind == "seven":
            raw = rng.choice(["{e}-{l}", "{e}{l}", "{e} {l}"]).format(e=exchange, l=line)
        else:
            raw = rng.choice(PHONE_FORMATS).format(a=area, e=exchange, l=line)
        cases.append(PhoneCase(_spaces(rng) + raw + suffix + _spaces(rng), kind == "national", extension))
    return cases


def test_phone_e164_and_extension_match_phonenumbers(compiled: Compiled) -> None:
    phonenumbers = pytest.importorskip("phonenumbers")
    cases = _phone_cases(random.Random(20241201))

    def expected_e164(case: PhoneCase) -> str | None:
        if not case.valid:
            return None
        parsed = phonenumbers.parse(case.raw, "US")
        assert phonenumbers.is_possible_number(parsed), case.raw
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    def expected_extension(case: PhoneCase) -> str | None:
        if case.valid:
            return phonenumbers.parse(case.raw, "US").extension
        return case.extension

    raws = [case.raw for case in cases]
    by_raw = {case.raw: case for case in cases}
    _compare(compiled, "phone_e164", raws, lambda raw: expected_e164(by_raw[raw]))
    _compare(compiled, "phone_extension", raws, lambda raw: expected_extension(by_raw[raw]))
    _compare(
        compiled,
        "phone_is_valid",
        raws,
        lambda raw: None if raw is None or not raw.strip() else by_raw[raw].valid,
    )


# --- emails -------------------------------------------------------------------------------------------

LOCAL_CHARS = string.ascii_letters + string.digits + "._%+-'"
BAD_LOCAL_CHARS = '"(),:;<>[]\\!é'
EMAIL_LOCAL_ALLOWED = set(string.ascii_lowercase + string.digits + "_%+-'")
LABEL_ALLOWED = set(string.ascii_lowercase + string.digits + "-")


def email_oracle(raw: str | None) -> str | None:
    """The normalised address, or None: plain string checks of each part, no regex."""
    if raw is None:
        return None
    address = "".join(raw.split()).lower()
    if address.count("@") != 1:
        return None
    local, domain = address.split("@")
    if not local or any(not part or not set(part) <= EMAIL_LOCAL_ALLOWED for part in local.split(".")):
        return None
    labels = domain.split(".")
    if len(labels) < 2 or any(
        not label or not set(label) <= LABEL_ALLOWED or label[0] == "-" or label[-1] == "-"
        for label in labels
    ):
        return None
    if len(labels[-1]) < 2 or not labels[-1].isascii() or not labels[-1].isalpha():
        return None
    parsed = Address(addr_spec=address)  # Python's own parser agrees on the parts of every valid address
    assert (parsed.username, parsed.domain) == (local, domain), address
    return address


def _email_cases(rng: random.Random) -> list[str | None]:
    cases: list[str | None] = [None, "", "   "]
    while len(cases) < CASES:
        local = "".join(rng.choice(LOCAL_CHARS) for _ in range(rng.randint(1, 12)))
        if rng.random() < 0.1:
            local = local + rng.choice(BAD_LOCAL_CHARS)
        labels = [
            "".join(
                rng.choice(string.ascii_lowercase + string.digits + "-") for _ in range(rng.randint(1, 8))
            )
            for _ in range(rng.randint(1, 3))
        ]
        tld = rng.choice(["com", "org", "io", "co", "uk", "c", "c0m", "museum", "x1", ""])
        address = local + rng.choice(["@"] * 12 + ["", "@@"]) + ".".join([*labels, tld])
        if rng.random() < 0.1:
            address = address.replace(".", "..", 1)
        if rng.random() < 0.2:
            position = rng.randint(0, len(address))
            address = address[:position] + rng.choice([" ", "\t"]) + address[position:]
        cases.append(_spaces(rng) + _random_case(rng, address) + _spaces(rng))
    return cases


def test_email_macros_match_string_checks(compiled: Compiled) -> None:
    cases = _email_cases(random.Random(20241202))
    assert sum(email_oracle(case) is not None for case in cases) > CASES // 4, "too few valid cases generated"
    _compare(compiled, "email_normalized", cases, email_oracle)
    _compare(
        compiled,
        "email_is_valid",
        cases,
        lambda raw: None if raw is None or not raw.strip() else email_oracle(raw) is not None,
    )
    _compare(
        compiled,
        "email_domain",
        cases,
        lambda raw: None if email_oracle(raw) is None else email_oracle(raw).split("@")[1],
    )


def test_is_free_email_domain(compiled: Compiled) -> None:
    with (PROJECT_ROOT / "seeds" / "reference" / "free_email_domains.csv").open() as f:
        free = {row["domain"] for row in csv.DictReader(f)}
    assert {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "comcast.net"} <= free
    cases = [
        None,
        "",
        "example.com",
        "mail.gmail.com",
        *sorted(free),
        *(f" {d.upper()} " for d in sorted(free)),
    ]
    _compare(
        compiled, "is_free_email_domain", cases, lambda d: None if d is None else d.strip().lower() in free
    )


# --- domains ------------------------------------------------------------------------------------------

ORACLE_MULTI_PART_SUFFIXES = {"co.uk", "org.uk", "com.au", "co.jp", "co.nz", "com.br"}


def domain_oracle(raw: str | None) -> str | None:
    """The registrable domain by urllib.parse's idea of the host."""
    if raw is None:
        return None
    text = raw.strip().lower()
    host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    host = host.removesuffix(".")
    labels = host.split(".")
    if (
        len(labels) < 2
        or any(not label or not set(label) <= LABEL_ALLOWED for label in labels)
        or not labels[-1][0].isalpha()
    ):
        return None
    if ".".join(labels[-2:]) in ORACLE_MULTI_PART_SUFFIXES:
        return ".".join(labels[-3:]) if len(labels) >= 3 else None
    return ".".join(labels[-2:])


def _domain_cases(rng: random.Random) -> list[str | None]:
    cases: list[str | None] = [
        None,
        "",
        "  ",
        "n/a",
        "none",
        "N/A",
        "localhost",
        "co.uk",
        "192.168.1.20",
        "http://10.0.0.1:8080/x",
    ]
    while len(cases) < CASES:
        # at least 4 characters, so that a base never forms a multi-part suffix only the macro knows ('me.uk')
        base = "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(rng.randint(4, 10)))
        if rng.random() < 0.2:
            base = base + "-" + rng.choice(["shop", "co", "labs"])
        prefix = rng.choice(["", "", "www.", "www2.", "shop.", "a.b.", "mail."])
        suffix = rng.choice(["com", "org", "io", "net", "de", "uk", "co.uk", "org.uk", "com.au", "co.jp"])
        host = prefix + base + "." + suffix
        if rng.random() < 0.05:
            host = host + "."
        text = rng.choice(
            [
                "{h}",
                "{h}",
                "http://{h}",
                "https://{h}/",
                "HTTPS://{h}/path/to?q=1#frag",
                "//{h}/lib.js",
                "{h}:8080",
                "http://{h}:443/x",
                "http://user:pw@{h}/",
                "someone@{h}",
                "mailto:jane@{h}",
                "{h}/about",
                "{h}?utm_source=x",
                "{h}#top",
            ]
        ).format(h=host)
        if rng.random() < 0.1:  # damaged: a space, a non-ASCII letter, an empty label or no dot at all
            text = rng.choice(
                [
                    text.replace(".", " ", 1),
                    text.replace(base, base + "é"),
                    text.replace(".", "..", 1),
                    base,
                    "." + host,
                    f"{rng.randint(1, 255)}.{rng.randint(0, 255)}.0.1",
                ]
            )
        cases.append(_spaces(rng) + _random_case(rng, text) + _spaces(rng))
    return cases


def test_registrable_domain_matches_urllib(compiled: Compiled) -> None:
    _compare(compiled, "registrable_domain", _domain_cases(random.Random(20241203)), domain_oracle)


# --- names --------------------------------------------------------------------------------------------

LEGAL_FORMS = {
    tuple(form.split())
    for form in [
        "inc",
        "incorporated",
        "llc",
        "l l c",
        "ltd",
        "limited",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "llp",
        "l l p",
        "pllc",
        "p l l c",
        "pc",
        "p c",
        "lp",
        "l p",
        "gmbh",
        "pty",
        "pte",
        "bv",
        "nv",
        "sa",
        "sarl",
        "srl",
        "ag",
    ]
}
APOSTROPHES = set("'‘’`")


def _words(text: str, dropped: set[str]) -> list[str]:
    """Accents removed, lowercased, `dropped` characters deleted, split on anything outside [a-z0-9]."""
    words, current = [], ""
    for char in _strip_accents(text).lower():
        if char in dropped:
            continue
        if char.isascii() and char.isalnum():
            current += char
        else:
            words, current = (words + [current] if current else words), ""
    return words + [current] if current else words


def _only_legal_forms(words: list[str]) -> bool:
    if not words:
        return True
    return any(
        tuple(words[: len(form)]) == form and _only_legal_forms(words[len(form) :]) for form in LEGAL_FORMS
    )


def company_key_oracle(raw: str | None) -> str | None:
    if raw is None:
        return None
    words = _words(raw.replace("&", " and "), APOSTROPHES)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    # cut at the first word from which everything left is legal forms, optionally led by one 'and'
    for start in range(len(words)):
        tail = words[start:]
        if tail and (
            _only_legal_forms(tail) or (tail[0] == "and" and len(tail) > 1 and _only_legal_forms(tail[1:]))
        ):
            words = words[:start]
            break
    return " ".join(words) or None


COMPANY_WORDS = [
    "acme",
    "smith",
    "sons",
    "global",
    "pizza",
    "joe's",
    "o'neil",
    "café",
    "déjà",
    "vu",
    "north",
    "tech",
    "labs",
    "the",
    "and",
    "co-op",
    "3m",
    "data",
    "systems",
    "company",
    "holdings",
    "ltd",
]
COMPANY_FORMS = [
    "Inc.",
    ", Inc",
    "Inc",
    "LLC",
    ", L.L.C.",
    "Ltd.",
    "Limited",
    "Corp.",
    "Corporation",
    "Co.",
    "& Co.",
    "Company",
    "PLC",
    "LLP",
    "P.C.",
    "GmbH",
    "L.P.",
    "Pty Ltd",
    "Inc. Ltd",
    "S.A.",
    "AG",
]


def _company_cases(rng: random.Random) -> list[str | None]:
    cases: list[str | None] = [None, "", "  ", "Inc.", "The", "The Co", "&", "...", "Joe's Pizza, Inc."]
    while len(cases) < CASES:
        words = [rng.choice(COMPANY_WORDS) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.3:
            words.insert(rng.randint(0, len(words)), rng.choice(["&", "and", "-", ",", "’s"]))
        if rng.random() < 0.3:
            words.insert(0, "The")
        if rng.random() < 0.6:
            words.append(rng.choice(COMPANY_FORMS))
        cases.append(_spaces(rng) + _random_case(rng, " ".join(words)) + _spaces(rng))
    return cases


def test_company_name_key_matches_token_rules(compiled: Compiled) -> None:
    assert company_key_oracle("Joe's Pizza, Inc.") == company_key_oracle("JOES PIZZA") == "joes pizza"
    assert company_key_oracle("The Smith & Sons Co.") == "smith and sons"
    _compare(compiled, "company_name_key", _company_cases(random.Random(20241204)), company_key_oracle)


def _person_cases(rng: random.Random) -> list[str | None]:
    parts = [
        "mary",
        "jane",
        "o'brien",
        "d’angelo",
        "josé",
        "álvarez",
        "j.r.",
        "smith-jones",
        "iii",
        "van",
        "der",
        "berg",
        "dr.",
        "ñúñez",
        "ß",
        "李",
        ",",
        "-",
        ".",
    ]
    cases: list[str | None] = [None, "", "   ", "...", "\t"]
    while len(cases) < CASES:
        separators = [rng.choice([" ", "  ", "\t", " \n "]) for _ in range(4)]
        words = [rng.choice(parts) for _ in range(rng.randint(1, 4))]
        name = "".join(w + s for w, s in zip(words, separators, strict=False)).rstrip() if words else ""
        cases.append(rng.choice(["", " ", "\t"]) + _random_case(rng, name) + rng.choice(["", " "]))
    return cases


def test_person_name_clean_and_key(compiled: Compiled) -> None:
    cases = _person_cases(random.Random(20241205))
    _compare(
        compiled,
        "person_name_clean",
        cases,
        lambda raw: None if raw is None else " ".join(raw.split()) or None,
    )
    _compare(
        compiled,
        "person_name_key",
        cases,
        lambda raw: None if raw is None else " ".join(_words(raw, APOSTROPHES | {"."})) or None,
    )


# --- addresses ----------------------------------------------------------------------------------------


def zip5_oracle(raw: Any) -> str | None:
    if raw is None:
        return None
    text = str(raw).strip()
    if "." in text and set(text.split(".", 1)[1]) == {"0"}:
        text = text.split(".", 1)[0]
    for width in (5, 4):
        head, rest = text[:width], text[width:]
        separator = rest[:1] if rest[:1] in {"-", " "} else ""
        tail = rest[len(separator) :]
        if len(head) == width and head.isdigit() and (rest == "" or (len(tail) == 4 and tail.isdigit())):
            return head.rjust(5, "0")
    return None


def _zip_cases(rng: random.Random) -> list[str | None]:
    cases: list[str | None] = [None, "", "941", "2134", "94107-1234", "2134.0", "K1A 0B1"]
    while len(cases) < CASES:
        digits = _digits(rng, rng.choice([3, 4, 5, 5, 5]))
        plus4 = rng.choice(
            ["", "", "-" + _digits(rng, 4), " " + _digits(rng, 4), _digits(rng, 4), "-" + _digits(rng, 3)]
        )
        text = digits + plus4 + rng.choice(["", "", ".0"] if not plus4 else [""])
        if rng.random() < 0.05:
            text = text[:2] + rng.choice("ABX ") + text[3:]
        cases.append(_spaces(rng) + text + _spaces(rng))
    return cases


def test_zip5(compiled: Compiled) -> None:
    _compare(compiled, "zip5", _zip_cases(random.Random(20241206)), zip5_oracle)
    numbers = [None, 2134, 501, 94107, 1, 941071234, *random.Random(7).sample(range(100, 99999), 200)]
    _compare(compiled, "zip5_of_number", numbers, zip5_oracle, input_column="n")


STATES = {
    "Alabama": "AL",
    "Alaska": "AK",
    "Arizona": "AZ",
    "Arkansas": "AR",
    "California": "CA",
    "Colorado": "CO",
    "Connecticut": "CT",
    "Delaware": "DE",
    "Florida": "FL",
    "Georgia": "GA",
    "Hawaii": "HI",
    "Idaho": "ID",
    "Illinois": "IL",
    "Indiana": "IN",
    "Iowa": "IA",
    "Kansas": "KS",
    "Kentucky": "KY",
    "Louisiana": "LA",
    "Maine": "ME",
    "Maryland": "MD",
    "Massachusetts": "MA",
    "Michigan": "MI",
    "Minnesota": "MN",
    "Mississippi": "MS",
    "Missouri": "MO",
    "Montana": "MT",
    "Nebraska": "NE",
    "Nevada": "NV",
    "New Hampshire": "NH",
    "New Jersey": "NJ",
    "New Mexico": "NM",
    "New York": "NY",
    "North Carolina": "NC",
    "North Dakota": "ND",
    "Ohio": "OH",
    "Oklahoma": "OK",
    "Oregon": "OR",
    "Pennsylvania": "PA",
    "Rhode Island": "RI",
    "South Carolina": "SC",
    "South Dakota": "SD",
    "Tennessee": "TN",
    "Texas": "TX",
    "Utah": "UT",
    "Vermont": "VT",
    "Virginia": "VA",
    "Washington": "WA",
    "West Virginia": "WV",
    "Wisconsin": "WI",
    "Wyoming": "WY",
    "District of Columbia": "DC",
    "Puerto Rico": "PR",
    "Guam": "GU",
    "American Samoa": "AS",
    "Northern Mariana Islands": "MP",
    "U.S. Virgin Islands": "VI",
}


def state_oracle(raw: str | None) -> str | None:
    if raw is None:
        return None
    key = " ".join(_words(raw, {"."})).upper()
    by_name = {" ".join(_words(name, {"."})).upper(): code for name, code in STATES.items()}
    codes = set(STATES.values()) | {"AA", "AE", "AP"}
    return key if key in codes else by_name.get(key)


def _state_cases(rng: random.Random) -> list[str | None]:
    cases: list[str | None] = [None, "", "XX", "Ontario", "Calif.", "N.Y.", "D.C.", "new  york", "Texas!"]
    while len(cases) < CASES:
        name, code = rng.choice(list(STATES.items()))
        text = rng.choice([name, code, code, ".".join(code) + ".", name.replace(" ", "-"), name + "x"])
        cases.append(
            _spaces(rng) + _random_case(rng, text.lower() if rng.random() < 0.3 else text) + _spaces(rng)
        )
    return cases


def test_state_code(compiled: Compiled) -> None:
    assert len(set(STATES.values())) == len(STATES) == 56
    _compare(compiled, "state_code", _state_cases(random.Random(20241207)), state_oracle)


STREET_WORDS = {
    "street": "st",
    "avenue": "ave",
    "road": "rd",
    "boulevard": "blvd",
    "drive": "dr",
    "lane": "ln",
    "court": "ct",
    "place": "pl",
    "suite": "ste",
    "highway": "hwy",
    "parkway": "pkwy",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "first": "1st",
    "second": "2nd",
    "third": "3rd",
    "fourth": "4th",
    "fifth": "5th",
    "sixth": "6th",
    "seventh": "7th",
    "eighth": "8th",
    "ninth": "9th",
    "tenth": "10th",
    "eleventh": "11th",
    "twelfth": "12th",
    "apartment": "apt",
    "square": "sq",
    "northwest": "nw",
}


def street_oracle(raw: str | None) -> str | None:
    if raw is None:
        return None
    return " ".join(STREET_WORDS.get(w, w) for w in _words(raw, APOSTROPHES | {"."})) or None


def _street_cases(rng: random.Random) -> list[str | None]:
    names = [
        "Main",
        "Fifth",
        "First",
        "Twelfth",
        "O’Farrell",
        "Market",
        "Elm",
        "Sunset",
        "Third",
        "Park",
        "Streetsboro",
        "Eastwood",
        "North",
        "Avenue",
    ]
    suffixes = [
        "Street",
        "St.",
        "Avenue",
        "Ave",
        "Road",
        "Boulevard",
        "Drive",
        "Lane",
        "Court",
        "Place",
        "Highway",
        "Parkway",
        "Square",
        "",
    ]
    units = ["", "", ", Suite 4", " Suite #200", " Apt. 5B", ", Apartment 12", " Ste. 3"]
    cases: list[str | None] = [None, "", " , "]
    while len(cases) < CASES:
        parts = [
            str(rng.randint(1, 9999)),
            rng.choice(["", "", "North", "S.", "West", "Northwest"]),
            rng.choice(names),
            rng.choice(names) if rng.random() < 0.2 else "",
            rng.choice(suffixes),
            rng.choice(["", "", "East", "N.W."]),
        ]
        text = " ".join(p for p in parts if p) + rng.choice(units)
        cases.append(
            _spaces(rng) + _random_case(rng, text.replace(" ", rng.choice([" ", "  "]))) + _spaces(rng)
        )
    return cases


@pytest.mark.parametrize("implementation", ["street_key", "street_key_default"])
def test_street_key(compiled: Compiled, implementation: str) -> None:
    """The DuckDB map lookup and the portable nested replace() give the same keys."""
    assert street_oracle("123 Fifth Avenue, Suite 4") == "123 5th ave ste 4"
    _compare(compiled, implementation, _street_cases(random.Random(20241208)), street_oracle)


# --- types --------------------------------------------------------------------------------------------

OFFSETS = ["", "", "Z", "z", "+00:00", "+02:00", "-05:00", "+0530", "-0800", "+05:45", "-03", " +01:00"]


def utc_oracle(raw: str | None) -> datetime | None:
    if raw is None:
        return None
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def _random_datetime(rng: random.Random) -> datetime:
    moment = datetime(1990, 1, 1) + timedelta(seconds=rng.randint(0, 45 * 365 * 86400))
    return moment.replace(microsecond=rng.choice([0, 0, 250000, rng.randint(0, 999999)]))


def _timestamp_cases(rng: random.Random) -> list[str | None]:
    cases: list[str | None] = [
        None,
        "",
        "garbage",
        "2024-02-30 10:00:00",
        "2024-13-01",
        "2024-03-01 25:00:00",
        "03/01/2024",
        "2024-03-01",
        " 2024-03-01T10:00:00Z ",
    ]
    while len(cases) < CASES:
        moment = _random_datetime(rng)
        separator = rng.choice(["T", " "])
        clock = (
            rng.choice(["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"])
            if moment.microsecond
            else rng.choice(["%H:%M:%S", "%H:%M"])
        )
        text = moment.strftime(f"%Y-%m-%d{separator}{clock}") + rng.choice(OFFSETS)
        if rng.random() < 0.1:
            text = moment.strftime("%Y-%m-%d")
        if rng.random() < 0.1:  # one field out of range: month, day, hour or minute
            start, width, low, high = rng.choice(
                [(5, 2, 13, 19), (8, 2, 32, 39), (11, 2, 25, 29), (14, 2, 60, 99)]
            )
            if len(text) >= start + width:
                text = text[:start] + str(rng.randint(low, high)) + text[start + width :]
        cases.append(text)
    return cases


@pytest.mark.parametrize("time_zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_to_utc_timestamp_from_text(compiled: Compiled, time_zone: str) -> None:
    """Texts with an offset are converted; texts without one are UTC, whatever the session's time zone."""
    _compare(
        compiled,
        "to_utc_timestamp",
        _timestamp_cases(random.Random(20241209)),
        utc_oracle,
        time_zone=time_zone,
    )


@pytest.mark.parametrize("time_zone", ["UTC", "America/New_York"])
def test_to_utc_timestamp_from_typed_values(compiled: Compiled, time_zone: str) -> None:
    rng = random.Random(20241210)
    naive = [None, *(_random_datetime(rng) for _ in range(100))]
    _compare(compiled, "to_utc_timestamp_of_timestamp", naive, lambda value: value, "ts", time_zone)
    aware = [
        None,
        *(
            _random_datetime(rng).replace(tzinfo=timezone(timedelta(minutes=rng.randint(-720, 840))))
            for _ in range(100)
        ),
    ]
    _compare(
        compiled,
        "to_utc_timestamp_of_timestamptz",
        aware,
        lambda value: None if value is None else value.astimezone(UTC).replace(tzinfo=None),
        "tstz",
        time_zone,
    )


def test_to_date(compiled: Compiled) -> None:
    cases = _timestamp_cases(random.Random(20241211))
    _compare(
        compiled, "to_date", cases, lambda raw: None if (parsed := _parse_iso(raw)) is None else parsed.date()
    )
    moments = [None, *(_random_datetime(random.Random(i)) for i in range(50))]
    _compare(compiled, "to_date_of_timestamp", moments, lambda value: value and value.date(), "ts")


def _parse_iso(raw: str | None) -> datetime | None:
    try:
        return None if raw is None else datetime.fromisoformat(raw.strip())
    except ValueError:
        return None


BOOLEANS = {
    "true": True,
    "t": True,
    "1": True,
    "yes": True,
    "y": True,
    "false": False,
    "f": False,
    "0": False,
    "no": False,
    "n": False,
}


def test_to_boolean(compiled: Compiled) -> None:
    rng = random.Random(20241212)
    tokens = [*BOOLEANS, "2", "-1", "maybe", "on", "off", "", "truthy", "yes!"]
    cases = [None, *(_spaces(rng) + _random_case(rng, rng.choice(tokens)) + _spaces(rng) for _ in range(200))]
    _compare(
        compiled, "to_boolean", cases, lambda raw: None if raw is None else BOOLEANS.get(raw.strip().lower())
    )
    _compare(compiled, "to_boolean_of_boolean", [True, False, None], lambda value: value, "b")
    _compare(
        compiled,
        "to_boolean_of_number",
        [1, 0, 2, -1, None],
        lambda value: {1: True, 0: False}.get(value),
        "n",
    )


def number_oracle(raw: str | None, places: str) -> Decimal | int | None:
    if raw is None:
        return None
    text = raw.replace(",", "").replace("$", "").strip()
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    value = Decimal(text).quantize(Decimal(places), rounding=ROUND_HALF_UP)
    return int(value) if places == "1" else value


def _number_cases(rng: random.Random) -> list[str | None]:
    cases: list[str | None] = [None, "", "$", "abc", "1.2.3", "12a", "-", "$-", "12.5", "-12.5", "0.5"]
    while len(cases) < CASES:
        value = Decimal(rng.randint(-(10**9), 10**9)) / rng.choice([1, 10, 100, 1000])
        text = f"{abs(value):,}" if rng.random() < 0.5 else str(abs(value))
        text = rng.choice(["", "$", "$ " if value >= 0 else "$"]) + text if rng.random() < 0.5 else text
        cases.append(_spaces(rng) + ("-" if value < 0 else "") + text + _spaces(rng))
    return cases


def test_to_number(compiled: Compiled) -> None:
    cases = _number_cases(random.Random(20241213))
    _compare(compiled, "to_number_decimal", cases, lambda raw: number_oracle(raw, "0.01"))
    _compare(compiled, "to_number_integer", cases, lambda raw: number_oracle(raw, "1"))


def test_safe_cast_is_try_cast_on_duckdb(compiled: Compiled) -> None:
    assert "try_cast(v as integer) as safe_cast_integer" in compiled.sql
    _compare(
        compiled,
        "safe_cast_integer",
        ["abc", "42", "", None, "4.0"],
        lambda raw: {"42": 42, "4.0": 4}.get(raw),
    )


def test_registrable_domain_of_a_few_documented_cases(compiled: Compiled) -> None:
    documented = {
        "HTTP://WWW.Example.com/path": "example.com",
        "https://shop.example.co.uk/x?y": "example.co.uk",
        "example.com:8080": "example.com",
        "www2.example.com": "example.com",
        "user@example.com": "example.com",
        "n/a": None,
        "none": None,
        "": None,
        "nodot": None,
    }
    assert {raw: domain_oracle(raw) for raw in documented} == documented
    assert dict(zip(documented, compiled.run("registrable_domain", documented), strict=True)) == documented


# --- generic tests ------------------------------------------------------------------------------------

GENERIC_TESTS_YML = """
version: 2
models:
  - name: sample
    data_tests:
      - unique_combination_of_columns: {name: ucc_id_pass, arguments: {combination_of_columns: [id]}}
      - unique_combination_of_columns: {name: ucc_group_fail, arguments: {combination_of_columns: [grp]}}
      - unique_combination_of_columns: {name: ucc_two_pass, arguments: {combination_of_columns: [grp, score]}}
      - expression_is_true: {name: expr_pass, arguments: {expression: "score >= 0"}}
      - expression_is_true: {name: expr_fail, arguments: {expression: "score > 0"}}
    columns:
      - name: score
        data_tests:
          - accepted_range: {name: range_pass, arguments: {min_value: 0, max_value: 10}}
          - accepted_range:
              name: range_exclusive_fail
              arguments: {min_value: 0, max_value: 10, inclusive: false}
          - accepted_range: {name: range_min_only_fail, arguments: {min_value: 1}}
          - accepted_range: {name: range_max_only_pass, arguments: {max_value: 10}}
          - expression_is_true: {name: expr_column_pass, arguments: {expression: "<= 10"}}
      - name: maybe_null
        data_tests:
          - not_null_proportion: {name: nnp_pass, arguments: {at_least: 0.75}}
          - not_null_proportion: {name: nnp_fail, arguments: {at_least: 0.8}}
      - name: email
        data_tests:
          - matches_pattern: {name: pattern_fail, arguments: {regex: '^[^@]+@[^@]+$'}}
      - name: grp
        data_tests:
          - matches_pattern: {name: pattern_pass, arguments: {regex: '^[ab]$'}}
"""

GENERIC_TESTS_MODEL = """
select * from (values
    (1, 'a', 5, 'x@y.com', 1),
    (2, 'a', 10, 'bad', null),
    (3, 'b', 0, null, 3),
    (4, 'b', 10, 'z@y.com', 4)
) as sample (id, grp, score, email, maybe_null)
"""


def test_generic_tests_pass_and_fail_as_documented(tmp_path: Path) -> None:
    _write_scratch_project(tmp_path)
    _write_profile(tmp_path, str(tmp_path / "generic_tests.duckdb"))
    (tmp_path / "models" / "sample.sql").write_text(GENERIC_TESTS_MODEL)
    (tmp_path / "models" / "_sample.yml").write_text(GENERIC_TESTS_YML)
    result = _dbt(tmp_path, "build", "--select", "sample")
    statuses = {r.node.name: str(r.status) for r in result.result.results}
    expected = {
        name: ("fail" if name.endswith("_fail") else "pass")
        for name in re.findall(r"name: (\w+_(?:pass|fail))", GENERIC_TESTS_YML)
    }
    assert len(expected) == 14
    assert {name: statuses.get(name) for name in expected} == expected
