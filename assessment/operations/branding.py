"""An organization's branding: its display name, accent colour, logo and who prepares its reports.

A logo is accepted only as PNG or JPEG that Pillow actually decodes, then
stored as Pillow re-encodes it (downscaled when large, metadata dropped): what
reaches the PDF renderer is an image we wrote, never the bytes a browser sent.
SVG is refused, because an SVG can carry scripts and references to other files.
A phone photo is a JPEG too, though Pillow may call it MPO (a JPEG followed by
further frames, such as a depth map) or find bytes after its end marker (maker
data): its first picture is what is stored, as a JPEG.
"""
from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.exc import IntegrityError

from assessment.extensions import db
from assessment.models import Organization
from assessment.operations.organizations import named, tidy_name, unshowable
from assessment.operations.privacy import record
from assessment.wording import with_article
from reports.colors import TEXT_CONTRAST, WHITE, contrast_ratio, readable_on_white

MAX_LOGO_BYTES = 1024 * 1024            # what we accept from an upload
LOGO_TOO_LARGE = ("the logo file is larger than 1 MB, the limit: save it smaller "
                  "(a few hundred pixels across is plenty for a page header)")
MAX_LOGO_PIXELS = 25_000_000            # decoded size we are willing to hold in memory
MIN_LOGO_SIDE = 16
STORED_LOGO_BOX = (1200, 400)           # larger logos are downscaled to fit, keeping their shape
TAKEN = "another client already has this name; give this one a name of its own"
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
_STORED_AS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}   # an MPO's first frame is a plain JPEG


class BrandingError(ValueError):
    """The change was refused; the message says why and what to send instead."""


@dataclass(frozen=True)
class Logo:
    data: bytes
    mime: str
    width: int
    height: int


def checked_logo(data: bytes) -> Logo:
    """A PNG or JPEG decoded in full and re-encoded by Pillow; ``BrandingError`` for anything else."""
    if len(data) > MAX_LOGO_BYTES:
        raise BrandingError(LOGO_TOO_LARGE)
    if not data:
        raise BrandingError("the logo file is empty")
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<?xml") or b"<svg" in head:
        raise BrandingError("SVG logos are not accepted, since an SVG can carry scripts and links to "
                            "other files: export the logo as PNG or JPEG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in _STORED_AS:
                    raise BrandingError(f"the logo is {with_article(image.format or 'unknown')} file; "
                                        "only PNG and JPEG are accepted")
                width, height = image.size
                if width * height > MAX_LOGO_PIXELS:
                    raise BrandingError(f"the logo is {width} × {height} pixels; "
                                        "at most 25 megapixels are accepted")
                if min(width, height) < MIN_LOGO_SIDE:
                    raise BrandingError(f"the logo is {width} × {height} pixels; "
                                        f"it needs at least {MIN_LOGO_SIDE} pixels each way to print clearly")
                _check_complete(data, image.format)
                image.load()
                return _reencoded(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BrandingError("the logo has far more pixels than a page header needs: "
                            "at most 25 megapixels are accepted") from None
    except UnidentifiedImageError:
        raise BrandingError(_unread_image(data)) from None
    except (OSError, SyntaxError, ValueError) as error:
        if isinstance(error, BrandingError):
            raise
        raise BrandingError("the image is damaged or incomplete and cannot be read") from None


#: ISO base media "ftyp" brands of the photo formats phones save in, which Pillow cannot read.
_PHONE_PHOTO_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"hevc": "HEIC", b"heim": "HEIC", b"heis": "HEIC",
                       b"mif1": "HEIF", b"msf1": "HEIF", b"avif": "AVIF", b"avis": "AVIF"}


def _unread_image(data: bytes) -> str:
    """Why an image Pillow cannot identify is refused. An iPhone saves its photos as HEIC: "not an image that can
    be read" left the person holding a picture that opens everywhere else, so such a file is named, with the fix."""
    kind = _PHONE_PHOTO_BRANDS.get(data[8:12]) if data[4:8] == b"ftyp" else None
    if kind:
        return (f"the logo is a {kind} photo (what iPhones and many phones save), which is not accepted: save it "
                "as PNG or JPEG first (any photo editor exports it; a screenshot of it is a PNG)")
    return "the file is not a PNG or JPEG image that can be read"


def _check_complete(data: bytes, fmt: str) -> None:
    """Refuse a cut-off file. WeasyPrint tells Pillow to load truncated images (gray fill), for everyone."""
    if fmt == "PNG":
        with Image.open(io.BytesIO(data)) as again:
            again.verify()          # every chunk's checksum, up to the end marker
    elif _jpeg_end(data) is None:
        raise BrandingError("the image is damaged or incomplete and cannot be read")


_UNSIZED_MARKERS = frozenset({0x01, *range(0xD0, 0xD8)})   # TEM and RST0-7 carry no length


def _jpeg_end(data: bytes) -> int | None:
    """Where the first picture's end-of-image marker ends, or None when the picture is cut off.

    Followed marker by marker, not looked for at the file's end: phones write further frames or maker data
    after it, and an embedded thumbnail ends with the same two bytes inside a segment of its own."""
    if not data.startswith(b"\xff\xd8"):
        return None
    at = 2
    while at + 1 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:                  # fill byte before a marker
            at += 1
            continue
        if marker == 0xD9:
            return at + 2
        if marker in _UNSIZED_MARKERS:
            at += 2
            continue
        if at + 4 > len(data):
            return None
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
        if marker == 0xDA:                  # start of scan: coded data up to the next real marker
            at = _after_coded_data(data, at)
    return None


def _after_coded_data(data: bytes, at: int) -> int:
    """The position of the first marker after entropy-coded data, where 0xFF is followed by a stuffed 0x00."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return len(data)
        follower = data[at + 1]
        if follower == 0x00 or 0xD0 <= follower <= 0xD7:
            at += 2
        elif follower == 0xFF:
            at += 1
        else:
            return at


def _reencoded(image: Image.Image) -> Logo:
    fmt = _STORED_AS[image.format or "PNG"]
    # Turned upright first: re-encoding drops the metadata, and with it the orientation tag that cameras and
    # some exports write instead of turning the pixels; browsers obey it, so the file looks upright to the
    # consultant and would print on its side.
    image = ImageOps.exif_transpose(image)
    if fmt == "PNG":
        image = image.convert("RGBA" if _has_transparency(image) else "RGB")
    else:
        image = image.convert("RGB")        # CMYK and greyscale JPEGs print alike everywhere
    image.thumbnail(STORED_LOGO_BOX, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=90)
    return Logo(out.getvalue(), _FORMATS[fmt], *image.size)


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def checked_accent(value: str) -> str:
    if not _HEX_COLOR.match(value.strip()):
        raise BrandingError(f"the accent colour must look like #1f5f8b, not {value!r}")
    return value.strip().lower()


def accent_warning(accent: str | None) -> str | None:
    """A sentence for the consultant when text in the accent would be hard to read on white."""
    if not accent:
        return None
    ratio = contrast_ratio(accent, WHITE)
    if ratio >= TEXT_CONTRAST:
        return None
    return (f"{accent} has a contrast of {ratio:.1f}:1 against white, below the {TEXT_CONTRAST}:1 that text "
            f"needs: headings use the darker {readable_on_white(accent)} instead; rules and borders keep {accent}.")


@dataclass(frozen=True)
class BrandingChange:
    """What to change; None leaves a field as it is, an empty accent goes back to the default."""

    name: str | None = None
    accent: str | None = None
    logo: bytes | None = None
    remove_logo: bool = False
    prepared_by: str | None = None


def _rename(org: Organization, name: str) -> None:
    """Written at once, in a savepoint: a client given this name by another request since the check is refused
    as the check refuses it, and the other changes are not applied."""
    try:
        with db.session.begin_nested():
            org.name = name
    except IntegrityError:
        raise BrandingError(TAKEN) from None


def change_branding(org: Organization, change: BrandingChange, *, actor: str) -> list[str]:
    """Check everything first, then apply; returns what changed (audited) or raises, changing nothing."""
    name = tidy_name(change.name) if change.name is not None else None
    if name is not None and not name:
        raise BrandingError("the organization needs a name")
    if name is not None and len(name) > 200:
        raise BrandingError("the name is longer than 200 characters")
    if name is not None and (why := unshowable(name)) is not None:
        raise BrandingError(f"the name {why}")
    if name is not None and named(name, besides=org.id) is not None:
        # Not named: the consultant renaming may not be one of the other client's.
        raise BrandingError(TAKEN)
    accent = checked_accent(change.accent) if change.accent else None
    logo = checked_logo(change.logo) if change.logo is not None else None
    prepared_by = change.prepared_by.strip() if change.prepared_by is not None else None
    if prepared_by is not None and len(prepared_by) > 200:
        raise BrandingError("“prepared by” is longer than 200 characters")
    if prepared_by is not None and (why := unshowable(prepared_by)) is not None:
        raise BrandingError(f"“prepared by” {why}")

    changed = []
    if name is not None and name != org.name:
        _rename(org, name)
        changed.append(f"name “{name}”")
    if accent is not None and accent != org.accent_color:
        org.accent_color = accent
        changed.append(f"accent {accent}")
    elif change.accent == "" and org.accent_color is not None:
        org.accent_color = None
        changed.append("accent back to the default")
    if logo is not None:
        org.logo, org.logo_type = logo.data, logo.mime
        changed.append(f"logo ({logo.mime.removeprefix('image/').upper()}, {logo.width}×{logo.height} pixels)")
    elif change.remove_logo and org.logo is not None:
        org.logo = org.logo_type = None
        changed.append("logo removed")
    if prepared_by is not None and prepared_by != (org.prepared_by or ""):
        org.prepared_by = prepared_by or None
        changed.append(f"“prepared by” {prepared_by}" if prepared_by else "“prepared by” removed")
    if changed:
        record(actor, "organization.branding", f"{org.slug}: {', '.join(changed)}")
    return changed
