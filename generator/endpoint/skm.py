"""The Survei Kepuasan Masyarakat (SKM) of Permenpan-RB No. 14 Tahun 2017, as data and arithmetic.

Pure: no storage, no web. The questionnaire (nine elements U1–U9, each answered on the
regulation's four-point scale with its own wording of the options, and the respondent
profile the regulation's form asks for) and the index (IKM):

- the average of each element over the respondents (nilai rata-rata per unsur, NRR);
- weighted and summed: every element weighs the same, 1/9, and the weights add up to 1
  (the regulation prints the weight rounded, "1/9 = 0,11"; nine times 0,11 is only 0,99,
  which would understate every index by 1 %, so the exact ninth is used);
- the sum is the IKM on the 1–4 scale, converted ×25 to the 25–100 scale (nilai dasar 25);
- the conversion gives the quality grade (mutu pelayanan A–D) and the unit's performance
  (kinerja unit pelayanan) by the regulation's interval table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

#: The nine elements (unsur) in the regulation's order, each with the question of its sample
#: form and the four answers from 1 (worst) to 4 (best).
ELEMENTS: tuple[dict[str, Any], ...] = (
    {"code": "u1", "name": {"id": "Persyaratan", "en": "Requirements"},
     "question": {"id": "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
                  "en": "How well do the requirements of the service fit the kind of service?"},
     "options": ({"id": "Tidak sesuai", "en": "Not suitable"}, {"id": "Kurang sesuai", "en": "Hardly suitable"},
                 {"id": "Sesuai", "en": "Suitable"}, {"id": "Sangat sesuai", "en": "Very suitable"})},
    {"code": "u2", "name": {"id": "Sistem, mekanisme, dan prosedur", "en": "System, mechanism and procedure"},
     "question": {"id": "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
                  "en": "How easy did you find the procedure of the service here?"},
     "options": ({"id": "Tidak mudah", "en": "Not easy"}, {"id": "Kurang mudah", "en": "Hardly easy"},
                 {"id": "Mudah", "en": "Easy"}, {"id": "Sangat mudah", "en": "Very easy"})},
    {"code": "u3", "name": {"id": "Waktu penyelesaian", "en": "Completion time"},
     "question": {"id": "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
                  "en": "How fast was the service given?"},
     "options": ({"id": "Tidak cepat", "en": "Not fast"}, {"id": "Kurang cepat", "en": "Hardly fast"},
                 {"id": "Cepat", "en": "Fast"}, {"id": "Sangat cepat", "en": "Very fast"})},
    {"code": "u4", "name": {"id": "Biaya/tarif", "en": "Cost/fee"},
     "question": {"id": "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
                  "en": "How fair was the cost or fee of the service?"},
     "options": ({"id": "Sangat mahal", "en": "Very expensive"}, {"id": "Cukup mahal", "en": "Rather expensive"},
                 {"id": "Murah", "en": "Cheap"}, {"id": "Gratis", "en": "Free"})},
    {"code": "u5", "name": {"id": "Produk spesifikasi jenis pelayanan", "en": "Product of the service"},
     "question": {"id": "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
                        "dalam standar pelayanan dengan hasil yang diberikan?",
                  "en": "How well did what you received match the product promised in the service standard?"},
     "options": ({"id": "Tidak sesuai", "en": "Not matching"}, {"id": "Kurang sesuai", "en": "Hardly matching"},
                 {"id": "Sesuai", "en": "Matching"}, {"id": "Sangat sesuai", "en": "Fully matching"})},
    {"code": "u6", "name": {"id": "Kompetensi pelaksana", "en": "Competence of the staff"},
     "question": {"id": "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
                  "en": "How competent were the staff who served you?"},
     "options": ({"id": "Tidak kompeten", "en": "Not competent"}, {"id": "Kurang kompeten", "en": "Hardly competent"},
                 {"id": "Kompeten", "en": "Competent"}, {"id": "Sangat kompeten", "en": "Very competent"})},
    {"code": "u7", "name": {"id": "Perilaku pelaksana", "en": "Conduct of the staff"},
     "question": {"id": "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan "
                        "dan keramahan?",
                  "en": "How polite and friendly were the staff?"},
     "options": ({"id": "Tidak sopan dan ramah", "en": "Not polite and friendly"},
                 {"id": "Kurang sopan dan ramah", "en": "Hardly polite and friendly"},
                 {"id": "Sopan dan ramah", "en": "Polite and friendly"},
                 {"id": "Sangat sopan dan ramah", "en": "Very polite and friendly"})},
    {"code": "u8", "name": {"id": "Penanganan pengaduan, saran, dan masukan",
                            "en": "Handling of complaints, suggestions and input"},
     "question": {"id": "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
                  "en": "How are the complaints of service users handled?"},
     "options": ({"id": "Tidak ada", "en": "There is none"},
                 {"id": "Ada tetapi tidak berfungsi", "en": "It exists but does not work"},
                 {"id": "Berfungsi kurang maksimal", "en": "It works, but not fully"},
                 {"id": "Dikelola dengan baik", "en": "It is well managed"})},
    {"code": "u9", "name": {"id": "Sarana dan prasarana", "en": "Facilities and infrastructure"},
     "question": {"id": "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
                  "en": "What is the quality of the facilities and infrastructure?"},
     "options": ({"id": "Buruk", "en": "Poor"}, {"id": "Cukup", "en": "Fair"}, {"id": "Baik", "en": "Good"},
                 {"id": "Sangat baik", "en": "Very good"})},
)
CODES = tuple(e["code"] for e in ELEMENTS)

#: The respondent profile of the regulation's form. Optional (UU 27/2022: no more personal
#: data than the reader chooses to give), stored apart from any ticket, reported only in counts.
PROFILE: tuple[dict[str, Any], ...] = (
    {"name": "gender", "label": {"id": "Jenis kelamin", "en": "Sex"},
     "options": (("L", {"id": "Laki-laki", "en": "Male"}), ("P", {"id": "Perempuan", "en": "Female"}))},
    {"name": "education", "label": {"id": "Pendidikan", "en": "Education"},
     "options": tuple((v, {"id": v, "en": v}) for v in ("SD", "SMP", "SMA", "D1-D3", "D4", "S1", "S2", "S3"))},
    {"name": "occupation", "label": {"id": "Pekerjaan", "en": "Occupation"},
     "options": (("PNS", {"id": "PNS", "en": "Civil servant"}), ("TNI", {"id": "TNI", "en": "Armed forces"}),
                 ("POLRI", {"id": "POLRI", "en": "Police"}), ("swasta", {"id": "Swasta", "en": "Private sector"}),
                 ("wirausaha", {"id": "Wirausaha", "en": "Self-employed"}),
                 ("lainnya", {"id": "Lainnya", "en": "Other"}))},
)
AGE_RANGE = (10, 120)


@dataclass(frozen=True)
class Grade:
    """One row of the regulation's interval table."""

    letter: str  # mutu pelayanan
    performance: dict[str, str]  # kinerja unit pelayanan
    low: Decimal  # lowest converted value (nilai interval konversi) of the row
    high: Decimal


#: Nilai interval konversi (25–100) per grade, as the regulation tabulates them, two decimals.
GRADES: tuple[Grade, ...] = (
    Grade("D", {"id": "Tidak Baik", "en": "Poor"}, Decimal("25.00"), Decimal("64.99")),
    Grade("C", {"id": "Kurang Baik", "en": "Fair"}, Decimal("65.00"), Decimal("76.60")),
    Grade("B", {"id": "Baik", "en": "Good"}, Decimal("76.61"), Decimal("88.30")),
    Grade("A", {"id": "Sangat Baik", "en": "Very good"}, Decimal("88.31"), Decimal("100.00")),
)
#: Nilai interval on the 1–4 scale, as the regulation prints them beside the conversion.
INDEX_INTERVALS = {"D": ("1,00", "2,5996"), "C": ("2,60", "3,064"), "B": ("3,0644", "3,532"), "A": ("3,5324", "4,00")}
CONVERSION = 25  # nilai dasar


def two_places(value: Fraction | float) -> Decimal:
    """A value as the regulation writes it: two decimals, halves rounded up."""
    return (Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction)
            else Decimal(str(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def grade(converted: Fraction | float) -> Grade:
    """The grade of a converted index (25–100), read from the table at its two decimals."""
    value = two_places(converted)
    if not GRADES[0].low <= value <= GRADES[-1].high:
        raise ValueError(f"an IKM on the 25–100 scale was expected, got {value}")
    return next(g for g in reversed(GRADES) if value >= g.low)


@dataclass(frozen=True)
class Index:
    respondents: int
    element_means: dict[str, Fraction]  # NRR per unsur
    index: Fraction  # IKM on the 1–4 scale: Σ NRR × weight
    converted: Fraction  # ×25
    grade: Grade

    def row(self) -> dict[str, Any]:
        """Plain numbers for a page or a CSV: NRR to three decimals, the index to four, IKM to two."""
        out: dict[str, Any] = {"n": self.respondents}
        for code, mean in self.element_means.items():
            out[code] = float(round(mean, 3))
        out.update(index=float(round(self.index, 4)), ikm=float(two_places(self.converted)),
                   grade=self.grade.letter, performance=self.grade.performance)
        return out


def compute(responses: Iterable[Mapping[str, Any]], *,
            weights: Mapping[str, Fraction] | None = None) -> Index | None:
    """The IKM of some answers (each with u1…u9 in 1–4); None without any answer.

    `weights` lets a unit weigh the elements differently, as the regulation allows, as long
    as they add up to exactly 1.
    """
    weights = dict(weights) if weights else {code: Fraction(1, len(CODES)) for code in CODES}
    if set(weights) != set(CODES) or sum(weights.values()) != 1:
        raise ValueError("the weights must name the nine elements and add up to 1")
    totals = {code: 0 for code in CODES}
    count = 0
    for response in responses:
        for code in CODES:
            value = int(response[code])
            if not 1 <= value <= 4:
                raise ValueError(f"{code} must be 1 to 4, got {value}")
            totals[code] += value
        count += 1
    if not count:
        return None
    means = {code: Fraction(totals[code], count) for code in CODES}
    index = sum((means[code] * Fraction(weights[code]) for code in CODES), Fraction(0))
    converted = index * CONVERSION
    return Index(count, means, index, converted, grade(converted))


def validate(values: Mapping[str, Any], *, lang: str = "id") -> tuple[dict[str, Any], dict[str, str]]:
    """A submitted survey: (clean answer, {field: message}); every field is checked."""
    en = lang == "en"
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for element in ELEMENTS:
        raw = str(values.get(element["code"], "")).strip()
        if raw not in ("1", "2", "3", "4"):
            errors[element["code"]] = "Choose one answer." if en else "Pilih salah satu jawaban."
        else:
            clean[element["code"]] = int(raw)
    for field in PROFILE:
        raw = str(values.get(field["name"], "")).strip()
        if raw and raw not in {v for v, _ in field["options"]}:
            errors[field["name"]] = "Choose one of the options." if en else "Pilih salah satu pilihan."
        clean[field["name"]] = raw or None
    raw_age = str(values.get("age", "")).strip()
    if raw_age:
        if not raw_age.isdigit() or not AGE_RANGE[0] <= int(raw_age) <= AGE_RANGE[1]:
            errors["age"] = (f"Write your age in years ({AGE_RANGE[0]}–{AGE_RANGE[1]})." if en else
                             f"Tulis usia dalam tahun ({AGE_RANGE[0]}–{AGE_RANGE[1]}).")
        else:
            clean["age"] = int(raw_age)
    else:
        clean["age"] = None
    return clean, errors


PERIODS = {"bulan": "Bulan", "triwulan": "Triwulan", "semester": "Semester", "tahun": "Tahun"}


def period_of(day: str, granularity: str) -> str:
    """``2026-08-17`` → ``2026-08`` / ``2026-T3`` / ``2026-S2`` / ``2026``."""
    year, month = day[:4], int(day[5:7])
    if granularity == "bulan":
        return day[:7]
    if granularity == "triwulan":
        return f"{year}-T{(month - 1) // 3 + 1}"
    if granularity == "semester":
        return f"{year}-S{(month - 1) // 6 + 1}"
    assert granularity == "tahun", f"unknown period {granularity!r}"
    return year


def profile_counts(responses: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """How many respondents gave each profile answer (and how many left it empty): counts only."""
    out = []
    for field in PROFILE:
        counts = {value: 0 for value, _ in field["options"]}
        empty = 0
        for r in responses:
            if r.get(field["name"]) in counts:
                counts[r[field["name"]]] += 1
            else:
                empty += 1
        out.append({"name": field["name"], "label": field["label"],
                    "counts": [(label, counts[value]) for value, label in field["options"]], "empty": empty})
    ages = [r["age"] for r in responses if r.get("age")]
    bands: dict[str, int] = {}
    for low, high in ((0, 19), (20, 29), (30, 39), (40, 49), (50, 59), (60, 200)):
        name = f"{low}–{high}" if high < 200 else f"{low}+"
        bands[name] = sum(1 for a in ages if low <= a <= high)
    out.append({"name": "age", "label": {"id": "Usia (tahun)", "en": "Age (years)"},
                "counts": [({"id": k, "en": k}, v) for k, v in bands.items()], "empty": len(responses) - len(ages)})
    return out


def report(responses: Sequence[Mapping[str, Any]], *, granularity: str = "triwulan") -> list[dict[str, Any]]:
    """IKM rows per period: the whole library, then per service and per branch within it."""
    groups: dict[tuple[str, str, str], list[Mapping[str, Any]]] = {}
    for r in responses:
        period = period_of(r["answered_on"], granularity)
        for key in ((period, "", ""), (period, r["service"], ""), (period, "", r["branch"] or "-")):
            groups.setdefault(key, []).append(r)
    rows = []
    for (period, service, branch), members in sorted(groups.items()):
        index = compute(members)
        assert index is not None
        rows.append({"period": period, "service": service, "branch": branch, **index.row()})
    return rows
