"""The IKM of Permenpan-RB No. 14/2017 (generator/endpoint/skm.py): method, table, validation."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from generator.endpoint import skm


def respondents(distribution: dict[str, list[tuple[int, int]]]) -> list[dict[str, int]]:
    """Answers from "so many people gave this value" per element (every element sums to the same n)."""
    columns = {code: [value for count, value in spec for _ in range(count)] for code, spec in distribution.items()}
    sizes = {len(c) for c in columns.values()}
    assert len(sizes) == 1, sizes
    return [{code: columns[code][i] for code in skm.CODES} for i in range(sizes.pop())]


# A published worked example under the regulation's method: 29 respondents, nine elements
# (per-element totals U1–U9: 105, 101, 100, 116, 102, 105, 106, 115, 105; 955 in all; the
# example numbers sarana U8 and pengaduan U9, the regulation's element list the other way round).
WORKED = respondents({
    "u1": [(18, 4), (11, 3)], "u2": [(14, 4), (15, 3)], "u3": [(15, 4), (12, 3), (2, 2)],
    "u4": [(29, 4)], "u5": [(15, 4), (14, 3)], "u6": [(18, 4), (11, 3)], "u7": [(19, 4), (10, 3)],
    "u8": [(28, 4), (1, 3)], "u9": [(18, 4), (11, 3)],
})


def test_the_worked_example_is_reproduced() -> None:
    index = skm.compute(WORKED)
    assert index.respondents == 29
    # NRR per element as the example prints them, four decimals.
    printed = {"u1": "3.6207", "u2": "3.4828", "u3": "3.4483", "u4": "4.0000", "u5": "3.5172", "u6": "3.6207",
               "u7": "3.6552", "u8": "3.9655", "u9": "3.6207"}
    for code, value in printed.items():
        assert Decimal(index.element_means[code].numerator) / index.element_means[code].denominator \
            == pytest.approx(Decimal(value), abs=Decimal("0.00005")), code
    assert sum(index.element_means.values()) == Fraction(955, 29)
    # Σ NRR × 1/9 = 955 / 261 = 3.6590…; × 25 = 91.4751… → 91.48: grade A, "Sangat Baik".
    assert index.index == Fraction(955, 261)
    assert skm.two_places(index.converted) == Decimal("91.48")
    assert index.grade.letter == "A" and index.grade.performance["id"] == "Sangat Baik"
    row = index.row()
    assert row["ikm"] == 91.48 and row["index"] == 3.659 and row["u3"] == 3.448


def test_the_printed_weight_0_11_is_refused_because_it_does_not_add_up_to_one() -> None:
    # The regulation prints 1/9 as "0,11"; nine of them make 0,99 and would give 90,56 for the
    # example above instead of 91,48. Weights that do not add up to 1 are refused.
    rounded = {code: Fraction(11, 100) for code in skm.CODES}
    with pytest.raises(ValueError, match="add up to 1"):
        skm.compute(WORKED, weights=rounded)
    # A unit may weigh the elements differently (the regulation allows it) when they add up to 1.
    heavier = {code: Fraction(1, 10) for code in skm.CODES}
    heavier["u3"] = Fraction(2, 10)
    index = skm.compute(WORKED, weights=heavier)
    expected = sum(index.element_means[c] for c in skm.CODES) / 10 + index.element_means["u3"] / 10
    assert index.index == expected


@pytest.mark.parametrize("converted, letter, words", [
    (25, "D", "Tidak Baik"), (Fraction(6499, 100), "D", "Tidak Baik"), (Fraction(64994, 1000), "D", "Tidak Baik"),
    (Fraction(64995, 1000), "C", "Kurang Baik"), (65, "C", "Kurang Baik"), (Fraction(7660, 100), "C", "Kurang Baik"),
    (Fraction(7661, 100), "B", "Baik"), (Fraction(8830, 100), "B", "Baik"),
    (Fraction(8831, 100), "A", "Sangat Baik"), (100, "A", "Sangat Baik"),
])
def test_grade_boundaries_follow_the_interval_table(converted, letter, words) -> None:
    grade = skm.grade(converted)
    assert (grade.letter, grade.performance["id"]) == (letter, words)


def test_the_index_intervals_printed_beside_the_conversion_agree_with_it() -> None:
    # The table gives both scales: NI ×25 lands on the NIK boundaries at two decimals.
    for g in skm.GRADES:
        low, high = (Decimal(x.replace(",", ".")) for x in skm.INDEX_INTERVALS[g.letter])
        assert skm.grade(low * 25).letter == g.letter and skm.grade(high * 25).letter == g.letter
    with pytest.raises(ValueError):
        skm.grade(Fraction(2499, 100))


def test_every_element_is_answered_on_the_four_point_scale_in_order() -> None:
    assert [e["code"] for e in skm.ELEMENTS] == [f"u{n}" for n in range(1, 10)]
    assert all(len(e["options"]) == 4 for e in skm.ELEMENTS)
    names = [e["name"]["id"] for e in skm.ELEMENTS]
    assert names[0] == "Persyaratan" and names[7].startswith("Penanganan pengaduan") and \
        names[8] == "Sarana dan prasarana"
    assert skm.ELEMENTS[3]["options"][0]["id"] == "Sangat mahal" and skm.ELEMENTS[3]["options"][3]["id"] == "Gratis"
    with pytest.raises(ValueError):
        skm.compute([{**WORKED[0], "u1": 5}])
    assert skm.compute([]) is None


def test_validation_names_each_unanswered_element_and_a_wrong_profile_value() -> None:
    clean, errors = skm.validate({"u1": "4", "u2": "0", "gender": "X", "age": "7"})
    assert set(errors) == {"u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "gender", "age"}
    assert clean["u1"] == 4
    full = {code: "3" for code in skm.CODES}
    clean, errors = skm.validate({**full, "education": "S1", "age": "34"}, lang="en")
    assert not errors and clean["education"] == "S1" and clean["age"] == 34 and clean["gender"] is None


def test_the_report_groups_by_period_service_and_branch() -> None:
    answers = [{**WORKED[i], "service": "tanya-pustakawan" if i % 2 else "peminjaman",
                "branch": "pusat" if i < 10 else "cabang", "answered_on": "2026-02-10" if i < 20 else "2026-07-01"}
               for i in range(29)]
    rows = skm.report(answers, granularity="semester")
    total = [r for r in rows if r["period"] == "2026-S1" and not r["service"] and not r["branch"]]
    assert total and total[0]["n"] == 20
    per_service = {r["service"]: r["n"] for r in rows if r["period"] == "2026-S1" and r["service"]}
    assert per_service == {"peminjaman": 10, "tanya-pustakawan": 10}
    assert {r["period"] for r in skm.report(answers, granularity="bulan")} == {"2026-02", "2026-07"}
    assert skm.period_of("2026-08-17", "triwulan") == "2026-T3" and skm.period_of("2026-08-17", "tahun") == "2026"
