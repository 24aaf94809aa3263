"""Writes: functions that take models and plain values and may flush, never commit.

The view, command or job that calls them commits.
"""
