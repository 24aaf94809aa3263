"""Jinja templates shipped with the app: web/ for pages, reports/ for PDFs."""
