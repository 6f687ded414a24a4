"""Workbooks as data: a declarative spec and a small xlsxwriter writer.

Pure Python (no odoo; xlsxwriter only inside :func:`to_xlsx_bytes`).  The sheets of
the gold reconciliation are built in the ``xlsx_sheet_*`` modules and assembled in
:mod:`.xlsx_reconciliation`; this module holds the spec types, the styles, the table
helper and the writer.

Spec
    WorkbookSpec(sheets, money_format, charts)
    SheetSpec(name, rows, widths, header_row, freeze, groups, fit_width ...)
    rows: an iterable of rows (a generator is fine: a large sheet streams through the
        writer row by row, in constant memory), each a list of Cell | None.
    Cell(value, style='text', formula=None): ``value`` is the exact value (Decimal, str,
        datetime, bool); with a ``formula`` it is the formula's cached result, so a reader
        that does not recalculate still sees the exact figure.

Numbers: weights and fine gold are Decimal grams written as numbers with the format
'0.0000' (a float keeps 15-16 significant figures: the fourth decimal is safe below
10^11 g); percentages are fractions with '0.00%'; money uses ``money_format``.

Printing (A4 landscape): the header row is repeated on every page; a sheet is fitted to
the page width only when that keeps it at ``MIN_PRINT_SCALE`` or more, otherwise it
prints at 100 % with its first column repeated; rows of one group (a batch) are kept on
one page by manual page breaks wherever the group fits on a page.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

WEIGHT_FORMAT = "0.0000"
FINENESS_FORMAT = "0.00"
PERCENT_FORMAT = "0.00%"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"
ZERO = Decimal(0)
Q6 = Decimal("0.000001")

# A4 landscape with the margins of _page_setup, in points / pixels (Calibri 11)
PAGE_WIDTH_PX = (11.69 - 0.8) * 96
PAGE_HEIGHT_PT = (8.27 - 1.0 - 0.6) * 72  # top/bottom margins, header and footer
ROW_HEIGHT_PT = 15
MIN_PRINT_SCALE = 0.75  # 11 pt printed at 8.25 pt: the smallest accountants read
MAX_PAGE_BREAKS = 1000  # Excel keeps at most 1,026 manual breaks per sheet


def _(text):
    """Marks a label for translation extraction; ``translate`` translates it later."""
    return text


# style key -> xlsxwriter format properties ('money' gets the workbook's money format)
_TOTAL = {"bold": True, "top": 1}
STYLES = {
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"italic": True, "font_color": "#595959"},
    "label": {"bold": True},
    "header": {
        "bold": True,
        "bg_color": "#F3E5AB",
        "border": 1,
        "text_wrap": True,
        "valign": "top",
    },
    "text": {},
    "units": {"indent": 1},  # trade units beside a right-aligned number
    "weight": {"num_format": WEIGHT_FORMAT},
    "fineness": {"num_format": FINENESS_FORMAT},
    "percent": {"num_format": PERCENT_FORMAT},
    "money": {},
    "datetime": {"num_format": DATETIME_FORMAT, "align": "left"},
    "date": {"num_format": DATE_FORMAT, "align": "left"},
    "integer": {"num_format": "0"},
    "hours": {"num_format": "0.00"},
    "rate": {"num_format": "0.00"},
    "rate4": {"num_format": "0.0000"},
    "check": {"num_format": WEIGHT_FORMAT, "font_color": "#006100", "bg_color": "#E2F0D9"},
    "abnormal": {"font_color": "#9C0006", "bg_color": "#FFC7CE"},
    "gain": {"font_color": "#9C5700", "bg_color": "#FFEB9C"},
    "total_text": _TOTAL,
    "total_integer": {**_TOTAL, "num_format": "0"},
    "total_weight": {**_TOTAL, "num_format": WEIGHT_FORMAT},
    "total_hours": {**_TOTAL, "num_format": "0.00"},
    "total_rate": {**_TOTAL, "num_format": "0.00"},
    "total_rate4": {**_TOTAL, "num_format": "0.0000"},
    "total_percent": {**_TOTAL, "num_format": PERCENT_FORMAT},
    "total_money": dict(_TOTAL),
    "total_check": {
        **_TOTAL,
        "num_format": WEIGHT_FORMAT,
        "font_color": "#006100",
        "bg_color": "#E2F0D9",
    },
    "note": {"italic": True, "font_color": "#9C0006"},
}
MONEY_STYLES = ("money", "total_money")


# ---------------------------------------------------------------------- spec
@dataclass(frozen=True, slots=True)
class Cell:
    value: object = None
    style: str = "text"
    formula: str | None = None


@dataclass
class ChartSpec:
    """A column chart: ``series`` = [(name, (first_row, col, last_row))] on ``sheet``."""

    sheet: str
    title: str
    categories: tuple  # (first_row, col, last_row)
    series: list
    anchor: tuple  # (row, col) where the chart is placed on its sheet
    stacked: bool = True
    y_title: str = ""


@dataclass
class SheetSpec:
    name: str
    rows: object = field(default_factory=list)  # list or iterator of rows
    widths: list = field(default_factory=list)
    header_row: int | None = None  # repeated on every page, autofilter from here
    freeze: tuple | None = None
    heights: dict = field(default_factory=dict)  # {row: points}
    groups: object = None  # {row: group key} or callable(row index, row) -> key
    charts: list = field(default_factory=list)


@dataclass
class WorkbookSpec:
    sheets: list
    money_format: str = "#,##0.00"

    def sheet(self, name):
        return next(sheet for sheet in self.sheets if sheet.name == name)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    style: str = "text"
    width: float = 12
    total: bool = False


# ---------------------------------------------------------------------- helpers
def col_letter(index):
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def money_format(symbol="", decimals=2, position="after"):
    """An Excel number format for a currency, e.g. '#,##0 "₫"' or '"$"#,##0.00'."""
    number = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    if not symbol:
        return number
    quoted = '"{}"'.format(symbol.replace('"', ""))
    return f"{quoted}{number}" if position == "before" else f"{number} {quoted}"


def d(value):
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def ratio(part, whole):
    """part / whole as an exact-enough fraction (6 places: 0.0001 %), 0 when whole is 0."""
    part, whole = d(part), d(whole)
    if not whole:
        return ZERO
    return (part / whole).quantize(Q6, rounding=ROUND_HALF_UP)


def header_width(text, minimum=0):
    """A column width at which a wrapped header never breaks inside a word."""
    longest = max((len(word) for word in str(text).split()), default=0)
    return max(minimum, longest + 2)


class Table:
    """Columns placed from ``header_row`` on; A1 references by column key."""

    def __init__(self, columns, header_row, translate):
        self.columns = columns
        self.header_row = header_row
        self.translate = translate
        self.index = {column.key: i for i, column in enumerate(columns)}

    def ref(self, key, row, absolute=False):
        dollar = "$" if absolute else ""
        return f"{dollar}{col_letter(self.index[key])}{dollar}{row + 1}"

    def span(self, key, first, last):
        return f"{self.ref(key, first)}:{self.ref(key, last)}"

    def header(self):
        return [Cell(self.translate(column.header), "header") for column in self.columns]

    def row(self, values):
        """``values``: {key: Cell}; missing keys stay empty."""
        return [values.get(column.key) for column in self.columns]

    def widths(self):
        return [
            header_width(self.translate(column.header), column.width) for column in self.columns
        ]

    def sums(self, first, last, values):
        """Totals: SUM formulas for the ``total`` columns, cached exact sums."""
        cells = {}
        for column in self.columns:
            if not column.total:
                continue
            given = [v.get(column.key) for v in values if v.get(column.key) is not None]
            style = {"money": "total_money", "integer": "total_integer"}.get(
                column.style, "total_weight"
            )
            if not given:  # nothing to add up (e.g. no gold price): stay empty
                cells[column.key] = Cell(None, style)
                continue
            exact = sum((d(value) for value in given), ZERO)
            if last < first:
                cells[column.key] = Cell(exact, style)
                continue
            cells[column.key] = Cell(exact, style, f"=SUM({self.span(column.key, first, last)})")
        return cells


# ---------------------------------------------------------------------- writer
def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def _write_cell(sheet, row, col, cell, fmt):
    """One cell; an empty plain one is not written at all (fmt None: the default
    format, so most cells of the Audit sheet carry no style attribute)."""
    value = cell.value
    if cell.formula:
        cached = value if isinstance(value, str) else _number(value)
        sheet.write_formula(row, col, cell.formula, fmt, 0 if cached is None else cached)
    elif value is None or value == "":
        if fmt is not None:
            sheet.write_blank(row, col, None, fmt)
    elif type(value) is str:
        sheet.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, Decimal | int | float):
        sheet.write_number(row, col, _number(value), fmt)
    elif isinstance(value, datetime | date):
        sheet.write_datetime(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def print_scale(widths):
    """The fit-to-width scale of a sheet with these column widths (1.0: fits as is)."""
    pixels = sum(math.ceil(width * 7 + 5) for width in widths)
    return min(1.0, PAGE_WIDTH_PX / pixels) if pixels else 1.0


def rows_per_page(sheet_spec, scale):
    """Body rows on one printed page (a little under, so the estimate never spills)."""
    header = sheet_spec.heights.get(sheet_spec.header_row, ROW_HEIGHT_PT)
    return max(1, int((PAGE_HEIGHT_PT / scale - header) / ROW_HEIGHT_PT * 0.9))


class _Breaks:
    """Manual page breaks before a group that would straddle a page and fits on one."""

    def __init__(self, first_row, per_page):
        self.per_page = per_page
        self.page_start = first_row
        self.group = None
        self.group_start = first_row
        self.breaks = []

    def feed(self, row, key):
        if key != self.group:
            self.group, self.group_start = key, row
        if row - self.page_start < self.per_page:
            return
        # this row does not fit on the page: break before its group when the group
        # started on this page, or right here when the group is longer than a page
        at = self.group_start if self.group_start > self.page_start else row
        if len(self.breaks) < MAX_PAGE_BREAKS:
            self.breaks.append(at)
        self.page_start = at


def _page_setup(sheet, sheet_spec, scale):
    """A4 landscape; header row repeated; fit to width only where still readable."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.set_footer("&L&A&R&P / &N")
    if scale >= MIN_PRINT_SCALE:
        sheet.fit_to_pages(1, 0)
    else:
        sheet.repeat_columns(0)
    if sheet_spec.header_row is not None:
        sheet.repeat_rows(sheet_spec.header_row)


def _write_sheet(workbook, sheet_spec, formats):
    sheet = workbook.add_worksheet(sheet_spec.name[:31])
    for col, width in enumerate(sheet_spec.widths):
        sheet.set_column(col, col, width)
    scale = print_scale(sheet_spec.widths)
    effective = scale if scale >= MIN_PRINT_SCALE else 1.0
    header_row = sheet_spec.header_row
    breaks = _Breaks((header_row or 0) + 1, rows_per_page(sheet_spec, effective))
    groups = sheet_spec.groups
    last = -1
    for row, cells in enumerate(sheet_spec.rows):
        last = row
        if row in sheet_spec.heights:  # before the cells: constant_memory flushes rows
            sheet.set_row(row, sheet_spec.heights[row])
        for col, cell in enumerate(cells):
            if cell is not None:
                _write_cell(sheet, row, col, cell, formats.get(cell.style))
        if groups is not None and header_row is not None and row > header_row:
            key = groups(row, cells) if callable(groups) else groups.get(row)
            breaks.feed(row, key)
    if breaks.breaks:
        sheet.set_h_pagebreaks(breaks.breaks)
    if sheet_spec.freeze:
        sheet.freeze_panes(*sheet_spec.freeze)
    if header_row is not None and last > header_row:
        sheet.autofilter(header_row, 0, last, len(sheet_spec.widths) - 1)
    _page_setup(sheet, sheet_spec, scale)
    return sheet


def _add_chart(workbook, sheets, chart_spec):
    options = {"type": "column"}
    if chart_spec.stacked:
        options["subtype"] = "stacked"
    chart = workbook.add_chart(options)
    name = chart_spec.sheet[:31]
    first, col, last = chart_spec.categories
    for series_name, (s_first, s_col, s_last) in chart_spec.series:
        chart.add_series(
            {
                "name": series_name,
                "categories": [name, first, col, last, col],
                "values": [name, s_first, s_col, s_last, s_col],
            }
        )
    chart.set_title({"name": chart_spec.title})
    chart.set_y_axis({"name": chart_spec.y_title, "num_format": WEIGHT_FORMAT})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 340})
    sheets[name].insert_chart(*chart_spec.anchor, chart)


def write_workbook(spec, workbook):
    """Write ``spec`` into an xlsxwriter ``workbook`` (not closed here).

    Works with ``constant_memory`` workbooks: every sheet is written top to bottom once.
    """
    formats = {}
    for key, props in STYLES.items():
        money = {"num_format": spec.money_format} if key in MONEY_STYLES else {}
        formats[key] = workbook.add_format({**props, **money}) if props or money else None
    sheets = {}
    for sheet_spec in spec.sheets:
        sheets[sheet_spec.name[:31]] = _write_sheet(workbook, sheet_spec, formats)
    for sheet_spec in spec.sheets:
        for chart_spec in sheet_spec.charts:
            _add_chart(workbook, sheets, chart_spec)
    return workbook


def workbook_options():
    """xlsxwriter options: rows flushed to a temporary file as they are written."""
    return {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}


def to_xlsx_bytes(spec):
    """The workbook of ``spec`` as .xlsx bytes."""
    import io  # noqa: PLC0415

    import xlsxwriter  # noqa: PLC0415

    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, workbook_options())
    write_workbook(spec, workbook)
    workbook.close()
    return stream.getvalue()
