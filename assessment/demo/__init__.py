"""Synthetic demo data: organizations, rosters and answers from a latent-factor model."""
