"""Small pieces of English that messages share."""
from __future__ import annotations


def with_article(word: str) -> str:
    """"an executive", "a consultant": by the first letter, which is right for every word we name."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
