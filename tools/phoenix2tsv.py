#!/usr/bin/env python3
"""Convert the Phoenix (PETRARCH2) actor dictionaries into lexicons/people-phoenix.tsv.

Usage:
    python3 tools/phoenix2tsv.py /work/shared/data/phoenix > lexicons/people-phoenix.tsv
    python3 tools/phoenix2tsv.py COUNTRIES.txt INTERNATIONAL.txt > lexicons/people-phoenix.tsv

Arguments are either the directory holding Phoenix.Countries.actors.txt and
Phoenix.International.actors.txt, or the two files themselves. Standard library only;
the output is deterministic (sorted, no timestamps), so regenerating it gives the same
bytes.

Output columns (same as lexicons/people.tsv):  name aliases party role from to

What is kept (see also the header the script writes):
  * persons only: the entry (or one of its `+` synonyms) must have a given-name +
    surname shape: at least two name words, Latin script, no digits, and no word that
    marks an office, an organisation or a function word (MINISTER, COUNCIL, OF, ...);
    entries not taken from the CountryInfo leader lists must also not contain a word of
    a country's own name block (RUSSIAN, KABUL, ...);
  * roles whose code is a state's government, military, legislature or security organ:
    country code + GOV (with any sector suffix: GOVMIL, GOVBUS, GOVMED, ...), MIL, LEG,
    SPY, COP; international codes mapped to the project's party codes (IGOUNO -> UN,
    IGOWSTNAT -> NATO, IGOEUREEC -> EU, ...). ELI (elites out of office), OPP and REB
    (opposition and rebels, whose party is not the state), BUS, MED, REL, CRM, NGO, MNC
    as primary roles, and sub-state territories (GBRFLKGOV, USAASMGOV, ...) are skipped;
  * roles whose date range ends after 2004-12-31 or is open;
  * not already in lexicons/people.tsv (the curated file wins);
  * one party per name (the party of the person's latest role).
Surname aliases follow the rules in the output header; the English word lists and the
place lexicons (when present) are read to reject surnames that are words or places.
"""

import argparse
import json
import os
import re
import sys
import unicodedata

CUTOFF = "2004-12-31"
LICENCE = ("MIT License, Copyright (c) 2014 Open Event Data Alliance; "
           "PETRARCH2 dictionaries, openeventdata/petrarch2 commit 676801cd")
COUNTRIES = "Phoenix.Countries.actors.txt"
INTERNATIONAL = "Phoenix.International.actors.txt"
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CURATED = os.path.join(HERE, "..", "lexicons", "people.tsv")
DEFAULT_PLACES = [os.path.join(HERE, "..", "lexicons", "places-curated.tsv"),
                  os.path.join(HERE, "..", "lexicons", "places-generated.tsv")]
DEFAULT_DICTS = ["/usr/share/dict/american-english", "/usr/share/dict/british-english"]
ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"

# Phoenix country prefixes that are not (current) ISO 3166-1 alpha-3 codes.
COUNTRY_FIX = {"KSV": "XKX", "TMP": "TLS"}

# Primary role codes (the 3 letters right after the country code) that stand for the
# state itself.
STATE_ROLES = {"GOV", "MIL", "LEG", "SPY", "COP"}

# International codes: longest matching prefix wins; None means skip.
IGO_MAP = [
    ("IGOUNOIAE", "IAEA"),
    ("IGOUNOAIE", None),          # International Energy Agency, not a UN body
    ("IGOUNOHLHWHO", "WHO"),
    ("IGOUNOWFP", "WFP"),
    ("IGOUNOREFHCR", "UNHCR"),
    ("IGOUNOKID", "UNICEF"),
    ("IGOUNODEVWBK", None),       # World Bank
    ("IGOUNOWBK", None),
    ("IGOUNOBUS", None),          # ICAO, UN Tourism: business
    ("IGOUNOJUD", None),          # ICJ, war-crimes tribunals: courts, not parties
    ("IGOUNO", "UN"),
    ("IGOWSTNAT", "NATO"),
    ("IGOEUREEC", "EU"),
    ("IGOEURSCE", "OSCE"),
    ("IGOEUR", None),             # generic Europe; exact IGOEUR handled below
    ("IGOAFRAFU", "AU"),
    ("IGOAFROAU", "AU"),
    ("IGOSEAASN", "ASEAN"),
    ("IGOPGSGCC", "GCC"),
    ("IGOWAFWAS", "ECOWAS"),
    ("IGOWAFBUSWAS", "ECOWAS"),
    ("IGOEAFDEVIAD", "IGAD"),
    ("IGODEVIAD", "IGAD"),
    ("IGOMEAARL", "ARAB_LEAGUE"),
    ("IGOMOSOICBUS", None),
    ("IGOMOSOIC", "OIC"),
]
# Exact codes: in these files the bare IGOEUR code is used only for OSCE
# secretaries-general, and bare IGOMOS for the Organisation of the Islamic Conference.
IGO_EXACT = {"IGOEUR": "OSCE", "IGOMOS": "OIC"}

PARTICLES_JOIN = {"AL", "EL"}                     # AL_ASSAD -> al-Assad
PARTICLES_LOWER = {"AL", "EL", "BIN", "BINT", "IBN", "DE", "DA", "DI", "DEL", "DELLA",
                   "DOS", "DAS", "DO", "DU", "VAN", "VON", "DER", "DEN", "Y", "ZU"}
SUFFIXES = {"JR", "JR.", "SR", "SR.", "II", "III", "IV", "V", "VI"}
ROMAN = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"}

# Leading honorifics stripped from a name (titles stay outside a PER span).
HONORIFICS = {"SIR", "DAME", "DR", "DR.", "MR", "MR.", "MRS", "MRS.", "MS", "MS.",
              "LORD", "LADY", "BARON", "BARONESS", "SHEIKH", "SHEIK", "SHAIKH", "SHAYKH",
              "KING", "QUEEN", "PRINCE", "PRINCESS", "EMIR", "HRH", "MULLAH", "MAULANA",
              "AYATOLLAH", "GRAND", "HOJATOLESLAM", "CARDINAL", "ARCHBISHOP", "BISHOP",
              "PROF", "PROF.", "PROFESSOR", "GENERAL", "GEN", "GEN.", "COLONEL", "COL.",
              "MARSHAL", "ADMIRAL", "ADM.", "CAPTAIN", "CAPT.", "MAJOR", "MAJ.",
              "BRIGADIER", "BRIG.", "LIEUTENANT", "LT.", "LYONPO", "DATUK", "DATO",
              "TAN", "SRI", "HAJ", "HAJJ", "HAJI", "CROWN"}
# Words that make a string an office or a title, not a plain name (checked for every
# entry).
TITLE_WORDS = set("""
OF THE AND FOR IN ON TO AT BY WITH FROM AS
PRESIDENT PRESIDENTS PRESIDENT-ELECT VICE VICE-PRESIDENT VICE-PREMIER MINISTER MINISTERS
MIN. MIN PREMIER PRIME AMBASSADOR AMB. SECRETARY SECRETARY-GENERAL SEC. SECY SECY.
CHAIRMAN CHAIRWOMAN CHAIRPERSON SPOKESMAN SPOKESWOMAN SPOKESPERSON ENVOY LEADER LEADERS
CHIEF COMMANDER DEPUTY FOREIGN DEFENSE DEFENCE INTERIOR SENATOR SEN. GOVERNOR GOV.
MAYOR OFFICIAL OFFICIALS SPEAKER CHANCELLOR REPRESENTATIVE REP. CONGRESSMAN
CONGRESSWOMAN DIRECTOR ADVISER ADVISOR AIDE NEGOTIATOR MEDIATOR COMMISSIONER ACTING
FORMER EX EX- INCUMBENT PM MP SERGEANT RAPPORTEUR COORDINATOR DELEGATE CONSUL ATTACHE
EMPEROR MONARCH REGENT VICEROY GENERAL
ADMINISTRATION GOVERNMENT MINISTRY MINISTRIES COUNCIL PARTY COMMITTEE PARLIAMENT
DEPARTMENT REGIME CABINET EMBASSY DELEGATION FORCES TROOPS ARMY
UN U.N. EU E.U. US U.S. UK U.K. USA NATO UNSC OSCE AU IAEA ICRC MC
""".split())
# Words that make a string an organisation or a place (checked only for entries that
# do not come from the CountryInfo leader lists, since many are also surnames: Green,
# Field, Church, Bank, House).
ORG_WORDS = set("""
MINISTRY MINISTRIES COUNCIL COUNCILS PARTY ARMY FORCES FORCE GOVERNMENT DEPARTMENT OFFICE
COMMITTEE ASSEMBLY PARLIAMENT CONGRESS SENATE COURT BANK AGENCY SERVICE SERVICES POLICE
GUARD GUARDS COMMISSION AUTHORITY BUREAU FRONT MOVEMENT UNION ORGANIZATION ORGANISATION
ASSOCIATION INSTITUTE UNIVERSITY COMPANY CORPORATION GROUP BRIGADE BRIGADES BATTALION
REGIMENT DIVISION COMMAND ALLIANCE COALITION NATIONAL FEDERAL STATE STATES REPUBLIC
REPUBLICAN DEMOCRATIC PEOPLE'S PEOPLES ISLAMIC REVOLUTIONARY MILITARY MILITIA SECURITY
INTELLIGENCE CABINET ADMINISTRATION HOUSE PALACE KREMLIN DUMA EMBASSY CONSULATE MISSION
DELEGATION TEAM BOARD FUND PROGRAM PROGRAMME TRIBUNAL CHAMBER SOLDIERS TROOPS UNITED
NATIONS AFFAIRS RELATIONS ECONOMY FINANCE TRADE JUNTA REGIME REBELS REBEL INSURGENTS
CENTRAL SUPREME HIGH COMMISSIONERS NAVY AIR POLICY SOCIALIST COMMUNIST LIBERAL
CONSERVATIVE LABOUR LABOR GREEN PEACE WAR TASK EMERGENCY OBSERVATORY NETWORK CENTRE
CENTER FOUNDATION TRUST SOCIETY CHURCH MOSQUE ISLAM MUSLIM BROTHERHOOD COUNTRIES COUNTRY
MEMBERS MEMBER STAFF FIELD OFFICER OFFICERS JUDGE JUSTICE HEAD CHAIR
ROYAL RIFLES MARINES LEGION COMMANDOS RANGERS PESHMERGA MERGA SABHA JAYSH JAISH JABHAT
LIWA KATAIB KATA'IB HARAKAT HIZB SARAYA SHURA MAJLIS
""".split())

# Source entries skipped by name: garbled (two people run together), a bank coded as a
# government office, and a UNICEF goodwill ambassador (an actor, not an official).
SKIP_ENTRIES = {"JACK_STRAW_DOUGLAS_ALEXANDER", "ABN_AMRO", "RALPH_FIENNES"}

LATIN_RE = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF.'\-]+$")


# ----------------------------------------------------------------------------------
# Text helpers

FOLD_EXTRA = str.maketrans({"ı": "i", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d",
                            "Đ": "d", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe",
                            "Œ": "oe", "þ": "th", "ð": "d", "ʼ": "'", "’": "'",
                            "‘": "'", "`": "'", "ʻ": "'", "‐": "-", "–": "-"})


def fold(s):
    """Case- and diacritic-insensitive key; hyphens count as spaces, periods and
    apostrophes are dropped."""
    s = s.translate(FOLD_EXTRA)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("-", " ").replace(".", "").replace("'", "")
    return " ".join(s.split())


def cap_word(w):
    """Proper-case one upper-case word (no hyphens)."""
    if not w:
        return w
    if w in ROMAN:
        return w
    if w in ("JR", "JR."):
        return "Jr."
    if w in ("SR", "SR."):
        return "Sr."
    if len(w) == 1 and w.isalpha():
        return w + "."                     # bare initial -> "R."
    if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?", w):     # initials: "K.", "A.P.J."
        return w
    if "'" in w:
        head, _, tail = w.partition("'")
        if len(head) == 1 and tail:        # O'BRIEN, D'ESCOTO
            return head + "'" + cap_word(tail)
        return head[:1] + head[1:].lower() + "'" + tail.lower()
    low = w.lower()
    if low.startswith("mc") and len(w) > 3:
        return "Mc" + w[2].upper() + w[3:].lower()
    return w[:1] + low[1:]


def proper_case(tokens):
    """Upper-case Phoenix tokens -> display tokens. Particles lower-case inside names;
    AL/EL join the following word with a hyphen."""
    out = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if t in PARTICLES_JOIN and (0 < i < n - 1 or (t == "AL" and i == 0 and n > 2)):
            if i == 0:                       # AL_BAGHDADI_ALI_... -> Al-Baghdadi Ali ...
                out.append("Al-" + "-".join(cap_word(p) for p in tokens[1].split("-")))
                i += 2
                continue
            out.append(t.lower() + "-" + "-".join(cap_word(p) for p in tokens[i + 1].split("-")))
            i += 2
            continue
        parts = t.split("-")
        if i > 0 and t in PARTICLES_LOWER:
            out.append(t.lower())
        elif len(parts) > 1 and parts[0] in ("AL", "EL") and i > 0:
            out.append(parts[0].lower() + "-" + "-".join(cap_word(p) for p in parts[1:]))
        else:
            out.append("-".join(cap_word(p) for p in parts))
        i += 1
    return out


def split_name(raw):
    """Phoenix name -> list of upper-case tokens (underscores and blanks separate)."""
    raw = raw.strip().strip("+")
    toks = [t for t in re.split(r"[_\s]+", raw) if t]
    return [t.upper() for t in toks]


def strip_honorifics(tokens):
    while len(tokens) > 2 and tokens[0] in HONORIFICS:
        tokens = tokens[1:]
    if len(tokens) == 2 and tokens[0] in HONORIFICS and tokens[0] not in ("TAN", "SRI"):
        tokens = tokens[1:]
    return tokens


def name_words(tokens):
    """Tokens that count as name words: not particles, suffixes or initials."""
    return [t for t in tokens
            if t not in PARTICLES_LOWER and t not in SUFFIXES
            and not re.fullmatch(r"[A-Z]\.?", t)]


def plain_name(tokens, place_words=None):
    """True if the tokens form a plain personal name. With @place_words (entries not
    from the CountryInfo leader lists) organisation and place words also disqualify."""
    if len(tokens) < 2:
        return False
    for t in tokens:
        if t in TITLE_WORDS or any(ch.isdigit() for ch in t) or "\ufffd" in t:
            return False
        if not LATIN_RE.match(t):
            return False
        if place_words is not None and (t in ORG_WORDS or t in place_words):
            return False
    return len(name_words(tokens)) >= 1


def person_shape(tokens, place_words=None):
    """Given name + surname: a plain name with at least two full name words."""
    return plain_name(tokens, place_words) and len(name_words(tokens)) >= 2


# ----------------------------------------------------------------------------------
# Dates

def parse_date(d):
    """Phoenix date -> 'YYYY-MM-DD' (or shorter if month/day are zero); None if bad.
    Six-digit dates are YYMMDD with years 00-14 in the 2000s and 31-99 in the 1900s
    (the files were built in January 2014 and contain no YY between 15 and 30)."""
    d = d.strip()
    if len(d) == 10 and d.startswith("19") and d[2:4] in ("19", "20"):
        d = d[2:]                           # typo '1920050709' -> '20050709'
    if len(d) == 6:
        yy = int(d[:2])
        if yy <= 14:
            year = 2000 + yy
        elif yy >= 31:
            year = 1900 + yy
        else:
            return None
        mm, dd = int(d[2:4]), int(d[4:6])
    elif len(d) == 8:
        year, mm, dd = int(d[:4]), int(d[4:6]), int(d[6:8])
    else:
        return None
    if not 1800 <= year <= 2014 or mm > 12 or dd > 31:
        return None
    if mm == 0:
        return "%04d" % year
    if dd == 0:
        return "%04d-%02d" % (year, mm)
    return "%04d-%02d-%02d" % (year, mm, dd)


def parse_code(spec):
    """'RUSGOV >20040309' -> ('RUSGOV', from, to); to None means open.
    Returns None for malformed specs."""
    m = re.fullmatch(r"\s*([A-Z]+)\s*(.*?)\s*", spec)
    if not m:
        return None
    code, dates = m.group(1), m.group(2).replace(" ", "")
    if not dates:
        return code, "", None
    if dates.startswith(">"):
        f = parse_date(dates[1:])
        return (code, f, None) if f else None
    if dates.startswith("<"):
        t = parse_date(dates[1:])
        return (code, "", t) if t else None
    if "-" in dates:
        a, b = dates.split("-", 1)
        f, t = parse_date(a), parse_date(b)
        if f and t and f <= t:
            return code, f, t
        return None
    return None                              # a lone date: meaning unclear


# ----------------------------------------------------------------------------------
# Parsing the .actors files

class Entry:
    __slots__ = ("name", "syns", "codes", "countryinfo", "src", "line")

    def __init__(self, name, countryinfo, src, line):
        self.name = name
        self.syns = []
        self.codes = []
        self.countryinfo = countryinfo
        self.src = src
        self.line = line


def read_actors(path):
    data = open(path, "rb").read().decode("utf-8", errors="replace")
    entries = []
    cur = None
    src = os.path.basename(path)
    for lineno, line in enumerate(data.splitlines(), 1):
        body, _, comment = line.partition("#")
        if not body.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", body)
        rest = re.sub(r"\[[^\]]*\]", " ", body)
        if line[:1] in (" ", "\t"):
            if cur is None:
                continue
            if rest.strip():                 # an indented name: treat as synonym
                cur.syns.append(rest.strip())
            cur.codes.extend(codes)
        elif line.startswith("+"):
            if cur is None:
                continue
            if rest.strip("+ \t"):
                cur.syns.append(rest.strip()[1:])
            cur.codes.extend(codes)
        else:
            cur = Entry(rest.strip(), "CountryInfo" in comment, src, lineno)
            cur.codes.extend(codes)
            entries.append(cur)
    return entries


def country_words(entries, iso):
    """Words of every country-level block (the country's names, demonyms, capitals,
    regions): entries whose code is a bare country code."""
    words = set()
    for e in entries:
        bare = [c for c in e.codes if re.fullmatch(r"\s*[A-Z]{3}(\s.*)?", c)]
        if not bare or not any(c.split()[0] in iso or c.split()[0] in COUNTRY_FIX
                               for c in bare):
            continue
        for n in [e.name] + e.syns:
            for t in split_name(n):
                if len(t) >= 3 and t not in PARTICLES_LOWER:
                    words.add(t)
    return words


def map_code(code, iso):
    """Phoenix code -> party, or None to skip."""
    if code.startswith("IGO"):
        if code in IGO_EXACT:
            return IGO_EXACT[code]
        for prefix, party in IGO_MAP:
            if code.startswith(prefix):
                return party
        return None
    if len(code) < 6:
        return None
    country = COUNTRY_FIX.get(code[:3], code[:3])
    if country not in iso:
        return None
    if code[3:6] not in STATE_ROLES:   # also rejects sub-state regions (GBRFLKGOV)
        return None
    return country


# ----------------------------------------------------------------------------------

def load_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


def load_curated(path):
    """Folded names and aliases of lexicons/people.tsv, and the folded words they use."""
    names, words = set(), set()
    if not os.path.exists(path):
        return names, words
    header = None
    for line in load_lines(path):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
            continue
        row = dict(zip(header, cols))
        forms = [row.get("name", "")] + [a for a in row.get("aliases", "").split(";") if a]
        for form in forms:
            k = fold(form)
            if len(k.split()) >= 2:
                names.add(k)
            words.update(k.split())
    return names, words


def load_place_names(paths):
    """Folded names (first column) of the project's place lexicons, if present."""
    names = set()
    for p in paths:
        if not os.path.exists(p):
            continue
        header = None
        for line in load_lines(p):
            if not line or line.startswith("#"):
                continue
            if header is None:
                header = line
                continue
            names.add(fold(line.split("\t")[0]))
    return names


def load_dict_words(paths):
    words = set()
    for p in paths:
        if os.path.exists(p):
            for w in load_lines(p):
                words.add(fold(w.split("'")[0]))
    return words


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+",
                    help="directory with the Phoenix files, or the Countries and "
                         "International .actors.txt files")
    ap.add_argument("--curated", default=DEFAULT_CURATED,
                    help="curated people.tsv whose persons are skipped "
                         "(default: lexicons/people.tsv next to this tool)")
    ap.add_argument("--dict", action="append", default=None,
                    help="English word list(s) for the surname test "
                         "(default: american-english and british-english)")
    ap.add_argument("--places", action="append", default=None,
                    help="place lexicon(s) whose names are never used as surname "
                         "aliases (default: lexicons/places-curated.tsv and "
                         "places-generated.tsv next to this tool, when present)")
    args = ap.parse_args(argv)

    if len(args.paths) == 1 and os.path.isdir(args.paths[0]):
        files = [os.path.join(args.paths[0], COUNTRIES),
                 os.path.join(args.paths[0], INTERNATIONAL)]
    else:
        files = args.paths
    iso = {c["alpha_3"] for c in json.load(open(ISO_JSON, encoding="utf-8"))["3166-1"]}
    iso.add("XKX")

    all_entries = []
    for f in files:
        all_entries.extend(read_actors(f))
    places = country_words([e for e in all_entries if e.src == COUNTRIES], iso)

    # 1. Persons with kept roles.
    persons = []          # (display tokens list of names, roles set)
    for e in all_entries:
        if e.name.strip("_ ") in SKIP_ENTRIES:
            continue
        roles = set()
        for spec in e.codes:
            pc = parse_code(spec)
            if pc is None:
                continue
            code, f, t = pc
            party = map_code(code, iso)
            if party is None:
                continue
            if t is not None and t <= CUTOFF:
                continue
            roles.add((party, code, f, t or ""))
        if not roles:
            continue
        pw = None if e.countryinfo else places
        if pw is not None and any(t in ORG_WORDS for raw in [e.name] + e.syns
                                  for t in split_name(raw)):
            continue                     # some form of it names an organisation
        forms = []
        for raw in [e.name] + e.syns:
            toks = split_name(raw)
            toks = strip_honorifics(toks)
            if plain_name(toks, pw):
                forms.append(toks)
        full = [f for f in forms if person_shape(f, pw)]
        if not full:
            continue
        # canonical: the entry's own name if it is a full name, else the first full
        # synonym
        # (a form that starts with a particle such as BIN_ is a fragment: alias only)
        full_start = [f for f in full if f[0] not in ("BIN", "BINT", "IBN", "Y", "ZU")]
        if not full_start:
            continue
        first = split_name(e.name)
        first = strip_honorifics(first)
        canon = first if first in full_start else full_start[0]
        persons.append((canon, forms, roles))

    # 2. Merge entries that share a full-name form and a party (union-find).
    parent = list(range(len(persons)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen = {}
    for i, (canon, forms, roles) in enumerate(persons):
        parties = {r[0] for r in roles}
        for toks in forms:
            if len(name_words(toks)) < 2:
                continue
            k = fold(" ".join(proper_case(toks)))
            for party in parties:
                j = seen.setdefault((k, party), i)
                if j != i:
                    parent[find(i)] = find(j)
    # Entries with the same canonical name are one lexicon name whatever their party
    # (the loader allows one party per name and file); see step 4.
    by_canon = {}
    for i, (canon, _, _) in enumerate(persons):
        j = by_canon.setdefault(fold(" ".join(proper_case(canon))), i)
        if j != i:
            parent[find(i)] = find(j)
    groups = {}
    for i in range(len(persons)):
        groups.setdefault(find(i), []).append(i)

    curated_names, curated_words = load_curated(args.curated)
    dict_words = load_dict_words(args.dict or DEFAULT_DICTS)
    place_names = load_place_names(args.places or DEFAULT_PLACES)

    people = []
    for members in groups.values():
        members.sort()                       # canonical name: first in file order
        canon_toks = persons[members[0]][0]
        canon = " ".join(proper_case(canon_toks))
        aliases, roles = [], set()
        keys = {fold(canon)}
        for i in members:
            _, forms, r = persons[i]
            roles |= r
            for toks in [persons[i][0]] + forms:
                disp = " ".join(proper_case(toks))
                k = fold(disp)
                if k not in keys:
                    keys.add(k)
                    aliases.append((toks, disp))
        people.append({"canon": canon, "canon_toks": canon_toks, "aliases": aliases,
                       "roles": roles, "keys": keys})

    # 3. Curated people win.
    people = [p for p in people if not (p["keys"] & curated_names)]

    # 4. One party per name: keep the party of the person's latest role (open-ended
    #    first, then the latest end, then the latest start) and drop the rows of other
    #    parties; then drop any alias that would still point to two parties.
    n_party_dropped = 0
    for p in people:
        latest = max(p["roles"], key=lambda r: (r[3] or "9999", r[2]))
        kept = {r for r in p["roles"] if r[0] == latest[0]}
        n_party_dropped += len(p["roles"]) - len(kept)
        p["roles"] = kept
        p["party"] = latest[0]
    key_parties = {}
    for p in people:
        for k in p["keys"]:
            key_parties.setdefault(k, set()).add(p["party"])
    n_alias_dropped = 0
    for p in people:
        bad = {k for k in p["keys"] if len(key_parties[k]) > 1 and k != fold(p["canon"])}
        if bad:
            n_alias_dropped += len(bad)
            p["keys"] -= bad
            p["aliases"] = [(t, d) for t, d in p["aliases"] if fold(d) not in bad]

    # 5. Surname aliases: unique across the output (any name word of any other person,
    #    and any word of the curated lexicon), >= 5 letters, not an English word, not a
    #    place name of the place lexicons.
    word_owners = {}
    for idx, p in enumerate(people):
        for k in p["keys"]:
            for w in k.split():
                word_owners.setdefault(w, set()).add(idx)

    for idx, p in enumerate(people):
        final = [disp for _, disp in p["aliases"]]
        disp_toks = [t for t in proper_case(p["canon_toks"])
                     if t.upper().rstrip(".") not in {x.rstrip(".") for x in SUFFIXES}]
        cands = []
        if disp_toks:
            last = disp_toks[-1]
            cands = [last]
            bare = re.sub(r"^(al|el)-", "", last)
            if bare != last:
                cands.append(bare)
        for c in cands:
            k = fold(c)
            core = re.sub(r"^(al|el) ", "", k)
            if len(core) < 5 or not core.isalpha():
                continue
            if core in dict_words or core in curated_words or core in place_names:
                continue
            if word_owners.get(core, set()) - {idx}:
                continue
            if k not in p["keys"]:
                p["keys"].add(k)
                final.append(c)
        p["final_aliases"] = final

    # 6. Rows.
    rows = set()
    for p in people:
        alias = ";".join(p["final_aliases"])
        for party, code, f, t in merge_roles(p["roles"]):
            rows.add((p["canon"], alias, party, code, f, t))
    rows = sorted(rows, key=lambda r: (fold(r[0]), r[0], r[4], r[3], r[2], r[5]))

    out = sys.stdout
    cmd = "python3 tools/phoenix2tsv.py %s > lexicons/people-phoenix.tsv" % " ".join(
        args.paths)
    out.write(HEADER.format(licence=LICENCE, cmd=cmd, cutoff=CUTOFF))
    out.write("name\taliases\tparty\trole\tfrom\tto\n")
    for r in rows:
        assert all(f == f.strip() and "\t" not in f and "\n" not in f for f in r)
        out.write("\t".join(r) + "\n")
    sys.stderr.write("phoenix2tsv: %d rows, %d persons; %d roles of a second party and "
                     "%d ambiguous aliases dropped\n"
                     % (len(rows), len(people), n_party_dropped, n_alias_dropped))
    return 0


def merge_roles(roles):
    """Merge overlapping date ranges of the same (party, code). An undated code is
    kept only when the person has no dated range for that code."""
    lo, hi = "0000", "9999"
    by = {}
    for party, code, f, t in roles:
        by.setdefault((party, code), []).append((f or lo, t or hi))
    out = []
    for (party, code), spans in by.items():
        dated = sorted(s for s in spans if s != (lo, hi))
        if not dated:
            out.append((party, code, "", ""))
            continue
        merged = []
        for f, t in dated:
            if merged and f <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], t))
            else:
                merged.append((f, t))
        for f, t in merged:
            out.append((party, code, "" if f == lo else f, "" if t == hi else t))
    return out


HEADER = """\
# People from the Phoenix actor dictionaries (generated; do not edit by hand).
# Source: Phoenix.Countries.actors.txt and Phoenix.International.actors.txt,
#   {licence}
#   Built from the CountryInfo file of the Computational Event Data System project
#   (NSF SES-1004414, SES-1259190). The source stops in January 2014.
# Regenerate with:
#   {cmd}
# Kept: persons (given name + surname shape) holding a role whose code is a state's
#   government, military, legislature or security organ (country + GOV with any
#   sector suffix, e.g. GOVMIL defence, GOVBUS economy, GOVMED information ministers;
#   MIL, LEG, SPY, COP), party = the ISO alpha-3 country (KSV -> XKX, TMP -> TLS), or
#   an international role mapped to a party code (IGOUNO -> UN, IGOUNOKID -> UNICEF,
#   IGOUNOREFHCR -> UNHCR, IGOUNOWFP -> WFP, IGOUNOHLHWHO -> WHO, IGOUNOIAE -> IAEA,
#   IGOWSTNAT -> NATO, IGOEUREEC -> EU, IGOEURSCE/IGOEUR -> OSCE, IGOAFRAFU -> AU,
#   IGOSEAASN -> ASEAN, IGOPGSGCC -> GCC, IGOWAFWAS -> ECOWAS, IGO*IAD -> IGAD,
#   IGOMEAARL -> ARAB_LEAGUE, IGOMOS(OIC) -> OIC), whose date range ends after
#   {cutoff} or is open.
# Skipped: roles whose primary code is ELI (out of office), OPP or REB (their party is
#   not the state), BUS, MED, REL, CRM, NGO, MNC; sub-state territories (GBRFLKGOV,
#   USAASMGOV, ...); defunct states (USR, YUG, SCG, ...); World Bank, IMF, courts and
#   other IGOs without a party code; persons already in lexicons/people.tsv (matched
#   on any full name form after folding case and diacritics: the curated file wins).
# One party per name (the loader flags a name with two parties in one file): a person
#   with roles for two parties keeps only the party of the latest role.
# Columns: role = the Phoenix code; from/to = the Phoenix dates, overlapping ranges of
#   one code merged; an empty `to` means open in Phoenix, i.e. in office when the
#   source was built (January 2014), not necessarily later; empty from and to:
#   undated in Phoenix.
# Aliases: Phoenix `+` synonyms that are plain name variants (forms with titles or
#   offices dropped, leading honorifics removed), plus the surname alone (with and
#   without al-/el-) when it is a word of no other person here or in people.tsv, has
#   at least 5 letters, is not in /usr/share/dict/american-english or british-english
#   and is not a place name in lexicons/places-curated.tsv or places-generated.tsv.
#   Variants that differ only in case or diacritics are merged.
"""


if __name__ == "__main__":
    sys.exit(main())
