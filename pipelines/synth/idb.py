"""`doedocket synth idb`: a deterministic generator of FJC IDB civil files (synthetic data).

Writes the exact layout of the FJC Integrated Database civil file (`cv88on.txt`): the 46-column
header, tab-separated, cp1252, CRLF, `-8` for missing values, `01/01/1900` for no date, text
district codes, PLT/DEF cut at 30 characters, quoted values where a name has a comma or quote.
The rows follow the shapes the literature reports, not real cases:

- civil filings 1988-2025 across the 94 districts, about 2% of them copyright (NOS 820) by
  default (`copyright_share`), copyright volume peaking in 2012-2015;
- the share of copyright filings against Doe defendants near 0 before 2004, about 10-15% in the
  2004-2008 music wave, about half in 2013-2015 (`DOE_SHARE`);
- Doe suits come from a few campaign plaintiffs, each filing hundreds of near-identical suits
  ("DOES 1-N", "JOHN DOE SUBSCRIBER ASSIGNED I…"), mostly ended by voluntary dismissal; a few
  captions are long enough that the 30-character cut takes the end of the Doe count;
- about 2% of terminated cases appear twice (an older tape year with stale values: the newest
  tape year must win), about 0.4% are reopened (same docket, ORIGIN 4, a later filing date);
  a few names use cp1252 characters and quoting.

Every party name starts with "SYNTHETIC" and the default file name says "synthetic", so the
output is never mistaken for real records. Same rows, seed and share: byte-identical file.
The file is written in batches, so 10 million rows never sit in memory.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

from pipelines.sources.idb import COLUMNS, districts
from pipelines.synth.options import non_negative, share_up_to

FIRST_YEAR, LAST_YEAR = 1988, 2025
SNAPSHOT = date(2025, 9, 30)  # the last day the synthetic file "knows"; later terminations are pending
NO_DATE, MISSING, PENDING_TAPE = "01/01/1900", "-8", 2099
NAME_WIDTH = 30
BATCH = 20_000

# Share of copyright filings against Does, by filing year (years not listed: the nearest earlier).
DOE_SHARE = {
    1988: 0.005, 2004: 0.12, 2005: 0.15, 2006: 0.14, 2007: 0.12, 2008: 0.08, 2009: 0.06,
    2010: 0.30, 2011: 0.42, 2012: 0.46, 2013: 0.50, 2014: 0.52, 2015: 0.50, 2016: 0.45,
    2017: 0.42, 2018: 0.44, 2019: 0.36, 2020: 0.30, 2021: 0.28, 2022: 0.30,
}
# Copyright filings per year relative to the pre-2004 level.
COPYRIGHT_WEIGHT = {
    1988: 1.0, 2004: 1.5, 2010: 2.0, 2011: 2.5, 2012: 3.0, 2013: 3.2, 2014: 3.2, 2015: 3.4,
    2016: 2.8, 2017: 2.6, 2018: 2.7, 2019: 2.2, 2020: 2.0, 2021: 1.8,
}
# Campaign plaintiffs: name, first and last filing year, weight, caption styles.
CAMPAIGNS = (
    ("SYNTHETIC RECORDING GROUP, INC.", 2004, 2009, 12, ("small_range",)),
    ("SYNTHETIC SOUND RECORDS, LLC", 2004, 2008, 6, ("small_range",)),
    ("SYNTHETIC HARD DISK PRODUCTIONS, INC.", 2010, 2013, 8, ("large_range", "single")),
    ("SYNTHETIC ADULT FILMS, LLC", 2010, 2014, 7, ("large_range",)),
    ("SYNTHETIC NIGHT PICTURES, INC.", 2010, 2012, 4, ("large_range",)),
    ("SYNTHETIC BUYERS CLUB, LLC", 2013, 2016, 6, ("mid_range", "single")),
    ("SYNTHETIC MEDIA HOLDINGS, LLC", 2012, 2019, 30, ("subscriber", "single")),
    ("SYNTHETIC COBBLER FILMS, LLC", 2015, 2017, 5, ("mid_range", "single")),
    ("SYNTHETIC MOTION PRODUCTIONS INC", 2016, 2019, 5, ("single", "ip_doe")),
    ("SYNTHETIC STRIKE HOLDINGS, LLC", 2017, 2025, 28, ("subscriber", "single")),
    ("SYNTHETIC VENICE PI, LLC", 2016, 2019, 4, ("single", "mid_range")),
    ("SYNTHETIC VIXEN-LIKE MEDIA, LLC", 2019, 2025, 6, ("subscriber",)),
)
# Dispositions (DISP code, weight).
DOE_DISP = ((12, 72), (13, 7), (2, 7), (14, 8), (4, 2), (17, 2), (18, 2))
COPYRIGHT_DISP = ((13, 32), (12, 25), (4, 12), (14, 10), (5, 6), (6, 5), (2, 4), (0, 3), (17, 2), (9, 1))
OTHER_DISP = ((12, 20), (13, 20), (14, 12), (6, 12), (2, 6), (0, 6), (1, 5), (3, 3), (4, 4), (5, 3),
              (7, 2), (9, 1), (17, 4), (18, 2))
# Non-copyright natures of suit and weights.
OTHER_NOS = ((440, 9), (442, 8), (190, 8), (110, 6), (360, 6), (362, 4), (365, 7), (470, 2), (510, 5),
             (530, 6), (550, 5), (555, 3), (710, 4), (790, 2), (791, 2), (830, 1), (840, 1), (850, 1),
             (863, 3), (870, 1), (890, 4), (895, 1), (950, 1), (150, 1), (290, 2), (320, 1), (350, 2),
             (370, 2), (380, 1), (385, 1), (625, 1), (751, 1), (220, 2), (230, 1), (240, 1))
_WORDS_A = ("ATLANTIC", "BLUE", "CAPITOL", "DELTA", "EMPIRE", "FRONTIER", "GOLDEN", "HARBOR", "IRON",
            "JUPITER", "KEYSTONE", "LIBERTY", "MERIDIAN", "NORTHERN", "OCEAN", "PIONEER", "QUARTZ",
            "RIVERSIDE", "SUMMIT", "TRIDENT", "UNION", "VALLEY", "WESTERN", "INTERNATIONAL")
_WORDS_B = ("MUSIC", "PUBLISHING", "SOFTWARE", "PICTURES", "BROADCASTING", "DESIGNS", "FABRICS",
            "PHOTOGRAPHY", "TEXTILES", "RECORDS", "ENTERTAINMENT", "GAMES", "ARCHITECTS", "MAPS")
_SUFFIXES = ("INC.", "LLC", "CORP.", "CO.", "LTD", ", INC.", ", LLC", "CORPORATION", "L.L.C.")
# cp1252 names (É, Ñ, ’, –, é) and a quoted name: rare, as in the real file.
# Districts with the most civil filings: three times the weight of the others.
_BIG = {"cacd", "nysd", "ilnd", "txsd", "flsd", "njd", "paed", "nyed", "cand", "mied", "gand", "txnd"}
_SPECIAL_NAMES = ("SYNTHETIC CAFÉ MÚSICA, S.A.", "SYNTHETIC O’NEILL RECORDS", "SYNTHETIC PEÑA EDITORES",
                  "SYNTHETIC SOUNDS – EUROPE LTD", 'SYNTHETIC "BIG" TUNES INC', "SYNTHETIC RENÉ DESIGNS")


@dataclass(frozen=True)
class Summary:
    """What one generation wrote."""

    path: str
    rows: int
    copyright_rows: int
    doe_rows: int
    duplicate_rows: int
    copyright_duplicate_rows: int
    reopened_rows: int


def _step(table: dict[int, float], year: int) -> float:
    return table[max(y for y in table if y <= year)]


def _cumulative(pairs) -> tuple[list, list[float]]:
    values, total, cum = [], 0.0, []
    for value, weight in pairs:
        total += weight
        values.append(value)
        cum.append(total)
    return values, cum


def _fiscal_year(day: date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def _cut(name: str) -> str:
    return name[:NAME_WIDTH]


def _field(text: str) -> str:
    """A PLT/DEF value as the file writes it: quoted when it has a comma or a quote."""
    if "," in text or '"' in text:
        return '"' + text.replace('"', '""') + '"'
    return text


class _Generator:
    """The random model; `records()` yields finished lines, one case record at a time."""

    def __init__(self, seed: int, copyright_share: float) -> None:
        self.rng = random.Random(seed)
        self.rand = self.rng.random
        self.districts = districts()
        weights = [(d, 3.0 if d.court_id in _BIG else 1.0) for d in self.districts]
        self.district_values, self.district_cum = _cumulative(weights)
        self.years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        mean_weight = sum(_step(COPYRIGHT_WEIGHT, y) for y in self.years) / len(self.years)
        self.p_copyright = {y: min(0.95, copyright_share * _step(COPYRIGHT_WEIGHT, y) / mean_weight)
                            for y in self.years}
        self.doe_disp = _cumulative(DOE_DISP)
        self.copyright_disp = _cumulative(COPYRIGHT_DISP)
        self.other_disp = _cumulative(OTHER_DISP)
        self.other_nos = _cumulative(OTHER_NOS)
        self.sequence: dict[tuple[str, int], int] = {}
        self.dates: dict[date, str] = {}
        self.campaign_districts = {c[0]: self._campaign_districts() for c in CAMPAIGNS}
        self.plaintiffs = [_cut(self._company()) for _ in range(3000)]
        self.parties = [_cut(self._company()) for _ in range(5000)]

    # -- small pieces ------------------------------------------------------------------------
    def _campaign_districts(self) -> list:
        """Where one campaign files: 2-7 districts, big districts more often."""
        chosen: list = []
        while len(chosen) < 2 + self._between(0, 6):
            district = self._pick((self.district_values, self.district_cum))
            if district not in chosen:
                chosen.append(district)
        return chosen

    def _company(self) -> str:
        if self.rand() < 0.004:
            return self._choice(_SPECIAL_NAMES)
        suffix = self._choice(_SUFFIXES)
        sep = "" if suffix.startswith(",") else " "
        return f"SYNTHETIC {self._choice(_WORDS_A)} {self._choice(_WORDS_B)}{sep}{suffix}"

    def _pick(self, table: tuple[list, list[float]]):
        values, cum = table
        return values[bisect_right(cum, self.rand() * cum[-1])]

    def _choice(self, seq):
        return seq[int(self.rand() * len(seq))]

    def _between(self, low: int, high: int) -> int:
        return low + int(self.rand() * (high - low))

    def _date(self, day: date) -> str:
        text = self.dates.get(day)
        if text is None:
            text = self.dates[day] = day.strftime("%m/%d/%Y")
        return text

    def _docket(self, district: str, year: int) -> str:
        key = (district, year)
        seq = self.sequence.get(key, self._between(1, 400)) + 1 + (self.rand() < 0.3)
        self.sequence[key] = seq
        return f"{year % 100:02d}{seq % 100000:05d}"

    def _skewed(self, pool: list[str]) -> str:
        return pool[int(len(pool) * self.rand() ** 2)]

    def _doe_caption(self, style: str) -> str:
        if style == "small_range":
            return f"DOES 1-{2 + int(self.rand() ** 2 * 40)}"
        if style in ("large_range", "mid_range"):
            median = 80 if style == "large_range" else 25
            n = min(5865, max(2, int(self.rng.lognormvariate(math.log(median), 1.1))))
            form = self.rand()
            if form < 0.6:
                return f"DOES 1-{n}"
            if form < 0.85:
                return f"JOHN DOES 1-{n}"
            if form < 0.95:
                return f"DOES 1 THROUGH {n}"
            return _cut(f"UNKNOWN SWARM MEMBERS DOES 1-{n}")  # the count is cut: DEF keeps 30 characters
        if style == "subscriber":
            return _cut(f"JOHN DOE SUBSCRIBER ASSIGNED IP ADDRESS 203.0.113.{self._between(1, 255)}")
        if style == "ip_doe":
            return f"DOE-198.51.100.{self._between(1, 255)}"
        return self._choice(("JOHN DOE", "JOHN DOE", "DOE, JOHN", "DOE", "JOHN DOE 1"))

    def _campaign(self, year: int):
        active = [c for c in CAMPAIGNS if c[1] <= year <= c[2]]
        if not active:
            return None
        return self.rng.choices(active, weights=[c[3] for c in active])[0]

    # -- one case ------------------------------------------------------------------------------
    def case(self) -> dict:
        """One case: filing, parties, outcome (before tape-year and reopening variants)."""
        year = self.years[int(self.rand() * len(self.years))]
        days_in_year = (SNAPSHOT - date(year, 1, 1)).days + 1 if year == SNAPSHOT.year else 365
        filed = date(year, 1, 1) + timedelta(days=int(self.rand() * days_in_year))
        copyright_case = self.rand() < self.p_copyright[year]
        doe = False
        if copyright_case:
            nos = 820
            campaign = self._campaign(year) if self.rand() < _step(DOE_SHARE, year) else None
            if campaign is not None:
                doe = True
                plaintiff = _cut(campaign[0])
                defendant = self._doe_caption(self._choice(campaign[4]))
                district = self._choice(self.campaign_districts[campaign[0]])
            elif year < 2004 and self.rand() < _step(DOE_SHARE, year):
                doe = True
                plaintiff = self._skewed(self.plaintiffs)
                defendant = "DOES 1-" + str(2 + self._between(0, 8))
                district = self._pick((self.district_values, self.district_cum))
            else:
                plaintiff = self._skewed(self.plaintiffs)
                defendant = self._choice(self.parties)
                district = self._pick((self.district_values, self.district_cum))
            disp_table = self.doe_disp if doe else self.copyright_disp
            median_days = 140 if doe else 300
        else:
            nos = self._pick(self.other_nos)
            plaintiff = self._choice(self.parties)
            defendant = self._choice(self.parties)
            district = self._pick((self.district_values, self.district_cum))
            disp_table = self.other_disp
            median_days = 330
        days = max(1, int(self.rng.lognormvariate(math.log(median_days), 0.9)))
        terminated = filed + timedelta(days=days)
        pending = terminated > SNAPSHOT
        return dict(
            district=district, office=str(1 + int(self.rand() * 3)), docket=self._docket(district.code, year),
            origin=1 if self.rand() < 0.88 else self._choice((2, 5, 6)), filed=filed, nos=nos,
            plaintiff=plaintiff, defendant=defendant, doe=doe,
            terminated=None if pending else terminated,
            disp=None if pending else self._pick(disp_table),
        )

    def line(self, c: dict, tape_year: int | None = None) -> str:
        """The IDB line of case `c` (in the 46 columns' order)."""
        d = c["district"]
        filed = self._date(c["filed"])
        terminated = c["terminated"]
        term = self._date(terminated) if terminated else NO_DATE
        disp = c["disp"]
        if tape_year is None:
            tape_year = _fiscal_year(terminated) if terminated else PENDING_TAPE
        judgment = MISSING
        if disp in (4, 5, 6, 7, 9, 17):
            judgment = "1" if disp in (4, 5) or self.rand() < 0.6 else str(self._choice((2, 3, 4)))
        copyright_case = c["nos"] == 820
        fields = (
            str(d.circuit), d.code, c["office"], c["docket"], str(c["origin"]), filed, filed,
            "3" if copyright_case else str(self._choice((1, 2, 3, 3, 4))), str(c["nos"]),
            "17" if copyright_case else MISSING, "0501" if copyright_case else MISSING, MISSING, MISSING,
            self._choice(("Y", "N", MISSING)), MISSING, MISSING if self.rand() < 0.8 else str(self._between(1, 9999)),
            "", "", f"{self._between(1001, 56999):05d}", MISSING, MISSING,
            _field(c["plaintiff"]), _field(c["defendant"]), MISSING, MISSING, MISSING, MISSING,
            term, term, MISSING, "", "", MISSING if disp is None else str(self._between(1, 14)),
            MISSING if disp is None else str(disp), "0", MISSING if disp is None else "0", judgment,
            NO_DATE, NO_DATE, NO_DATE, NO_DATE, MISSING, "0", MISSING, "L" if disp is None else "S",
            str(tape_year),
        )
        return "\t".join(fields) + "\r\n"

    def records(self):
        """Yield (kind, line, is_doe, nos) forever; kind is 'case', 'duplicate' or 'reopened'."""
        while True:
            c = self.case()
            extra = []
            if c["terminated"] is not None and self.rand() < 0.02:
                stale = dict(c, disp=18, terminated=c["filed"] + (c["terminated"] - c["filed"]) / 2)
                extra.append(("duplicate", self.line(stale, _fiscal_year(c["terminated"]) - 1)))
            if c["terminated"] is not None and self.rand() < 0.004:
                refiled = c["terminated"] + timedelta(days=30 + self._between(0, 400))
                if refiled <= SNAPSHOT:
                    end = refiled + timedelta(days=30 + self._between(0, 300))
                    again = dict(c, origin=4, filed=refiled, terminated=None if end > SNAPSHOT else end,
                                 disp=None if end > SNAPSHOT else self._pick(self.other_disp))
                    extra.append(("reopened", self.line(again)))
            lines = [("case", self.line(c))] + extra
            if len(lines) > 1 and self.rand() < 0.5:
                lines.reverse()
            yield from ((kind, line, c["doe"], c["nos"]) for kind, line in lines)


def generate(out: BinaryIO, rows: int, seed: int, *, copyright_share: float = 0.02) -> Summary:
    """Write a synthetic IDB file of `rows` data lines (after the header) to the binary `out`."""
    gen = _Generator(seed, copyright_share)
    out.write(("\t".join(COLUMNS) + "\r\n").encode("cp1252"))
    counts = dict(case=0, duplicate=0, reopened=0, copyright=0, doe=0, copyright_duplicate=0)
    batch: list[str] = []
    records = gen.records()
    for _ in range(rows):
        kind, line, doe, nos = next(records)
        counts[kind] += 1
        counts["copyright"] += nos == 820
        counts["doe"] += doe
        counts["copyright_duplicate"] += kind == "duplicate" and nos == 820
        batch.append(line)
        if len(batch) >= BATCH:
            out.write("".join(batch).encode("cp1252"))
            batch.clear()
    out.write("".join(batch).encode("cp1252"))
    return Summary(path=getattr(out, "name", ""), rows=rows, copyright_rows=counts["copyright"],
                   doe_rows=counts["doe"], duplicate_rows=counts["duplicate"],
                   copyright_duplicate_rows=counts["copyright_duplicate"], reopened_rows=counts["reopened"])


def write(path: Path, rows: int, seed: int, *, copyright_share: float = 0.02) -> Summary:
    """`generate` into the file at `path` (created or replaced)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb", buffering=1 << 20) as fh:
        summary = generate(fh, rows, seed, copyright_share=copyright_share)
    return Summary(**{**summary.__dict__, "path": str(path)})


def _cmd(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else Path(f"idb_synthetic_seed{args.seed}_{args.rows}.txt")
    s = write(out, args.rows, args.seed, copyright_share=args.copyright_share)
    print(f"wrote SYNTHETIC FJC IDB file {s.path}: {s.rows} rows, {s.copyright_rows} copyright "
          f"({s.doe_rows} against Does), {s.duplicate_rows} stale tape-year duplicates, {s.reopened_rows} reopened")
    if "synth" not in out.name.lower():
        print(f"note: {out.name} does not say 'synthetic'; consider naming it so", file=sys.stderr)
    return 0


def add_parser(kinds: argparse._SubParsersAction) -> None:
    """`doedocket synth idb --rows N --seed S [--out FILE] [--copyright-share X]`."""
    p = kinds.add_parser("idb", help="a synthetic FJC IDB civil file (cv88on.txt layout)")
    p.add_argument("--rows", type=non_negative, required=True, help="data lines to write (after the header)")
    p.add_argument("--seed", type=int, default=0, help="same seed, same file (default 0)")
    p.add_argument("--out", help="file to write (default idb_synthetic_seed<S>_<N>.txt)")
    p.add_argument("--copyright-share", type=share_up_to(0.95), default=0.02,
                   help="share of rows that are copyright (NOS 820) cases on average (default 0.02)")
    p.set_defaults(func=_cmd)
