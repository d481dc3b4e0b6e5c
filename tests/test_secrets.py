"""The secret rule: real credentials are caught and masked; saying where they live is fine."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopgen import secrets
from sopgen.secrets import _GATED, find_secrets

# Built from parts so that this file itself holds no credential-shaped string.
GITHUB = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
AWS = "AKIA" + "Z3B7Q2W9E5R1T8Y4"
SLACK = "xoxb-" + "123456789012-abcdefABCDEF"
STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
GOOGLE = "AIza" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"
OPENAI = "sk-proj-" + "Tz8kq2W9xYv4Lm7Np3Rs6Bd1Fg5Hj0Kc"
JWT = ("eyJhbGciOiJIUzI1NiJ9." + "eyJzdWIiOiIxMjM0NTY3ODkwIn0."
       + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")
SLACK_HOOK = "https://hooks.slack.com/services/" + "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"


@pytest.mark.parametrize(("text", "kind", "shown"), [
    (f"token {GITHUB}", "a GitHub token", "ghp_****, 40 characters"),
    (f"key id {AWS}", "an AWS access key", "AKIA****, 20 characters"),
    ("aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKZ",
     "an AWS secret access key", None),
    (f"slack {SLACK}", "a Slack token", "xoxb-****"),
    (f"post to {SLACK_HOOK}", "a Slack webhook URL", "https://hooks.slack.com/****"),
    (f"stripe {STRIPE}", "a Stripe key", "sk_live_****"),
    (f"maps {GOOGLE}", "a Google API key", "AIza****"),
    (f"openai {OPENAI}", "an OpenAI API key", "sk-proj-****"),
    (f"Authorization: Bearer {JWT}", "a bearer token", None),
    (f"session {JWT}", "a JSON web token", "eyJ****"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----", "a private key", None),
    ("-----BEGIN RSA PRIVATE KEY-----", "a private key", None),
    ("password: Hunter2!", "a password", "****, 8 characters"),
    ("pw=Spring2026", "a password", None),
    ("Password = 'correct horse'", "a password", None),
    ("The password is Bakery#2026.", "a password", None),
    ("the wifi password is \"croissant\"", "a password", None),
    ("card 4539 1488 0343 6467 expires soon", "a card number", "card ending 6467"),
])
def test_secrets_are_found_and_masked(text: str, kind: str, shown: str | None) -> None:
    hits = list(find_secrets(text, 7))
    assert [hit.kind for hit in hits][:1] == [kind]
    assert hits[0].line == 7
    if shown:
        assert shown in hits[0].masked
    secret_part = text.split()[-1].strip("'\".")
    assert secret_part[4:] not in hits[0].masked or len(secret_part) < 6


@pytest.mark.parametrize("text", [
    "The password is in the 1Password vault \"Marketing\", item \"Mailchimp\".",
    "password: kept in the team password manager",
    "Password: see the office safe",
    "credentials: 1Password vault Marketing",
    "The password is strong and rotated every quarter.",
    "Reset the password if the login fails.",
    "token: ${SLACK_TOKEN}",
    "password: <the password from the vault>",
    "Order 4111 1111 1111 1112 is not a card (fails Luhn)",
    "Invoice 2026-11-02, phone +44 20 7946 0958",
    "Use the API key named in the vault item, never paste it here.",
    "api_key: op://Marketing/Mailchimp/credential",
])
def test_saying_where_a_credential_lives_is_fine(text: str) -> None:
    assert list(find_secrets(text)) == []


def test_obviously_fake_examples_in_fences_are_fine_but_not_outside() -> None:
    fenced = "```\n" + "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\npassword: your-password\n```\n"
    assert list(find_secrets(fenced)) == []
    assert [h.kind for h in find_secrets("AKIAIOSFODNN7EXAMPLE")] == ["an AWS access key"]
    real_in_fence = f"```\n{GITHUB}\n```\n"
    assert [h.line for h in find_secrets(real_in_fence, 10)] == [11]


def test_secret_in_front_matter_and_body_through_check(tmp_path) -> None:
    import datetime as dt

    from sopgen.checks import run_checks
    from sopgen.config import Settings
    from sopgen.page import read_page

    path = tmp_path / "acct.md"
    path.write_text("---\nkind: account\nowner: maria\nlast_verified: 2026-11-01\n"
                    "registered_to: Acme\nadmins: [a, b]\ncredentials: 'password: Fl0ur&Water'\n"
                    f"---\n\nAPI token {GITHUB}\n")
    page = read_page(path, "acct.md", "acct.md")
    result = run_checks([page], Settings.of(business="Acme"), dt.date(2026, 11, 23))
    secrets = [(f.line, f.message) for f in result.findings if f.rule == "secret"]
    assert [line for line, _ in secrets] == [7, 10]
    assert all("Fl0ur" not in m and GITHUB[4:] not in m for _, m in secrets)


@pytest.mark.parametrize("text", [
    "Read https://learning.oreilly.com/library/view/incident/9781492056348/ first.",
    "See https://x.com/acme/status/1789012345678901234 for the announcement.",
    "Pin: true",
    "pin: false",
    "Zip code: 90210",
    "The code is ready for review.",
])
def test_no_false_alarms_on_real_pages(text: str) -> None:
    assert list(find_secrets(text)) == []


@pytest.mark.parametrize("text", [
    "The door code is 4821.",
    "alarm code: 1234",
    "Gate code is 0000",
    "safe code: 7391",
])
def test_door_alarm_and_safe_codes_are_secrets(text: str) -> None:
    assert [hit.kind for hit in find_secrets(text)] == ["a password"]


# Provider tokens, built from parts (and plainly fake: repeated or counting digits) so no
# scanner mistakes this file for a leak.
HEX32 = "0123456789abcdef" * 2
MAILCHIMP = HEX32 + "-us" + "21"
SENDGRID = "SG." + "Abcdefghij0123456789Ab" + "." + "Abcdefghij0123456789Abcdefghij0123456789Abc"
TWILIO = "SK" + HEX32
SHOPIFY = "shpat_" + HEX32
NPM = "npm_" + "Abcdefghij0123456789Abcdefghij012345"
DISCORD = "MTA" + "xMjM0NTY3ODkwMTIzNDU2Nzg" + "." + "Gabcde" + "." + "Abcdefghij0123456789Abcdefghij012"
TELEGRAM = "123456789" + ":" + "AA" + "Abcdefghij0123456789Abcdefghij012"


@pytest.mark.parametrize(("text", "kind", "shown"), [
    (f"api key {MAILCHIMP}", "a Mailchimp API key", "****, 37 characters"),
    (f"SENDGRID_API_KEY={SENDGRID}", "a SendGrid API key", "SG.****"),
    (f"twilio {TWILIO}", "a Twilio key", None),
    (f"twilio account AC{HEX32}", "a Twilio key", None),
    (f"admin token {SHOPIFY}", "a Shopify token", "shpat_****"),
    (f"//registry.npmjs.org/:_authToken={NPM}", "an npm token", "npm_****"),
    (f"Discord bot token {DISCORD}", "a Discord bot token", None),
    (f"bot {TELEGRAM}", "a Telegram bot token", None),
    ("git clone https://deploy:" + "s3cr3t-Pa55" + "@git.example.org/acme/site.git",
     "a password in a link", "****, 11 characters"),
    (f"Webhook: {SLACK_HOOK}", "a Slack webhook URL", None),
    ("door code 4821", "a password", None),
    ("Alarm code #0519 at the back door", "a password", None),
    ("PIN 7391 for the card reader", "a password", None),
    ("The safe combination is 4417", "a password", None),
    ("| PIN | 2580 |", "a password", None),
])
def test_more_providers_and_codes_are_secrets(text: str, kind: str, shown: str | None) -> None:
    hits = list(find_secrets(text))
    assert [hit.kind for hit in hits] == [kind]
    if shown:
        assert hits[0].masked.startswith(shown.split("****")[0]) and shown in hits[0].masked


@pytest.mark.parametrize("text", [
    "ISBN 978-1-4920-5634-8 is the book.",  # 13 digits that pass Luhn
    "Ticket id4539148803436467 was closed.",
    "Order #4539148803436467 shipped.",
    "The ratio was 0.4539148803436467 last week.",
    "See /orders/4539148803436467/ in the admin.",
    "Password: Enter the one from the vault.",
    "password: required",
    "Token: string",
    "The PIN is changed every quarter.",
    "Mention the pin 12 on the board.",
    "Clone https://github.com/acme/site.git (git@github.com:acme/site.git over SSH).",
    "Connect with https://user:password@host.example/ (replace both).",
    "Use https://USERNAME:TOKEN@github.com/acme/site.git with your own token.",
    "Run the script with a 32-character key: ACME-000 is the account prefix.",
    "Commit " + "AC" + "0123456789ABCDEFabcdef0123456789" + " is a mixed-case hash.",
])
def test_precision_no_false_alarms(text: str) -> None:
    assert list(find_secrets(text)) == []


def test_a_card_number_standing_as_a_number_is_still_found() -> None:
    assert [h.kind for h in find_secrets("Card: 4539 1488 0343 6467.")] == ["a card number"]
    assert [h.kind for h in find_secrets("(4539148803436467)")] == ["a card number"]


@pytest.mark.parametrize(("text", "kind"), [
    ("AWS_SECRET_ACCESS_KEY=" + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKZ", "an AWS secret access key"),
    ("Authorization: BEARER " + "abcdefghij0123456789abcdefghij", "a bearer token"),
])
def test_secrets_written_in_capitals_are_found(text: str, kind: str) -> None:
    assert [hit.kind for hit in find_secrets(text)] == [kind]


def _as_written(pattern: str) -> str:
    """Return a detector's pattern without its lookarounds, for generating matches."""
    return re.sub(r"\(\?<?!\[[^\]]*\]\)", "", pattern).replace("}+", "}")


# Secrets of every kind, as the detectors' own patterns write them, between words and fences.
_TOKEN_MATCHES = st.sampled_from([_as_written(p) for _, group in _GATED for _, p in group]).flatmap(
    lambda pattern: st.from_regex(pattern, fullmatch=True))
_PROSE = st.sampled_from(["log in", "and", "the", "code", "4539 1488 0343 6467", "PIN",
                          "2026-01-01", "password:", "is", "```", "\n", "- [ ] ", "|", "-", "_",
                          "client-onboarding-checklist"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PROSE, _TOKEN_MATCHES), max_size=12).map(" ".join))
def test_the_quick_rule_outs_never_miss_a_secret(text: str) -> None:
    # A run of 0 is always present: every gate and the card scan then run on every text.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(secrets, "TOKEN_RUN", 0)
        patch.setattr(secrets, "_CARD_RUN", 0)
        everything = list(find_secrets(text))
    assert list(find_secrets(text)) == everything


_PHRASES = st.sampled_from(["password", "Passcode", "pw", "PIN", "pin", "secret", "API key", "api_key",
                            "access token", "token", "door code", "Alarm combination", "keypad code",
                            "key pad code", "unsafe code", "outdoor code", "shopping", "is", "was",
                            "will be", ":", "=", "|", "**", "Hunter2!", "4821", "#", "no.", " ",
                            "\t", "\n", "the"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PHRASES, max_size=14).map("".join))
def test_password_phrases_are_looked_for_at_every_word_start(text: str) -> None:
    lower = text.lower()
    at_every_start = [m for i in range(len(text)) if i == 0 or not lower[i - 1].isalnum()
                      if (m := secrets._PASSWORD.match(text, i)) is not None]
    where = {word: secrets._find_all(lower, word)
             for word in (*secrets._PASSWORD_KEYWORDS, *secrets._CODE_KEYWORDS)}
    found = secrets._password_matches(text, lower, where)
    # "access token: x" is also found from its "token", with the same value
    assert {(m.end(), m.group(m.lastgroup)) for m in found} == {
        (m.end(), m.group(m.lastgroup)) for m in at_every_start}


def test_an_aws_secret_key_is_found_however_its_name_is_cased() -> None:
    # Python's re, ignoring case, matches "s" with "ſ" (long s), which lower() leaves as it is.
    value = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKZ"
    for name in ("AWS_SECRET_ACCESS_KEY", "aws_secret_access_key", "Aws_Secret_Key",
                 "AWS_\u017fECRET_ACCESS_KEY"):
        assert [hit.kind for hit in find_secrets(f"{name}={value}")] == [
            "an AWS secret access key"], name


@pytest.mark.parametrize("text", [
    "İzmir depot. Password: Hunter2!",
    "İstanbul office, İzmir depot: the door code is 4821x and password: Hunter2!",
    "İSTANBUL\nThe alarm code 4821",
])
def test_a_capital_dotted_i_before_a_secret_hides_nothing(text: str) -> None:
    # "İ".lower() is two characters: the lowercased text must not shift every index after it.
    plain = text.replace("İ", "I")
    assert [(h.kind, h.line, h.value) for h in find_secrets(text)] == [
        (h.kind, h.line, h.value) for h in find_secrets(plain)]
    assert list(find_secrets(text))
