"""The branding page: a consultant sets the client's name, accent, logo and "prepared by"; bad uploads change nothing."""
from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from PIL import Image

from assessment.extensions import db
from assessment.lookup import cycle_by_name
from assessment.models import AuditEntry, Organization
from assessment.rendering import executive_summary_pdf
from tests.conftest import csrf_token

PAGE = "/manage/northwind/branding"


def picture(fmt: str = "PNG", size: tuple[int, int] = (300, 100), color: tuple[int, int, int] = (255, 0, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def northwind() -> Organization:
    return db.session.execute(db.select(Organization).filter_by(slug="northwind")).scalar_one()


def audit() -> list[str]:
    return list(db.session.execute(
        db.select(AuditEntry.target).filter_by(action="organization.branding").order_by(AuditEntry.id)).scalars())


def post(client: FlaskClient, logo: tuple[bytes, str] | None = None, **fields: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get(PAGE).get_data(as_text=True))
    data: dict[str, object] = {"name": "Northwind Traders", "accent": "", "prepared_by": "", "csrf_token": token,
                               **fields}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo[0]), logo[1])
    reply = client.post(PAGE, data=data, content_type="multipart/form-data")
    # The test client spools a large body to a temporary file and leaves it to us to close.
    reply.request.environ["wsgi.input"].close()
    return reply


def test_consultant_brands_the_client_and_sees_the_preview(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert "Report branding" in client.get("/manage/northwind").get_data(as_text=True)
    reply = post(client, (picture(), "logo.png"), name="Northwind Traders Ltd", accent="#7A3B69",
                 prepared_by="Brightline Advisory")
    assert reply.status_code == 302
    org = northwind()
    assert (org.name, org.accent_color, org.prepared_by, org.logo_type) == (
        "Northwind Traders Ltd", "#7a3b69", "Brightline Advisory", "image/png")
    assert Image.open(io.BytesIO(org.logo or b"")).size == (300, 100)
    assert audit() == ["northwind: name “Northwind Traders Ltd”, accent #7a3b69,"
                       " logo (PNG, 300×100 pixels), “prepared by” Brightline Advisory"]
    page = client.get(PAGE).get_data(as_text=True)
    assert "Prepared by Brightline Advisory" in page and 'href="data:image/png;base64,' in page
    assert 'fill="#7a3b69"' in page and "Low contrast" not in page


def test_a_pale_accent_is_kept_for_rules_with_a_darker_shade_for_text(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert post(client, accent="#ffd400").status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert "Low contrast" in page and "1.4:1" in page
    # Said as a note, not as an error: the colour was saved, and text already uses a darker shade.
    assert re.search(r'<p class="notice" role="status">Low contrast', page) and "flash error" not in page
    assert 'fill="#ffd400"' in page and 'fill="#8c7500"' in page   # rule as chosen, headings darker
    assert post(client, accent="").status_code == 302
    assert northwind().accent_color is None and audit()[-1] == "northwind: accent back to the default"
    assert "Low contrast" not in client.get(PAGE).get_data(as_text=True)


def test_a_huge_logo_is_scaled_down(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert post(client, (picture("JPEG", (4000, 1000)), "wide.jpg")).status_code == 302
    org = northwind()
    assert org.logo_type == "image/jpeg" and Image.open(io.BytesIO(org.logo or b"")).size == (1200, 300)


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims this size over no pixels: a decompression bomb's first bytes."""
    def chunk(kind: bytes, body: bytes = b"") -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND")


BAD_UPLOADS = {
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
            b'<image href="file:///etc/passwd"/></svg>', "logo.svg", "SVG logos are not accepted"),
    "svg renamed .png": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "logo.png",
                         "SVG logos are not accepted"),
    "text renamed .png": (b"just some notes, not a picture\n" * 10, "logo.png", "not a PNG or JPEG image"),
    # An iPhone photo: an ISO base media file whose "ftyp" box names the HEIC brand, which Pillow cannot read.
    "iphone heic": (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(range(256)) * 40, "IMG_0412.HEIC",
                    "the logo is a HEIC photo (what iPhones and many phones save), which is not accepted: save it "
                    "as PNG or JPEG first"),
    "gif": (picture("GIF"), "logo.gif", "the logo is a GIF file; only PNG and JPEG are accepted"),
    "truncated png": (picture()[:60], "logo.png", "damaged or incomplete"),
    "truncated jpeg": (picture("JPEG")[:400], "logo.jpg", "damaged or incomplete"),
    "over 1 MB": (picture("PNG", (2000, 2000))[:8] + b"\0" * (1024 * 1024 + 10), "big.png", "larger than 1 MB"),
    "too many pixels": (picture("PNG", (6000, 5000)), "huge.png", "at most 25 megapixels"),
    "400 megapixels": (png_claiming(20_000, 20_000), "bomb.png", "far more pixels than a page header needs"),
}


@pytest.mark.parametrize("upload", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_a_bad_upload_is_refused_with_a_reason_and_nothing_changes(
        client: FlaskClient, login, upload: tuple[bytes, str, str]) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert post(client, (picture(color=(0, 128, 0)), "first.png"), prepared_by="Brightline").status_code == 302
    before = (northwind().logo, northwind().accent_color, northwind().prepared_by, len(audit()))
    data, filename, reason = upload
    reply = post(client, (data, filename), accent="#123456", prepared_by="Someone else")
    assert reply.status_code == 422
    page = reply.get_data(as_text=True)
    assert "Nothing was changed" in page and reason in page
    db.session.expire_all()
    assert (northwind().logo, northwind().accent_color, northwind().prepared_by, len(audit())) == before


@pytest.mark.parametrize("field, value, reason", [
    ("name", "Northwind\x1b[2J Traders", "the name holds a control character (U+001B, an escape)"),
    ("name", " contoso  ANALYTICS", "another client already has this name; give this one a name of its own"),
    ("prepared_by", "Brightline\tAdvisory", "“prepared by” holds a control character (U+0009, a tab)"),
])
def test_a_name_pasted_with_a_control_character_is_refused_and_nothing_changes(
        client: FlaskClient, login, field: str, value: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    before = (northwind().name, northwind().prepared_by, len(audit()))
    reply = post(client, **{field: value})
    assert reply.status_code == 422
    page = html.unescape(reply.get_data(as_text=True))
    assert "Nothing was changed" in page and reason in page
    db.session.expire_all()
    assert (northwind().name, northwind().prepared_by, len(audit())) == before


def test_a_name_is_kept_with_one_space_between_words(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    assert post(client, name="  Northwind   Traders  Ltd ").status_code == 302
    db.session.expire_all()
    assert northwind().name == "Northwind Traders Ltd"


def test_the_logo_can_be_removed(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "admin")
    post(client, (picture(), "logo.png"))
    assert northwind().logo is not None
    assert post(client, remove_logo="y").status_code == 302
    assert northwind().logo is None and northwind().logo_type is None
    assert audit()[-1] == "northwind: logo removed"


def test_org_brand_cli_sets_shows_and_refuses(runner: FlaskCliRunner, tmp_path: Path) -> None:
    logo = tmp_path / "logo.jpg"
    logo.write_bytes(picture("JPEG"))
    result = runner.invoke(args=["org", "brand", "northwind", "--accent", "#7a3b69", "--logo", str(logo),
                                 "--prepared-by", "Brightline Advisory", "--name", "Northwind Traders Ltd"])
    assert result.exit_code == 0, result.output
    assert "prepared by  Brightline Advisory" in result.output
    shown = json.loads(runner.invoke(args=["org", "brand", "northwind", "--format", "json"]).output)
    assert shown["name"] == "Northwind Traders Ltd" and shown["accent"] == "#7a3b69"
    assert shown["logo"]["type"] == "image/jpeg" and shown["warning"] is None
    fake = tmp_path / "fake.png"
    fake.write_text("not an image")
    refused = runner.invoke(args=["org", "brand", "northwind", "--logo", str(fake), "--accent", "#000000"])
    assert refused.exit_code == 1 and "not a PNG or JPEG image" in refused.output
    assert northwind().accent_color == "#7a3b69"
    removed = runner.invoke(args=["org", "brand", "northwind", "--no-logo"])
    assert removed.exit_code == 0 and northwind().logo is None
    assert runner.invoke(args=["org", "brand", "nowhere"]).exit_code == 1


def test_a_request_larger_than_any_form_needs_is_refused_whole(client, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = client.post("/manage/northwind/branding", data=b"name=" + b"x" * (17 * 1024 * 1024),
                        content_type="application/x-www-form-urlencoded")
    assert reply.status_code == 413
    assert "<html" in reply.get_data(as_text=True).lower()


def test_a_logo_far_over_the_limit_is_refused_on_the_branding_page_naming_the_limit(  # type: ignore[no-untyped-def]
        client: FlaskClient, login) -> None:
    login(client, "consultant")
    before = (northwind().name, northwind().accent_color)
    reply = post(client, (picture()[:8] + b"\0" * (17 * 1024 * 1024), "poster.png"), accent="#123456")
    assert reply.status_code == 413  # refused unread, yet on the page, with the form to try again
    page = reply.get_data(as_text=True)
    assert "Nothing was changed: the logo file is larger than 1 MB, the limit" in page
    assert 'name="logo"' in page and f'value="{before[0]}"' in page
    assert (northwind().name, northwind().accent_color) == before and audit() == []


def test_a_long_prepared_by_takes_its_own_line_in_the_preview(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")

    def lines() -> list[tuple[str, str]]:
        """(y, text) of the preview's two header texts: the organization's side, then "prepared by"."""
        return re.findall(r'<text x="[\d.]+" y="([\d.]+)"[^>]*>([^<]*(?:diagnostic|Prepared by|alignment)[^<]*)</text>',
                          client.get(PAGE).get_data(as_text=True))

    assert [y for y, _ in lines()] == ["25", "25"], "a short header shares one line"
    assert post(client, None, prepared_by="Acme Consulting Partners & Co, Strategy and Operations").status_code == 302
    (who_y, who), (by_y, by) = lines()
    assert "Northwind Traders · Organization diagnostic" in who and by.startswith("Prepared by Acme Consulting")
    assert float(who_y) < float(by_y), "the two no longer print over each other"


def test_the_preview_names_the_clients_latest_period(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """Northwind's newest cycle is the open 2026-Q4; a client with no cycle yet shows the current quarter."""
    login(client, "consultant")
    assert "Northwind Traders · Organization diagnostic · 2026-Q4" in client.get(PAGE).get_data(as_text=True)
    created = client.post("/manage/new", data={"name": "Acme Corp", "slug": "acme",
                                                "csrf_token": csrf_token(client.get("/manage/new").get_data(as_text=True))})
    assert created.status_code == 302, created.get_data(as_text=True)[:300]
    today = dt.date.today()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    assert f"Acme Corp · Organization diagnostic · {quarter}" in client.get("/manage/acme/branding").get_data(as_text=True)


def test_a_logo_turned_by_its_orientation_tag_is_stored_upright(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """A JPEG whose pixels lie on their side with a tag saying so (as cameras and some exports write) looks
    upright in a browser; the stored logo, whose metadata is dropped, must be upright too."""
    sideways = Image.new("RGB", (100, 300), (0, 0, 255))
    sideways.paste((255, 0, 0), (0, 0, 100, 150))  # the top half red: to the right once turned clockwise
    exif = sideways.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    out = io.BytesIO()
    sideways.save(out, "JPEG", exif=exif, quality=95)
    login(client, "consultant")
    assert post(client, (out.getvalue(), "logo.jpg")).status_code == 302
    stored = Image.open(io.BytesIO(northwind().logo or b"")).convert("RGB")
    assert stored.size == (300, 100)
    red, green, blue = stored.getpixel((250, 50))  # type: ignore[misc]
    assert red > 200 and blue < 60


def test_an_unbranded_preview_says_what_the_pdfs_header_says(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    """The preview said "Sales & marketing alignment" where every PDF's header says the questionnaire's title."""
    login(client, "consultant")
    assert not northwind().prepared_by
    preview = re.search(r'<text x="640"[^>]*text-anchor="end">([^<]*)</text>', client.get(PAGE).get_data(as_text=True))
    assert preview is not None
    by = html.unescape(preview.group(1))
    pdf = executive_summary_pdf(cycle_by_name("northwind/2026-Q3"))
    first_page = subprocess.run(["pdftotext", "-l", "1", "-", "-"], input=pdf, capture_output=True,
                                check=True).stdout.decode()
    header = first_page.splitlines()[:3]
    assert any(line.strip().endswith(by) for line in header), (by, header)
