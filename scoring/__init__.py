"""The statistical core: pure functions over NumPy arrays, frozen dataclasses out.

No Flask, no database, no clock: every number a page, export or PDF shows is
computed here, so it can be checked against independent references.
"""
