"""PDF action plans: the playbook, report view-models, charts and HTML -> PDF.

Receives scored data (``scoring.results``) and questionnaires; never reads a
database or knows HTTP, so the same code serves the web app, CLI and jobs.
"""
