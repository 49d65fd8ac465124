"""The offline HTML alignment scorecard (`python -m revops.report`), written after `dbt build`."""

from revops.report.page import write_report

__all__ = ["write_report"]
