"""Typed text stays text, and the renderer opens no file and no socket it was not built with."""
from __future__ import annotations

import io
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from questionnaires.model import Dimension, Questionnaire, Scale
from reports.inputs import Branding, QuestionComments, TeamPlanInput
from reports.playbook import CORE_DIMENSIONS, default_playbook
from reports.render import BundledAssetFetcher, html_to_pdf, render_team_plan, team_plan_html
from reports.team_plan import build_team_plan
from scoring.results import DimensionScore, GroupScore, Interval

SECRET = "alignment-health-secret-7f3a"


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local port that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def nobody_connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def plan_input(comments: tuple[str, ...], **overrides: object) -> TeamPlanInput:
    scale = Scale(points=5, labels=("1", "2", "3", "4", "5"))
    dims = tuple(Dimension(d, d.replace("_", " ").capitalize(), "") for d in CORE_DIMENSIONS)
    score = DimensionScore("x", n=9, score=60, ci=Interval(52, 68), favorable=55)
    values: dict[str, object] = dict(
        organization="Acme", team="Field", function="sales", period="2026-Q4",
        questionnaire=Questionnaire("q", 1, "Q", scale, dims, ()),
        scores=GroupScore(n=9, index=score, dimensions={d: score for d in CORE_DIMENSIONS}),
        comments=(QuestionComments("What would help?", comments),) if comments else ())
    return TeamPlanInput(**{**values, **overrides})  # type: ignore[arg-type]


def besides_charts(requested: list[str]) -> list[str]:
    """What a report fetched besides its charts, which the renderer drew and handed over in memory."""
    return [url for url in requested if not url.startswith("memory:chart-")]


def test_markup_in_comments_and_names_prints_as_text_and_fetches_nothing(
        tmp_path: Path, listener: socket.socket, secret_file: Path) -> None:
    port = listener.getsockname()[1]
    file_img = f'<img src="file://{secret_file}">'
    http_img = f'<img src="http://127.0.0.1:{port}/x.png">'
    inp = plan_input((file_img, http_img, '<img src="file:///etc/passwd">'),
                     organization="<b>Acme</b> & Co", team="<i>Field</i>")
    fetcher = BundledAssetFetcher()
    text = pdf_text(render_team_plan(build_team_plan(inp, default_playbook()), fetcher=fetcher),
                    tmp_path)
    assert besides_charts(fetcher.requested) == ["bundle:report.css"] and fetcher.refused == []
    assert nobody_connected(listener)
    assert SECRET not in text and "root:" not in text
    unwrapped = "".join(text.split())   # a long path wraps onto the next line of the page
    for literal in (file_img, http_img, '<img src="file:///etc/passwd">',
                    "<b>Acme</b> & Co", "<i>Field</i>"):
        assert "".join(literal.split()) in unwrapped, literal


def test_the_fetcher_refuses_everything_that_is_not_bundled(
        tmp_path: Path, listener: socket.socket, secret_file: Path) -> None:
    port = listener.getsockname()[1]
    outside = [f"file://{secret_file}", f"http://127.0.0.1:{port}/a.png",
               f"https://127.0.0.1:{port}/b.css", "data:image/png;base64,iVBORw0KGgo=",
               "bundle:../../reports/playbook.yaml", "bundle:missing.css", "memory:other"]
    html = ('<link rel="stylesheet" href="bundle:report.css">'
            + "".join(f'<img src="{url}">' for url in outside)
            + f'<p style="background: url(http://127.0.0.1:{port}/c.png)">{SECRET[:5]}</p>')
    fetcher = BundledAssetFetcher()
    text = pdf_text(html_to_pdf(html, fetcher=fetcher), tmp_path)
    assert set(fetcher.refused) == set(outside) | {f"http://127.0.0.1:{port}/c.png"}
    assert set(fetcher.requested) - set(fetcher.refused) == {"bundle:report.css"}
    assert nobody_connected(listener)
    assert SECRET not in text


def png_logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 12), "#7a3b69").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_logo_handed_over_in_memory_is_served(tmp_path: Path) -> None:
    inp = plan_input((), branding=Branding(logo=png_logo(), consultancy_name="Brightline"))
    plan = build_team_plan(inp, default_playbook())
    fetcher = BundledAssetFetcher()
    render_team_plan(plan, fetcher=fetcher)
    assert "memory:logo" in fetcher.requested and fetcher.refused == []


def test_a_logo_that_is_not_an_image_is_left_out() -> None:
    plan = build_team_plan(plan_input((), branding=Branding(logo=b"GIF89a...")), default_playbook())
    fetcher = BundledAssetFetcher()
    render_team_plan(plan, fetcher=fetcher)
    assert besides_charts(fetcher.requested) == ["bundle:report.css"]


def test_templates_autoescape_typed_text() -> None:
    html = team_plan_html(build_team_plan(plan_input(("<script>x</script>",)), default_playbook()))
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
