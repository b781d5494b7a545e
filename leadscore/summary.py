"""A short, human summary of the published scores: what `make demo` prints."""

from __future__ import annotations

from pathlib import Path

from leadscore.warehouse_lock import open_warehouse


def format_summary(database: Path, published_schema: str = "scores", top: int = 10) -> str:
    """Leads per stage and grade, the top accounts and the data-quality counts, as text."""
    connection = open_warehouse(database)
    try:
        lines: list[str] = []
        as_of = connection.execute(
            f"select max(scored_as_of) from {published_schema}.lead_scores"
        ).fetchall()[0][0]
        lines.append(f"Scores as of {as_of} (published schema '{published_schema}')")
        lines.append("")
        lines.append("Leads per stage (primary model):")
        stage_rows = connection.execute(
            f"""
            select model_id, lead_stage, count(*) as leads, round(avg(total_score), 1)
            from {published_schema}.lead_scores
            where is_primary_model
            group by 1, 2
            order by 1, case lead_stage when 'sql' then 0 when 'mql' then 1 else 2 end
            """
        ).fetchall()
        for model_id, stage, leads, average in stage_rows:
            lines.append(f"  {model_id:<12} {stage:<6} {leads:>9,} leads   avg score {average}")
        grade_rows = connection.execute(
            f"""
            select fit_grade, count(*) from {published_schema}.lead_scores
            where is_primary_model group by 1 order by 1
            """
        ).fetchall()
        lines.append(
            "  fit grades: " + ", ".join(f"{grade} {count:,}" for grade, count in grade_rows)
        )
        lines.append("")
        lines.append(f"Top {top} accounts:")
        account_rows = connection.execute(
            f"""
            select model_id, account_name, account_score, account_fit_score,
                   account_engagement_score, engaged_contact_count, contact_count
            from {published_schema}.account_scores
            order by account_score desc, engaged_contact_count desc, account_id
            limit {int(top)}
            """
        ).fetchall()
        for model_id, name, score, fit, engagement, engaged, contacts in account_rows:
            lines.append(
                f"  {score:>6} {name:<32} fit {fit:>5} engagement {engagement:>5} "
                f"engaged contacts {engaged}/{contacts} ({model_id})"
            )
        lines.append("")
        issue_rows = connection.execute(
            f"""
            select source_table, data_quality_issue, row_count
            from {published_schema}.data_quality_issues order by 1, 3 desc
            """
        ).fetchall()
        lines.append("Data-quality issues in the input (kept out of scoring, counted here):")
        if not issue_rows:
            lines.append("  none")
        for table, issue, count in issue_rows:
            lines.append(f"  {table:<14} {issue:<32} {count:>9,}")
        return "\n".join(lines)
    finally:
        connection.close()
