"""Row heights as a reader sees them, for the workbook checkers (imported, not run).

Neither Excel nor LibreOffice grows a row for wrapped text in a file a program wrote, so
capdo sets the heights itself. short_rows() lists the rows whose wrapped text plainly needs
more than one line (a text half again as long as its cells are wide) but whose height shows
one, as "Sheet!A5"; and rows taller than Excel allows.
"""
from openpyxl.utils import range_boundaries


def short_rows(wb, max_row=60):
    problems = []
    for ws in wb.worksheets:
        widths = {}  # openpyxl keeps a run of columns of one width under its first letter
        for dim in ws.column_dimensions.values():
            for c in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
                widths[c] = dim.width
        spans = {}
        for rng in ws.merged_cells.ranges:
            c1, r1, c2, r2 = range_boundaries(str(rng))
            spans[(r1, c1)] = c2
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, max_row)):
            for cell in row:
                if not isinstance(cell.value, str) or not cell.alignment or not cell.alignment.wrap_text:
                    continue
                last = spans.get((cell.row, cell.column), cell.column)
                width = sum(widths.get(c) or 8.43 for c in range(cell.column, last + 1))
                longest = max(len(line) for line in cell.value.split("\n"))
                height = ws.row_dimensions[cell.row].height
                if (longest > 1.5 * width or "\n" in cell.value) and (height is None or height < 30):
                    problems.append("%s!%s: %d characters in a column %g wide, row height %s"
                                    % (ws.title, cell.coordinate, longest, width, height))
                if height is not None and height > 409:
                    problems.append("%s!%s: row height %s over Excel's 409" % (ws.title, cell.coordinate, height))
    return problems
