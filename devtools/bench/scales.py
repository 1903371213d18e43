"""Dataset sizes: national (34 provinces), province (1/30 of it), tiny (for tests)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: int
    units: int  # all units, boards and dissolved districts included
    directives: int
    items: int
    assignments: int
    obligations: int  # the aim; the count follows from cadences and issue dates
    summary_assignments: int = 500  # the directive the summary is measured on
    repeats: int = 30  # HTTP calls per operation (fewer when an operation is slow)


# Per province: the province committee, the Standing Committee (leaders), three boards,
# four provincial bodies and eight districts dissolved on 1/7/2025; the rest communes.
FIXED_PER_PROVINCE = 17

SCALES = {
    "national": Scale("national", provinces=34, units=3_500, directives=2_000, items=30_000,
                      assignments=1_000_000, obligations=3_000_000, repeats=20),
    "province": Scale("province", provinces=1, units=117, directives=67, items=1_000,
                      assignments=33_333, obligations=100_000),
    "tiny": Scale("tiny", provinces=2, units=2 * (FIXED_PER_PROVINCE + 12), directives=6,
                  items=40, assignments=300, obligations=900, summary_assignments=36,
                  repeats=3),
}
