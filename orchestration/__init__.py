"""Dagster code location for leadscore: daily point-in-time scoring, quality checks, report.

Load it with ``dagster dev -m orchestration.definitions`` (``make dev``); docs/orchestration.md
explains the graph, the schedule, the checks and how Dagster and the dbt CLI share DuckDB.
"""
