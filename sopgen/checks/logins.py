"""Login emails: an account whose login is someone's personal mailbox is how a business loses it."""

from __future__ import annotations

from collections.abc import Iterator

from sopgen.config import Settings
from sopgen.page import Page
from sopgen.results import Finding, finding

# Consumer mail providers: an address there belongs to a person, not to a business or client.
CONSUMER_DOMAINS = frozenset("""
gmail.com googlemail.com outlook.com hotmail.com hotmail.co.uk hotmail.fr hotmail.de
hotmail.it hotmail.es live.com live.co.uk msn.com passport.com windowslive.com yahoo.com
yahoo.co.uk yahoo.fr yahoo.de yahoo.it yahoo.es yahoo.ca yahoo.com.au yahoo.co.in
yahoo.co.jp ymail.com rocketmail.com icloud.com me.com mac.com aol.com aim.com proton.me
protonmail.com protonmail.ch pm.me tutanota.com tutanota.de tuta.io tuta.com gmx.com gmx.net
gmx.de gmx.at gmx.ch gmx.co.uk web.de mail.com email.com zoho.com zohomail.com yandex.com
yandex.ru mail.ru inbox.ru list.ru bk.ru qq.com 163.com 126.com sina.com naver.com hanmail.net
libero.it virgilio.it orange.fr wanadoo.fr free.fr laposte.net sfr.fr t-online.de
freenet.de btinternet.com sky.com virginmedia.com talktalk.net fastmail.com fastmail.fm
hushmail.com mailfence.com posteo.de posteo.net disroot.org riseup.net comcast.net
verizon.net att.net sbcglobal.net bellsouth.net cox.net charter.net earthlink.net
optonline.net rediffmail.com seznam.cz wp.pl o2.pl interia.pl onet.pl abv.bg
""".split())

# Provider names whose many country domains (hotmail.es, yahoo.com.br) are all consumer mail.
_CONSUMER_NAMES = ("gmail", "hotmail", "yahoo", "outlook", "icloud", "proton", "gmx", "live")


def consumer_domain(email: str) -> str | None:
    """Return the domain of an address at a consumer mail provider, else None."""
    _, at, domain = email.strip().rpartition("@")
    domain = domain.strip().rstrip(".>").casefold()
    if not at or not domain:
        return None
    if domain in CONSUMER_DOMAINS:
        return domain
    name, _, suffix = domain.partition(".")
    # hotmail.es, yahoo.co.uk, yahoo.com.br: a provider's name, then country suffixes only
    # (gmail.company.example is a company's own domain).
    if name in _CONSUMER_NAMES and suffix and all(
            len(part) <= 3 for part in suffix.split(".")):
        return domain
    return None


def personal_login(page: Page, settings: Settings) -> Iterator[Finding]:
    """Yield `personal-login` when an account's login email is at a consumer mail domain."""
    email = page.values.get("login_email")
    if not email:
        return
    domain = consumer_domain(email)
    if domain is None:
        return
    client = settings.client(page.client)
    whose = f"the client {client['name']}'s" if client else "the business's"
    yield finding(page, "personal-login",
                  f"logs in with {email}, a personal {domain} mailbox: if its holder leaves, "
                  f"so does the account; use an address at {whose} own domain",
                  page.line_of("login_email") or 2)
