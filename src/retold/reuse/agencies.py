"""News agencies (wire services): the usual origin of text that an outlet shares with them.

An agency sells its copy to be printed, whole or cut, under the buyer's name; when
an outlet and an agency share prose and nothing else tells who came first, the
agency is the source (``basis`` "agency"). It is a prior, not proof, so it ranks
below a credit and above dates (a newspaper's date is the day after the wire's;
a web page's date is often the crawl's).

The list holds the international and national agencies that newsrooms take copy
from, and state broadcasters that run a wire (RT, Sputnik). Extend it without code:
``RETOLD_AGENCIES="Agency One, Agency Two"`` adds names (outlet names as retold
reads them; a name matches an outlet when one's words start the other's, as
elsewhere in provenance).
"""

from __future__ import annotations

import os

AGENCIES: tuple[str, ...] = (
    "PA", "PA Media", "Press Association", "Associated Press", "AP", "Reuters", "Thomson Reuters",
    "AFP", "Agence France-Presse", "Agence France Presse", "dpa", "Deutsche Presse-Agentur", "ANSA",
    "EFE", "Agencia EFE", "Europa Press", "TASS", "ITAR-TASS", "RIA Novosti", "RIA", "Interfax",
    "Xinhua", "China News Service", "Anadolu", "Anadolu Agency", "Kyodo", "Kyodo News", "Jiji Press",
    "Yonhap", "UPI", "United Press International", "PTI", "Press Trust of India", "ANI", "IANS",
    "Bernama", "Antara", "APA", "Belga", "ANP", "TT", "NTB", "Ritzau", "STT", "PAP", "CTK", "MTI",
    "Agerpres", "HINA", "Tanjug", "BTA", "ATS", "Keystone-SDA", "Lusa", "AAP", "Canadian Press",
    "IRNA", "Fars", "WAFA", "MENA", "SPA", "WAM", "KUNA", "QNA", "Ukrinform", "UNIAN", "BelTA",
    "RT", "Sputnik", "Bloomberg",
)


def agency_names() -> tuple[str, ...]:
    """The built-in list plus the names in ``RETOLD_AGENCIES`` (comma-separated)."""
    extra = tuple(n.strip() for n in os.environ.get("RETOLD_AGENCIES", "").split(",") if n.strip())
    return AGENCIES + extra
