"""Legal forms of companies in many languages, recognised as one canonical token.

"LLC", "OOO" (and Cyrillic "ООО"), "Limited Liability Company", "GmbH", "JSC", "S.A. de C.V."
all say the same thing to a screener: "this is a company". The normaliser replaces any run of
legal-form words with :data:`LEGAL_FORM` so that they neither make nor break a match. Phrases are
written after normalisation: lower case, Latin letters, dotted abbreviations joined ("s.a." ->
"sa"). Sources: national company-law designations as listed in ISO 20275 (Entity Legal Forms).

Query words within one edit (two for long words) of a legal word are snapped to it first, so a
typo such as "Jolnt Stock Company" is still recognised.
"""

from __future__ import annotations

__all__ = [
    "AMBIGUOUS",
    "GLUED",
    "GLUED_END",
    "LEADING",
    "LEGAL_FORM",
    "LEGAL_WORDS",
    "NEVER_SNAPPED",
    "PHRASES",
    "SINGLE",
]

#: The canonical token every legal form becomes (not a word any name contains).
LEGAL_FORM = "~lf"


def _words(text: str) -> list[str]:
    return text.split()


#: Abbreviations and words that are a legal form wherever they stand in a name.
SINGLE: frozenset[str] = frozenset(
    _words(
        """
        llc llp lp ltd ltda lda limited co company corp corporation inc incorporated plc gmbh
        mbh aktiengesellschaft kommanditgesellschaft ohg gbr ug sarl sas sasu srl spa sapa snc
        bv nv vof oyj aps kft zrt nyrt sro doo ead eood ooo oao zao pao ojsc cjsc pjsc jsc ao
        tov pat prat fze fzco fzc fzllc dmcc pte pvt pty bhd sdn tbk sac saa eirl sab sapi kk gk
        jointstock coltd decv sadecv
        yk sirketi anonim aktsionernoe obshchestvo obshestvo otvetstvennostyu ogranichennoy
        ogranichennoi sociedad anonima societe anonyme societa sagl gesmbh
        """
    )
)

#: Short forms that are also ordinary words or initials: a legal form only at the end of a name
#: of two or more words, or before other legal words ("Nordic AS"; never "Abu Sa Ali").
AMBIGUOUS: frozenset[str] = frozenset(
    _words(
        """
        sa se sl ag kg ab as asa oy ad dd pt cv ca est ip sc scs pc
        """
    )
)

#: Ambiguous forms written before the name ("PT Maju Jaya"); the others only count at the end.
LEADING: frozenset[str] = frozenset({"pt"})

#: Multi-word legal forms (each word need not be a legal form alone).
PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in (
        "limited liability company",
        "limited liability partnership",
        "limited partnership",
        "joint stock company",
        "public joint stock company",
        "closed joint stock company",
        "open joint stock company",
        "private joint stock company",
        "joint stock",
        "jointstock company",
        "public jointstock company",
        "closed jointstock company",
        "open jointstock company",
        "public limited company",
        "private limited company",
        "company limited",
        "sa de cv",
        "sa dec v",
        "sade cv",
        "s de rl",
        "s de rl de cv",
        "sapi de cv",
        "sab de cv",
        "s a",
        "s l",
        "s a s",
        "sociedad anonima de capital variable",
        "sociedad de responsabilidad limitada",
        "societe a responsabilite limitee",
        "societa per azioni",
        "societa a responsabilita limitata",
        "gesellschaft mit beschrankter haftung",
        "gesellschaft mit beschraenkter haftung",
        "obshchestvo s ogranichennoy otvetstvennostyu",
        "obshchestvo s ogranichennoi otvetstvennostyu",
        "publichnoe aktsionernoe obshchestvo",
        "zakrytoe aktsionernoe obshchestvo",
        "otkrytoe aktsionernoe obshchestvo",
        "tovarystvo z obmezhenoyu vidpovidalnistyu",
        "limited sirketi",
        "anonim sirketi",
        "sp z o o",
        "spolka z ograniczona odpowiedzialnoscia",
        "d o o",
        "s r o",
        "a s",
        "fz llc",
        "fz co",
        "sdn bhd",
        "pte ltd",
        "pvt ltd",
        "pty ltd",
        "youxian gongsi",
        "gufen youxian gongsi",
        "youxian zeren gongsi",
        "general partnership",
    )
)

#: Long words of legal forms that a typo may hide; query words are snapped to these.
LEGAL_WORDS: tuple[str, ...] = (
    "company", "limited", "liability", "joint", "stock", "corporation", "incorporated",
    "partnership", "sociedad", "anonima", "responsabilidad", "limitada", "societe", "anonyme",
    "gesellschaft", "aktiengesellschaft", "obshchestvo", "aktsionernoe", "ogranichennoy",
    "ogranichennoi", "otvetstvennostyu", "sirketi", "public", "closed", "private", "open",
)  # fmt: skip

#: Real words one or two edits from a legal word: never snapped to it ("cooperation" is not
#: "corporation").
NEVER_SNAPPED: frozenset[str] = frozenset(
    _words(
        """
        cooperation cooperative corporate compania compagnie companhia kompaniya kompania
        limite limites limitee stocks joints publico publica private privat privada closer
        privado publicly republic command antonia soledad compass compact
        """
    )
)

#: Legal words long or distinctive enough to be cut off a word they are glued to, at its
#: start or end ("companynew", "aheteilimited", "flavicfze", "obshchestvoipk",
#: "best2paylimited").
GLUED: frozenset[str] = frozenset(
    _words(
        """
        company limited corporation incorporated llc ltd ltda gmbh fze fzco jsc pjsc ooo plc
        dmcc obshchestvo aktsionernoe otvetstvennostyu
        """
    )
)

#: Legal words cut off only the end of a word they are glued to ("constelloinc", "koticorp",
#: "siguroeood"): at the start they begin ordinary words ("corporativo", "income").
GLUED_END: frozenset[str] = frozenset(_words("inc corp eood pte"))
