"""Administrators' pages: staff accounts, their roles and scopes."""
