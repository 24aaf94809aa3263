"""Every page of every document carries the organization's logo and name, and who prepared it.

Checked the way a reader would: the PDF is rasterised with pdftoppm and the
logo's distinctive magenta looked for in the header band of each page image;
pdftotext reads the header's words page by page.
"""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from PIL import Image

from assessment.lookup import cycle_by_name
from assessment.operations.branding import BrandingChange, change_branding
from assessment.rendering import diagnostic_pdf, executive_summary_pdf, team_plan_pdf

CYCLE = "adventureworks/2026-Q3"   # five teams: the smallest diagnostic of the demo
MAGENTA = (255, 0, 255)
DPI = 40
HEADER_BAND = 24 / 297             # the top page margin, where the running header sits (A4, 24 mm)


def logo() -> bytes:
    image = Image.new("RGB", (300, 100), MAGENTA)
    image.paste((0, 160, 0), (30, 25, 130, 75))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def pages_as_images(pdf: bytes, folder: Path) -> list[Image.Image]:
    path = folder / "doc.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(path), str(folder / "page")], check=True)
    images = []
    for png in sorted(folder.glob("page-*.png")):
        with Image.open(png) as image:
            images.append(image.convert("RGB"))
    return images


def pages_as_text(pdf: bytes, folder: Path) -> list[str]:
    path = folder / "doc.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def magenta_in_header(page: Image.Image) -> int:
    band = page.crop((0, 0, page.width, int(page.height * HEADER_BAND)))
    return sum(1 for x in range(band.width) for y in range(band.height)
               if _is_magenta(band.getpixel((x, y))))


def _is_magenta(pixel: object) -> bool:
    r, g, b = pixel  # type: ignore[misc]
    return r > 200 and g < 90 and b > 200


def test_logo_name_and_preparer_on_every_page_of_every_document(app: Flask, tmp_path: Path) -> None:
    cycle = cycle_by_name(CYCLE)
    change_branding(cycle.organization, BrandingChange(logo=logo(), accent="#2e7d32",
                                                       prepared_by="Brightline Advisory"), actor="test")
    documents = {
        "team plan": team_plan_pdf(cycle, cycle.organization.teams[0]),
        "executive summary": executive_summary_pdf(cycle),
        "diagnostic": diagnostic_pdf(cycle),
    }
    for name, pdf in documents.items():
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        images, texts = pages_as_images(pdf, folder), pages_as_text(pdf, folder)
        assert len(images) == len(texts) >= 2, name
        for number, (image, text) in enumerate(zip(images, texts), start=1):
            assert magenta_in_header(image) >= 10, f"no logo in the header of {name} page {number}"
            assert "Prepared by Brightline Advisory" in text, f"{name} page {number}"
            assert "Adventure Works Cycles" in text, f"{name} page {number}"
        assert magenta_in_header(images[-1]) >= 10


def test_without_a_logo_the_header_has_none_and_names_no_preparer(app: Flask, tmp_path: Path) -> None:
    cycle = cycle_by_name(CYCLE)
    pdf = team_plan_pdf(cycle, cycle.organization.teams[0])
    images, texts = pages_as_images(pdf, tmp_path), pages_as_text(pdf, tmp_path)
    assert all(magenta_in_header(image) == 0 for image in images)
    assert all("Prepared by" not in text and "Adventure Works Cycles" in text for text in texts)


def test_report_cli_uses_the_stored_branding_unless_told_otherwise(app: Flask, runner: FlaskCliRunner,
                                                                    tmp_path: Path) -> None:
    cycle = cycle_by_name(CYCLE)
    change_branding(cycle.organization, BrandingChange(logo=logo(), prepared_by="Brightline Advisory"), actor="test")
    team = cycle.organization.teams[0].slug
    stored, plain = tmp_path / "stored.pdf", tmp_path / "plain.pdf"
    assert runner.invoke(args=["report", "team", CYCLE, team, "-o", str(stored)]).exit_code == 0
    assert runner.invoke(args=["report", "team", CYCLE, team, "-o", str(plain), "--consultancy", ""]).exit_code == 0
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert all("Prepared by Brightline Advisory" in text
               for text in pages_as_text(stored.read_bytes(), tmp_path / "a"))
    assert all("Prepared by" not in text for text in pages_as_text(plain.read_bytes(), tmp_path / "b"))
    assert magenta_in_header(pages_as_images(plain.read_bytes(), tmp_path / "b")[0]) >= 10   # the logo stays
