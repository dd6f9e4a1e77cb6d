"""Titles and honorifics written before a name, in several languages, which identify no one.

"Presidente Nicolas Maduro", "Dr. Ayman al-Zawahiri", "Sheikh ...", "General ..." name the same
person as the list does without the title. The normaliser drops a run of these words at the
start of a name (:func:`.normalize.normalize_name`, rule 10) when at least two other words
remain, for listed names and queries alike, so that "General Trading" or "Doctor Who" keep their
words. Written after normalisation: lower case, Latin letters, dots removed ("Sr." -> "sr").

Left out on purpose: words that are also common given names or surnames (Don, Emir, Amir, Imam,
King, Prince, Sayyid, Major as a surname), since dropping them would lose a name part.

>>> "presidente" in TITLES, "sheikh" in TITLES, "amir" in TITLES
(True, True, False)
"""

from __future__ import annotations

__all__ = ["TITLES"]

_BY_LANGUAGE = {
    "en": """mr mrs ms mx miss dr doctor prof professor sir dame lord lady rev reverend hon
        honourable honorable president vice general gen colonel col lieutenant lt captain capt
        commander cmdr admiral adm brigadier brig marshal sergeant sgt minister ambassador judge
        senator governor mayor chairman excellency""",
    "es_pt": """sr sra srta senor senora senorita dra presidente presidenta coronel comandante
        teniente capitan almirante ministro ministra embajador gobernador alcalde excelentisimo
        doutor doutora senhor senhora""",
    "fr_it_de": """mme mlle monsieur madame docteur colonel ministre signor signora sig dott
        ing avv herr frau""",
    "ar_fa_tr": """sheikh shaikh shaykh sheik cheikh haji hajji hadji alhaj alhaji mullah mulla
        maulana mawlana maulvi mawlawi ayatollah hojatoleslam sardar pasha bey""",
    "ru": """gospodin gospozha tovarishch""",
}

#: Every title, all languages together.
TITLES: frozenset[str] = frozenset(w for words in _BY_LANGUAGE.values() for w in words.split())
