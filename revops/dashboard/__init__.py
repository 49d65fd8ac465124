"""The alignment scorecard in Apache Superset, provisioned as code (`python -m revops.dashboard`).

- spec.py: the declarative dashboard (superset/alignment_scorecard.yml) as typed objects
- server.py: Superset's settings from the environment, its metadata database, start and stop
- client.py: a small Superset REST API client (requests)
- provision.py: applies the spec through the API, updating what exists instead of duplicating it
"""
