"""matplotlib's SVG cut down to what draws: no build scaffolding, no CSS, short numbers.

Every element of a chart costs in every PDF: WeasyPrint builds, styles and
draws each one in Python. matplotlib wraps every artist in a named group,
styles with ``style`` attributes, writes coordinates to six decimals, adds a
no-op ``rotate(-0 ...)`` to each text and places each marker with a ``<use>``;
on a team plan's three charts that was more than half of their elements.

Styles become presentation attributes (inline in HTML a ``style`` reaches the
page's CSS, and a strict Content-Security-Policy blocks it), groups that only
carry a name are dissolved into their parent, and ``xlink:href`` becomes the
plain ``href`` of SVG 2, which browsers and WeasyPrint read alike.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_PREFIX = f"{{{SVG_NAMESPACE}}}"
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}")
_ABSOLUTE_PATH = re.compile(r"^[MLQCz0-9.\-\s]*$")
_PATH_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_REFERENCE = re.compile(r"#([^)\s\"]+)")
_NO_ROTATION = re.compile(r"^rotate\(-?0 [^)]*\)$")


def compact_svg(markup: str, root_attributes: Mapping[str, str]) -> str:
    """The same drawing in fewer elements and bytes; ``root_attributes`` go on ``<svg>``."""
    root = ET.fromstring(markup)
    for element in root.iter():
        _clean(element)
    _inline_markers(root)
    _dissolve_groups(root)
    root.attrib = {**root_attributes, **root.attrib, "xmlns": SVG_NAMESPACE}
    return ET.tostring(root, encoding="unicode")


def _clean(element: ET.Element) -> None:
    element.tag = element.tag.removeprefix(_PREFIX)   # the namespace is written once, on <svg>
    attributes = element.attrib
    style = attributes.pop("style", "")
    for declaration in style.split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            attributes[name.strip()] = value.strip()
    if element.tag == "g":
        attributes.pop("id", None)            # names like "axes_1" would repeat per page
    if _XLINK_HREF in attributes:
        attributes["href"] = attributes.pop(_XLINK_HREF)
    if _NO_ROTATION.match(attributes.get("transform", "")):
        del attributes["transform"]
    if "d" in attributes:
        attributes["d"] = _short_numbers(" ".join(attributes["d"].split()))
    for name in ("x", "y"):
        if name in attributes:
            attributes[name] = _short_numbers(attributes[name])
    if element.tag != "text":
        if element.text is not None and not element.text.strip():
            element.text = None
    if element.tail is not None and not element.tail.strip():
        element.tail = None


def _inline_markers(root: ET.Element) -> None:
    """Each ``<use>`` of a marker becomes a path of its own, placed by its numbers.

    WeasyPrint draws a ``<use>`` as a nested viewport: it copies the marker,
    measures its bounding box and clips to it, for every dot on a chart.
    """
    defined = {e.get("id"): e for e in root.iter("path") if e.get("id")}
    used: set[str] = set()
    for parent in list(root.iter()):
        for index, child in enumerate(list(parent)):
            marker = defined.get(child.get("href", "").removeprefix("#"))
            if child.tag != "use" or marker is None or not _ABSOLUTE_PATH.match(marker.get("d", "")):
                continue
            used.add(marker.get("id", ""))
            attributes = {k: v for k, v in child.attrib.items() if k not in ("href", "x", "y")}
            attributes.update((k, v) for k, v in marker.attrib.items() if k != "id")
            attributes["d"] = _moved(marker.get("d", ""), float(child.get("x", 0)), float(child.get("y", 0)))
            parent[index] = ET.Element("path", attributes)
    still = {ref for e in root.iter() for value in e.attrib.values() for ref in _REFERENCE.findall(value)}
    for defs in root.iter("defs"):
        defs[:] = [d for d in defs if d.get("id") not in used or d.get("id") in still]


def _moved(path: str, dx: float, dy: float) -> str:
    """An absolute path (M, L, Q, C, z: all matplotlib writes) shifted by (dx, dy)."""
    numbers = iter(range(10**6))
    return _PATH_NUMBER.sub(
        lambda m: _number(float(m.group()) + (dx if next(numbers) % 2 == 0 else dy)), path)


def _dissolve_groups(parent: ET.Element) -> None:
    """Groups without attributes give way to their children; empty groups and defs go."""
    children: list[ET.Element] = []
    for child in parent:
        _dissolve_groups(child)
        if child.tag in ("g", "defs") and len(child) == 0:
            continue
        if child.tag == "g" and not child.attrib:
            children.extend(child)
        else:
            children.append(child)
    parent[:] = children


def _short_numbers(text: str) -> str:
    """Coordinates to 1/100 of a point: far below what print or screen can show."""
    return _LONG_NUMBER.sub(lambda m: _number(float(m.group())), text)


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
