#!/usr/bin/env python3
"""External oracle for postcheck's checksum detectors, with python-stdnum as the truth.

Generates candidate numbers of each kind (IBANs of every registered country,
payment card numbers, Swiss AHV numbers, German tax IDs, Swiss UIDs and EU VAT
numbers), many valid and many not (one digit changed, two neighbours swapped,
wrong check digits, random bodies), asks python-stdnum whether each one is
valid, embeds it in a short sentence in German, English, French or Italian, runs
our detector on the sentence (through the `detect` example, which reports byte
offsets) and checks that exactly the valid ones are flagged at medium
confidence or above, with the span of the whole value.

Usage: oracle.py PATH/TO/detect
Exit status 0 when every candidate got the expected answer, 1 otherwise.
"""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass

import stdnum
from stdnum import iban, luhn, numdb
from stdnum.ch import ssn, uid
from stdnum.de import idnr
from stdnum.es import ccc
from stdnum.eu import vat
from stdnum.iso7064 import mod_11_10

SEED = 20260401
rng = random.Random(SEED)


@dataclass
class Case:
    kind: str  # what is tested, for the report
    detector: str  # our detector id
    value: str  # the value as written in the sentence
    valid: bool  # stdnum's verdict (the truth)
    sentence: str  # the sentence holding the value once
    note: str  # how the candidate was made


# ---------------------------------------------------------------- sentences

TEMPLATES = {
    "iban": [
        "Spenden für den Sponsorenlauf bitte an {v}, merci!",
        "Please transfer the fee to {v} before Friday.",
        "Pour la cagnotte de Marc : {v} (merci à tous).",
        "Per il regalo di Anna: IBAN {v}",
        "Konto {v}",
    ],
    "payment-card": [
        "Kann mir jemand sagen, warum die Karte {v} abgelehnt wird?",
        "Test order paid with {v} went through.",
        "Le paiement avec la carte {v} a échoué hier.",
        "Pagato con {v} ieri sera.",
        "{v}",
    ],
    "ahv": [
        "Meine AHV-Nummer ist {v}, falls HR fragt.",
        "Neue Versichertenkarte: {v}",
        "Mon numéro AVS : {v}.",
        "Il mio numero AVS è {v}.",
    ],
    "de-tax-id": [
        "Meine Steuer-ID lautet {v}, das Formular ist raus.",
        "My German tax ID is {v}.",
        "Steuerliche Identifikationsnummer: {v}",
        "Identifiant fiscal allemand (IdNr) : {v}",
    ],
    "ch-uid": [
        "Rechnung bitte an die UID {v} stellen.",
        "Our Swiss entity ({v}) is the contracting party.",
        "Numéro IDE {v} pour la facture.",
        "Fatturare a {v}, grazie.",
    ],
    "eu-vat": [
        "Unsere USt-IdNr. ist {v}.",
        "VAT number: {v}",
        "Numéro de TVA intracommunautaire {v}, merci.",
        "Partita IVA {v} per la fattura.",
    ],
}

NO_CONTEXT = [
    "Referenz {v} im Ticket.",
    "See {v} for details.",
    "Code {v}",
]


def embed(kind: str, value: str) -> str:
    return rng.choice(TEMPLATES[kind]).replace("{v}", value)


# ---------------------------------------------------------------- mutations

def change_digit(value: str) -> str | None:
    pos = [i for i, c in enumerate(value) if c.isdigit()]
    if not pos:
        return None
    i = rng.choice(pos)
    new = rng.choice([d for d in string.digits if d != value[i]])
    return value[:i] + new + value[i + 1:]


def transpose(value: str) -> str | None:
    pairs = [
        i for i in range(len(value) - 1)
        if value[i].isalnum() and value[i + 1].isalnum() and value[i] != value[i + 1]
    ]
    if not pairs:
        return None
    i = rng.choice(pairs)
    return value[:i] + value[i + 1] + value[i] + value[i + 2:]


def mutations(value: str) -> list[tuple[str, str]]:
    out = []
    for name, fn in (("one digit changed", change_digit), ("neighbours swapped", transpose)):
        m = fn(value)
        if m and m != value:
            out.append((m, name))
    return out


def group(s: str, sizes: list[int], sep: str = " ") -> str:
    parts, i = [], 0
    for n in sizes:
        if i >= len(s):
            break
        parts.append(s[i:i + n])
        i += n
    if i < len(s):
        parts.append(s[i:])
    return sep.join(parts)


# ---------------------------------------------------------------- generators

def gen_iban(cases: list[Case]) -> None:
    db = numdb.get("iban")
    be_banks = numdb.get("be/banks")
    countries = []
    for length, low, high, props, _children in db.prefixes:
        if "bban" in props:
            countries.append((low, props["bban"]))
    for cc, structure in countries:
        parts = [(int(n), t) for n, t in __import__("re").findall(r"(\d+)!([nac])", structure)]
        for k in range(4):
            bban = ""
            for n, t in parts:
                alphabet = {"n": string.digits, "a": string.ascii_uppercase,
                            "c": string.digits + string.ascii_uppercase}[t]
                bban += "".join(rng.choice(alphabet) for _ in range(n))
            fix_national = k < 3  # one in four keeps random national check digits
            if cc == "BE":
                while True:
                    code = "%03d" % rng.randrange(1000)
                    if be_banks.info(code)[0][1]:
                        break
                body = code + bban[3:10]
                check = int(body) % 97 or 97
                bban = body + ("%02d" % check if fix_national else bban[10:])
            elif cc == "ES" and fix_national:
                bban = bban[:8] + ccc.calc_check_digits(bban) + bban[10:]
            elif cc == "ME" and fix_national:
                body = bban[:-2]
                bban = body + "%02d" % ((1 - int(body) * 100) % 97)
            elif cc == "NO" and fix_national:
                weights = (6, 7, 8, 9, 4, 5, 6, 7, 8, 9)
                for _ in range(100):
                    body = "".join(rng.choice(string.digits) for _ in range(10))
                    c = sum(w * int(x) for w, x in zip(weights, body)) % 11
                    if c < 10:
                        bban = body + str(c)
                        break
            number = cc + iban.calc_check_digits(cc + "00" + bban) + bban
            fmt = iban.format(number) if k % 2 == 0 else number
            made = [(fmt, "generated")]
            made += mutations(fmt)
            wrong = "%02d" % ((int(number[2:4]) + rng.randrange(1, 97)) % 100)
            made.append((fmt[:2] + wrong + fmt[4:], "wrong check digits"))
            for value, note in made:
                cases.append(Case("iban", "iban", value, iban.is_valid(value), embed("iban", value), note))


# Card schemes: prefix ranges and lengths (written here independently of the Rust table).
CARD_SCHEMES = [
    ("Visa", [(4, 4)], [13, 16, 19]),
    ("Mastercard", [(51, 55), (2221, 2720)], [16]),
    ("Amex", [(34, 34), (37, 37)], [15]),
    ("Diners", [(36, 36), (300, 305), (38, 39)], [14, 16]),
    ("Discover", [(6011, 6011), (644, 649), (65, 65)], [16, 19]),
    ("JCB", [(3528, 3589)], [16]),
    ("UnionPay", [(62, 62)], [16, 17, 18, 19]),
    ("Maestro", [(50, 50), (56, 58), (67, 67)], [12, 13, 16, 19]),
    ("Mir", [(2200, 2204)], [16]),
]


def card_plausible(digits: str) -> bool:
    for _name, ranges, lengths in CARD_SCHEMES:
        for low, high in ranges:
            n = len(str(low))
            if low <= int(digits[:n]) <= high and len(digits) in lengths:
                return True
    # other prefixes that the schemes above do not list but our detector knows
    p2, p3, p4, p6 = int(digits[:2]), int(digits[:3]), int(digits[:4]), int(digits[:6])
    n = len(digits)
    return ((p2 == 36 or 300 <= p3 <= 305 or p2 in (38, 39)) and 14 <= n <= 19) \
        or ((p4 == 6011 or 644 <= p3 <= 649 or p2 == 65 or 622126 <= p6 <= 622925) and 16 <= n <= 19) \
        or (3528 <= p4 <= 3589 and 16 <= n <= 19) \
        or (2200 <= p4 <= 2204 and 16 <= n <= 19) \
        or ((p2 == 50 or 56 <= p2 <= 69) and 12 <= n <= 19) \
        or (p2 == 62 and 16 <= n <= 19)


def card_truth(value: str) -> bool:
    digits = "".join(c for c in value if c.isdigit())
    if len(set(digits)) == 1:
        return False  # one repeated digit is a placeholder
    return luhn.is_valid(digits) and card_plausible(digits)


def gen_cards(cases: list[Case]) -> None:
    for name, ranges, lengths in CARD_SCHEMES:
        for k in range(24):
            low, high = rng.choice(ranges)
            prefix = str(rng.randint(low, high))
            length = rng.choice(lengths)
            body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
            number = body + luhn.calc_check_digit(body)
            style = k % 4
            if style == 0:
                fmt = number
            elif style == 1:
                fmt = group(number, [4, 6, 5]) if length == 15 else group(number, [4, 4, 4, 4, 4])
            elif style == 2:
                fmt = group(number, [4, 4, 4, 4, 4], "-")
            else:
                fmt = group(number, [4, 4, 4, 4, 4], "\u00a0")
            made = [(fmt, "generated")] + mutations(fmt)
            wrong = str((int(number[-1]) + rng.randrange(1, 10)) % 10)
            made.append((fmt[:-1] + wrong, "wrong check digit"))
            for value, note in made:
                truth = card_truth(value)
                sentence = embed("payment-card", value)
                if truth and barcode_alike(value, sentence):
                    truth, note = False, note + " (also a valid EAN-13, unspaced, no card word: a barcode)"
                cases.append(Case("payment-card", "payment-card", value, truth, sentence, note))


CARD_WORDS = ("karte", "card", "carte", "carta", "paid with", "pagato con", "paiement", "visa")


def barcode_alike(value: str, sentence: str) -> bool:
    """A 13-digit number that is also a valid EAN-13, written unspaced, with no
    card word around it, is taken for a product barcode: 13-digit Visa numbers
    are no longer issued, barcodes are everywhere (see payment_card.rs)."""
    from stdnum import ean
    digits = "".join(c for c in value if c.isdigit())
    return len(digits) == 13 and value.isdigit() and ean.is_valid(digits) \
        and not any(w in sentence.lower() for w in CARD_WORDS)


def gen_ahv(cases: list[Case]) -> None:
    from stdnum import ean
    for k in range(120):
        prefix = "756" if k % 10 else rng.choice(["757", "765", "746", "760"])
        body = prefix + "".join(rng.choice(string.digits) for _ in range(9))
        number = body + ean.calc_check_digit(body)
        fmt = ssn.format(number) if k % 3 else number
        made = [(fmt, "generated" if prefix == "756" else "other prefix")] + mutations(fmt)
        wrong = str((int(number[-1]) + rng.randrange(1, 10)) % 10)
        made.append((fmt[:-1] + wrong, "wrong check digit"))
        for value, note in made:
            cases.append(Case("ahv", "ahv", value, ssn.is_valid(value), embed("ahv", value), note))


def tax_id_body() -> str:
    """Ten digits, first not 0, following the repetition rule half of the time."""
    if rng.random() < 0.5:
        return str(rng.randint(1, 9)) + rand_digits(9)
    digits = rng.sample(string.digits, 9)
    repeated = rng.choice(digits)
    digits.append(repeated)
    if rng.random() < 0.3:
        digits.remove(next(d for d in digits if d != repeated))
        digits.append(repeated)
    rng.shuffle(digits)
    if digits[0] == "0":
        i = next(i for i, d in enumerate(digits) if d != "0")
        digits[0], digits[i] = digits[i], digits[0]
    return "".join(digits)


def gen_tax_ids(cases: list[Case], bare: list[Case]) -> None:
    for k in range(200):
        body = tax_id_body()
        number = body + mod_11_10.calc_check_digit(body)
        fmt = idnr.format(number) if k % 2 else number
        made = [(fmt, "generated")] + mutations(fmt)
        wrong = str((int(number[-1]) + rng.randrange(1, 10)) % 10)
        made.append((fmt[:-1] + wrong, "wrong check digit"))
        for value, note in made:
            cases.append(Case("de-tax-id", "de-tax-id", value, idnr.is_valid(value), embed("de-tax-id", value), note))
        if idnr.is_valid(fmt):
            sentence = rng.choice(NO_CONTEXT).replace("{v}", fmt)
            bare.append(Case("de-tax-id without context", "de-tax-id", fmt, False, sentence, "no context word"))


def gen_uids(cases: list[Case]) -> None:
    for k in range(120):
        body = "".join(rng.choice(string.digits) for _ in range(8))
        check = uid.calc_check_digit(body)
        number = "CHE" + body + (check if len(check) == 1 else rng.choice(string.digits))
        fmt = uid.format(number) if k % 3 else number
        suffix = " " + rng.choice(["MWST", "TVA", "IVA"]) if k % 4 == 0 else ""
        made = [(fmt, "generated")] + mutations(fmt)
        last = max(i for i, c in enumerate(fmt) if c.isdigit())
        made.append((fmt[:last] + str((int(fmt[last]) + rng.randrange(1, 10)) % 10) + fmt[last + 1:], "wrong check digit"))
        for core, note in made:
            value = core + suffix
            cases.append(Case("ch-uid", "ch-uid", value, uid.is_valid(core), embed("ch-uid", value), note))


def rand_digits(n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


FR_KEYS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

VAT_SHAPES = {
    "AT": lambda: "U" + rand_digits(8),
    "BE": lambda: rng.choice("01") + rand_digits(9),
    "DE": lambda: str(rng.randint(1, 9)) + rand_digits(8),
    "DK": lambda: str(rng.randint(1, 9)) + rand_digits(7),
    "EE": lambda: "10" + rand_digits(7),
    "EL": lambda: rand_digits(9),
    "FI": lambda: rand_digits(8),
    "FR": lambda: (rand_digits(2) if rng.random() < 0.6 else rng.choice(FR_KEYS) + rng.choice(FR_KEYS[10:])) + rand_digits(9),
    "HR": lambda: rand_digits(11),
    "HU": lambda: rand_digits(8),
    "IT": lambda: rand_digits(7) + "%03d" % rng.randint(1, 100) + rand_digits(1),
    "LU": lambda: rand_digits(8),
    "NL": lambda: rand_digits(9) + "B" + "%02d" % rng.randint(1, 99),
    "PL": lambda: rand_digits(10),
    "PT": lambda: str(rng.randint(1, 9)) + rand_digits(8),
    "SE": lambda: rand_digits(10) + "01",
    "SI": lambda: str(rng.randint(1, 9)) + rand_digits(7),
}


def gen_vat(cases: list[Case]) -> None:
    for cc, shape in VAT_SHAPES.items():
        valid: list[str] = []
        randoms: list[str] = []
        tries = 0
        while len(valid) < 12 and tries < 20000:
            tries += 1
            number = cc + shape()
            if vat.is_valid(number):
                valid.append(number)
            elif len(randoms) < 6:
                randoms.append(number)
        for value in randoms:
            cases.append(Case("eu-vat", "eu-vat", value, vat.is_valid(value), embed("eu-vat", value), "random body"))
        for k, number in enumerate(valid):
            fmt = number if k % 2 == 0 else cc + " " + number[2:]
            made = [(fmt, "generated")] + mutations(fmt)
            last = max(i for i, c in enumerate(fmt) if c.isdigit())
            made.append((fmt[:last] + str((int(fmt[last]) + rng.randrange(1, 10)) % 10) + fmt[last + 1:], "wrong check digit"))
            for value, note in made:
                cases.append(Case("eu-vat", "eu-vat", value, vat.is_valid(value), embed("eu-vat", value), note))


# ---------------------------------------------------------------- running

def run_detector(binary: str, cases: list[Case]) -> list[list]:
    lines = "".join(json.dumps({"detector": c.detector, "text": c.sentence}) + "\n" for c in cases)
    out = subprocess.run([binary], input=lines, capture_output=True, text=True, check=True).stdout.splitlines()
    if len(out) != len(cases):
        raise SystemExit(f"detect answered {len(out)} lines for {len(cases)} requests")
    results = []
    for line in out:
        answer = json.loads(line)
        if "error" in answer:
            raise SystemExit(f"detect: {answer['error']}")
        results.append(answer["spans"])
    return results


def value_range(case: Case) -> tuple[int, int]:
    raw = case.sentence.encode()
    start = raw.index(case.value.encode())
    return start, start + len(case.value.encode())


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    cases: list[Case] = []
    bare: list[Case] = []
    gen_iban(cases)
    gen_cards(cases)
    gen_ahv(cases)
    gen_tax_ids(cases, bare)
    gen_uids(cases)
    gen_vat(cases)
    everything = cases + bare
    results = run_detector(binary, everything)

    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    failures: list[str] = []
    for case, spans in zip(everything, results):
        start, end = value_range(case)
        shown = [s for s in spans if s[2] in ("medium", "high") and s[0] < end and s[1] > start]
        exact = any(s[0] == start and s[1] == end for s in shown)
        st = stats[case.kind]
        if case.valid:
            st["valid"] += 1
            if exact:
                st["valid flagged"] += 1
            else:
                failures.append(f"[{case.kind}] MISSED valid {case.value!r} ({case.note}) in {case.sentence!r}: spans {spans}")
        else:
            st["invalid"] += 1
            if shown:
                failures.append(f"[{case.kind}] FLAGGED invalid {case.value!r} ({case.note}) in {case.sentence!r}: spans {spans}")
            else:
                st["invalid not flagged"] += 1

    print(f"python-stdnum {stdnum.__version__}, seed {SEED}")
    print(f"{'kind':<28}{'valid':>7}{'flagged':>9}{'invalid':>9}{'silent':>8}")
    for kind, st in stats.items():
        print(f"{kind:<28}{st['valid']:>7}{st['valid flagged']:>9}{st['invalid']:>9}{st['invalid not flagged']:>8}")
    for f in failures[:40]:
        print(f)
    if len(failures) > 40:
        print(f"... and {len(failures) - 40} more")
    passed = len(everything) - len(failures)
    print(f"stdnum oracle: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
