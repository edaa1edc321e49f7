"""The layout thresholds of the PDF reader, as one frozen settings object (pdfplumber's
`TableSettings` is the model): every number that decides where a line, a column, a paragraph, a
page's furniture or a table cut by a page break begins and ends, with its name and its default.

Distances are PDF points (1/72 inch; OCR words are converted from pixels to points before they
get here), shares are fractions of the page (or of the pages, or of a row's cells). Each value's
comment says what it was measured on: which documents of the corpus (`../shared/corpus`) read
differently when it is moved.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..errors import InvalidSetting


@dataclass(frozen=True)
class LayoutSettings:
    """The PDF reader's layout thresholds. "Moved" notes: what changes on the corpus PDFs when the
    value is moved by a quarter either way (whole numbers by one); "no change" means the value is a
    margin that no corpus page comes near."""

    # ---- words → lines
    # a gap this wide inside a line splits it into column segments (letterhead: agency | motto;
    # signature: recipients | signer). Moved: at 18 two OCR lines of the Quảng Ngãi scan split,
    # at 30 the letterhead columns of lamdong_ttr_666 and of the Hồ Chí Minh letter join (their
    # narrowest column gaps are 24–25 pt).
    segment_gap: float = 24.0
    # words whose tops differ by at most max(line_tolerance, size × line_tolerance_size) share a
    # line. The size term decides at 10–14 pt; the floor is for small print (no change).
    line_tolerance: float = 2.5
    # moved: at 0.225 the OCR lines of the Lâm Đồng police scan (whose word boxes wobble) break
    # apart (69 blocks), at 0.375 lines of that scan and the Quảng Ngãi scan run together.
    line_tolerance_size: float = 0.3
    # a line is bold (italic) when this share of its characters is set in a bold (italic) font.
    # Moved: at 0.45 a regular paragraph of the Hải Dương PDF with a bold phrase turns bold (and
    # parts of 13 blocks with it), at 0.75 italic lines of cp_nd_45_2026's forms with upright dots
    # and digits stop being italic.
    style_share: float = 0.6

    # ---- running headers, footers and page numbers
    # the top and bottom share of the page where running furniture sits. Page numbers of the
    # corpus sit 30–38 pt from the top of an 842 pt page (0.09 of it is 76 pt). Moved: at 0.0675
    # five running lines of the Ministry of Justice list (btp_cv1043) are kept as text.
    margin_zone: float = 0.09
    # a margin line repeated (digits ignored) on `furniture_share` of the pages, and on at least
    # `furniture_min_repeats` pages, is furniture; only documents of `furniture_min_pages` pages
    # or more are judged (in a 2-page letter a repeat is chance). No change.
    furniture_share: float = 0.5
    furniture_min_repeats: int = 2
    furniture_min_pages: int = 3

    # ---- lines → paragraphs
    # a line starting this far right of the text's left edge is indented and starts a paragraph;
    # corpus plans indent first lines by 36 pt (Bỉm Sơn, Hà Nội, Hải Dương PDFs), wrapped lines
    # start flush. No change.
    indent: float = 8.0
    # …unless it and the line before are centred and start within this of each other (a wrapped
    # centred title). No change.
    centred_alignment: float = 3.0
    # a line ending this far short of the right edge ends its paragraph (a short last line).
    # Moved: at 33.75 the decree cp_nd_45_2026 joins 309 blocks into their neighbours.
    short_line: float = 45.0
    # a font-size change of more than this starts a paragraph (no change).
    size_change: float = 0.6
    # a vertical gap over `paragraph_gap` × the median line gap starts a paragraph. Moved: at 1.35
    # the Hồ Chí Minh letter's OCR lines split into 14 more paragraphs.
    paragraph_gap: float = 1.8
    # gaps of `line_gap_max` or more (a page's empty part) do not count for the median (moved: at
    # 22.5 five blocks of the Quảng Ngãi scan change); `line_gap_default` is used when no two lines
    # share a page (no change).
    line_gap_max: float = 30.0
    line_gap_default: float = 5.0
    # a line is centred when it starts `centred_offset` right of the left edge and its left and
    # right margins differ by less than `centred_balance` (titles, "KẾ HOẠCH", the motto). Moved:
    # either value changes blocks of Cao Bằng, cp_nd_45, Lai Châu, Hải Dương and the scans (at a
    # balance of 31.25, 170 blocks of the Lâm Đồng police scan).
    centred_offset: float = 20.0
    centred_balance: float = 25.0
    # the right edge of the text is this quantile of line ends (a few lines run into the margin).
    # Moved: at 1.0 the Sóc Trăng PDF and scan, Lai Châu and two more change 14–132 blocks each.
    right_edge_quantile: float = 0.9

    # ---- letterhead and signature zones
    # the letterhead is looked for among the first this many lines of the first page. Moved: at 9
    # the subject lines under the Hồ Chí Minh letter's number ("Về Chương trình …") leave its
    # letterhead.
    letterhead_lines: int = 12
    # a two-column line above the recipients ("Nơi nhận:") belongs to the signature when its first
    # segment starts at most this far left of the page's middle (no change).
    signature_middle: float = 10.0

    # ---- ruled tables
    # a table needs this many columns: at 1, one-column boxes (the forms of cp_nd_45's appendix;
    # boxes in Bỉm Sơn, Hà Nội and Cao Bằng) become tables; at 3, the two-column tables of
    # cp_nd_45 and Bỉm Sơn are lost.
    table_min_columns: int = 2
    # words whose centre lies within this of a table's box are the table's, not the text flow's
    # (no change).
    table_slack: float = 1.0
    # a cell's x-range is shrunk by this before it is mapped onto another page's columns. Moved:
    # one cell of the Sóc Trăng scan's annex lands in another column.
    cell_inset: float = 1.0
    # tables on consecutive pages are one table cut by the page break when their outer column rules
    # are within `rule_tolerance` (no change) and they have at most `column_slack` columns more or
    # fewer (moved to 0: the Ministry of Justice list, whose later pages add an inner rule, stays
    # in pieces)…
    rule_tolerance: float = 3.0
    column_slack: int = 1
    # …and the first ends below `table_ends_page` of its page (or nothing follows it), the next
    # starts above `table_starts_page` of its page (or nothing precedes it). No change.
    table_ends_page: float = 0.7
    table_starts_page: float = 0.3
    # a first row whose cells equal the table's header on this share of its cells is the header
    # repeated on a new page; OCR may misread a heading (no change).
    header_repeat_share: float = 0.6

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            want = int if f.type in ("int", int) else float
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or (want is int and not isinstance(value, int))
            ):
                raise InvalidSetting(
                    f"LayoutSettings.{f.name} must be a number{' (whole)' if want is int else ''}, "
                    f"not {value!r}"
                )
            if value < 0:
                raise InvalidSetting(f"LayoutSettings.{f.name} must not be negative, not {value!r}")
            if f.name in _SHARES and value > 1:
                raise InvalidSetting(f"LayoutSettings.{f.name} is a share of 0 to 1, not {value!r}")


_SHARES = frozenset(
    {
        "style_share",
        "margin_zone",
        "furniture_share",
        "right_edge_quantile",
        "table_ends_page",
        "table_starts_page",
        "header_repeat_share",
    }
)

DEFAULT_LAYOUT = LayoutSettings()
