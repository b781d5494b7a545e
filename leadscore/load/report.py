"""The summary `leadscore load` prints: per file, rows read, loaded and rejected, and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from leadscore.load.convert import ConvertedFile

#: How many reasons the summary lists per file (the table has them all).
TOP_REASONS = 3


@dataclass(frozen=True)
class FileSummary:
    """The counts for one file, as printed."""

    path: Path
    entry: str
    table: str
    rows_read: int
    loaded: int
    rejected: int
    merged_duplicates: int
    replaced: int
    #: (reason kind, rows, first line, that line's full reason), most frequent first
    top_reasons: tuple[tuple[str, int, int, str], ...]


@dataclass(frozen=True)
class LoadReport:
    database: Path
    schema: str
    files: tuple[ConvertedFile, ...]
    replaced: tuple[int, ...]
    dry_run: bool = False

    @property
    def summaries(self) -> list[FileSummary]:
        return [
            _summary(item, replaced)
            for item, replaced in zip(self.files, self.replaced, strict=True)
        ]

    def format(self) -> str:
        verb = "Checked (dry run, nothing written)" if self.dry_run else "Loaded"
        lines = [f"{verb}: {len(self.files)} file(s) into {self.database}"]
        for summary in self.summaries:
            lines.append(f"  {summary.path} -> {self.schema}.{summary.table}: {_counts(summary)}")
            for kind, count, line, reason in summary.top_reasons:
                lines.append(f"      {count} x {kind} (e.g. line {line}: {reason})")
        for item in self.files:
            unmapped = _unmapped_custom_columns(item)
            if unmapped:
                # Otherwise the first sign would be an empty column at build time.
                lines.append(
                    f"  warning: {item.source.path.name}: the declared custom column(s) "
                    f"{', '.join(unmapped)} of {self.schema}.{item.table.identifier} are not in "
                    "the mapping, so they are not loaded; add them to the mapping's columns"
                )
        if any(item.rejections for item in self.files):
            lines.append(
                f"Rejected rows{' would go' if self.dry_run else ' are'} in "
                f"{self.schema}.rejected_rows: select * from {self.schema}.rejected_rows "
                "order by source_file, line_number"
            )
        if not self.dry_run:
            lines.append("Next: leadscore build")
        return "\n".join(lines)


def _unmapped_custom_columns(item: ConvertedFile) -> list[str]:
    written = {column.name for column in item.columns}
    return [column.name for column in item.table.custom_columns if column.name not in written]


def _summary(item: ConvertedFile, replaced: int) -> FileSummary:
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, str]] = {}
    for rejection in item.rejections:
        for kind, reason in zip(rejection.kinds, rejection.reasons, strict=True):
            counts[kind] += 1
            first.setdefault(kind, (rejection.line, reason))
    return FileSummary(
        path=item.source.path,
        entry=item.mapping.name,
        table=item.table.identifier,
        rows_read=item.rows_read,
        loaded=len(item.rows),
        rejected=len(item.rejections),
        merged_duplicates=item.merged_duplicates,
        replaced=replaced,
        top_reasons=tuple(
            (kind, count, *first[kind]) for kind, count in counts.most_common(TOP_REASONS)
        ),
    )


def _counts(summary: FileSummary) -> str:
    text = f"{summary.rows_read} rows read, {summary.loaded} loaded"
    notes = []
    if summary.replaced:
        notes.append(f"{summary.replaced} replacing a row already loaded with the same id")
    if summary.merged_duplicates:
        notes.append(f"{summary.merged_duplicates} identical duplicate row(s) merged")
    if notes:
        text += f" ({'; '.join(notes)})"
    return f"{text}, {summary.rejected} rejected"
