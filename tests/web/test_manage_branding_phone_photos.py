"""A logo photographed on a phone is accepted: an MPO (a JPEG followed by further frames, as many phone cameras
write) is stored as its first picture, and bytes after a JPEG's end marker (maker data) are left out; the
branded PDF then carries that picture in its header."""
from __future__ import annotations

import io
from pathlib import Path

from flask.testing import FlaskClient
from PIL import Image

from assessment.lookup import cycle_by_name
from assessment.rendering import executive_summary_pdf
from tests.integration.test_report_branding import magenta_in_header, pages_as_images
from tests.web.test_manage_branding import PAGE, northwind, post

MAGENTA, GREEN = (255, 0, 255), (0, 160, 0)


def phone_photo() -> bytes:
    """Two frames, as a phone's camera writes them: the picture (magenta), then a second frame (green)."""
    out = io.BytesIO()
    Image.new("RGB", (300, 100), MAGENTA).save(out, "MPO", save_all=True,
                                               append_images=[Image.new("RGB", (300, 100), GREEN)])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    return out.getvalue()


def jpeg_with_trailer() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 100), MAGENTA).save(out, "JPEG", quality=95)
    return out.getvalue() + b"SEFHmaker data a phone appends\x00\x01\x02" + b"\xff\xd8\x00" * 10


def stored_logo() -> Image.Image:
    logo = northwind().logo
    assert logo is not None, "the logo was not saved"
    return Image.open(io.BytesIO(logo))


def test_a_phone_cameras_mpo_photo_is_stored_as_its_first_picture_and_printed(
        client: FlaskClient, login, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = post(client, (phone_photo(), "IMG_20260412.jpg"))
    assert reply.status_code == 302, reply.get_data(as_text=True)
    assert "logo (JPEG, 300×100 pixels)" in client.get(PAGE).get_data(as_text=True)
    assert northwind().logo_type == "image/jpeg"
    logo = stored_logo()
    assert logo.format == "JPEG" and logo.size == (300, 100)
    red, green, blue = logo.convert("RGB").getpixel((150, 50))  # type: ignore[misc]
    assert red > 200 and green < 60 and blue > 200, "the first picture, not the second frame"
    pdf = executive_summary_pdf(cycle_by_name("northwind/2026-Q3"))
    assert magenta_in_header(pages_as_images(pdf, tmp_path)[0]) >= 10, "no logo in the PDF's header"


def test_a_jpeg_with_bytes_after_its_end_is_accepted_without_them(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = post(client, (jpeg_with_trailer(), "logo.jpg"))
    assert reply.status_code == 302, reply.get_data(as_text=True)
    assert "logo (JPEG, 300×100 pixels)" in client.get(PAGE).get_data(as_text=True)
    logo = northwind().logo or b""
    assert logo.endswith(b"\xff\xd9") and b"maker data" not in logo
    assert stored_logo().size == (300, 100)


def test_a_phone_photo_cut_off_in_its_first_picture_is_still_refused(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    login(client, "consultant")
    reply = post(client, (phone_photo()[:700], "IMG_20260412.jpg"))
    assert reply.status_code == 422
    assert "the image is damaged or incomplete and cannot be read" in reply.get_data(as_text=True)
    assert northwind().logo is None
