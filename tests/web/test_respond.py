"""The respondent's path through /s/<token>, good and bad."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from assessment.demo.load import DEMO_VERSION
from assessment.extensions import db
from assessment.models import Invitation, Response
from assessment.operations.invitations import Mailing, claim
from assessment.operations.responses import AlreadyAnswered, save_draft
from questionnaires.builtin import load_builtin
from questionnaires.model import Questionnaire
from tests.conftest import RequestScopedClient, csrf_token

QUESTIONNAIRE = load_builtin("alignment-core", DEMO_VERSION)


def full_answers(value: int = 4, questionnaire: Questionnaire = QUESTIONNAIRE) -> dict[str, str]:
    """Every statement answered ``value``: of the demo's cycles by default, or of ``questionnaire`` (a new cycle's)."""
    return {item.id: str(value) for item in questionnaire.items}


def response_count() -> int:
    return db.session.execute(db.select(db.func.count()).select_from(Response)).scalar_one()


def refused_submit(client: FlaskClient, token: str, data: dict[str, str]) -> TestResponse:
    """Submit a page the survey refuses: it answers with a redirect to the survey page (Post/Redirect/Get), whose
    page is returned as the browser shows it next."""
    reply = client.post(f"/s/{token}", data={**data, "submit": "1"})
    assert reply.status_code == 303, reply.status
    address = urlsplit(reply.headers["Location"])
    assert address.path == f"/s/{token}" and "refused" in parse_qs(address.query)
    page = client.get(reply.headers["Location"])
    assert page.status_code == 200
    return page


def test_survey_page_shows_scale_labels_progress_and_function_wording(client: FlaskClient, open_invitation) -> None:
    invitation, token = open_invitation()
    page = client.get(f"/s/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for label in QUESTIONNAIRE.scale.labels:
        assert label in html
    assert f"0 of {len(QUESTIONNAIRE.items)} answered" in html
    assert "Part 1 of" in html
    mirrored = next(item for item in QUESTIONNAIRE.items if item.mirrored)
    assert mirrored.text_for(invitation.participant.function) in html


def test_submitting_stores_one_anonymous_response_and_thanks(client: FlaskClient, open_invitation) -> None:
    invitation, token = open_invitation()
    before = response_count()
    answers = {**full_answers(4), "one_thing": "A shared lead definition."}
    reply = client.post(f"/s/{token}", data={**answers, "submit": "1"})
    assert reply.status_code == 302
    assert client.get(reply.headers["Location"]).get_data(as_text=True).count("Thank you") >= 1
    assert response_count() == before + 1
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).completed
    stored = db.session.execute(db.select(Response).where(Response.comments["one_thing"].isnot(None))
                                .order_by(Response.submitted_on.desc())).scalars().all()
    assert any(r.comments.get("one_thing") == "A shared lead definition." for r in stored)
    assert not hasattr(Response, "invitation_id")


def test_a_repeated_submission_gets_a_friendly_page_and_stores_nothing(client: FlaskClient, open_invitation) -> None:
    _, token = open_invitation()
    client.post(f"/s/{token}", data={**full_answers(), "submit": "1"})
    count = response_count()
    again = client.post(f"/s/{token}", data={**full_answers(), "submit": "1"})
    assert again.status_code == 409
    assert "already answered" in again.get_data(as_text=True)
    assert response_count() == count


def test_missing_answers_are_flagged_next_to_the_question_and_nothing_is_stored(
    client: FlaskClient, open_invitation
) -> None:
    _, token = open_invitation()
    before = response_count()
    answers = full_answers()
    skipped = QUESTIONNAIRE.items[3].id
    del answers[skipped]
    html = refused_submit(client, token, answers).get_data(as_text=True)
    block = re.search(rf'id="q-{skipped}">(.*?)</div>\s*</div>', html, re.S)
    assert block and "Please choose an answer." in block.group(1)
    assert html.count("Please choose an answer.") == 1
    kept = QUESTIONNAIRE.items[0].id
    assert re.search(rf'<input checked id="{kept}-3" name="{kept}"[^>]*value="4">', html), "answers given are kept"
    assert response_count() == before


def test_a_refused_submit_redirects_to_the_survey_page_showing_the_message_and_what_was_typed(
    client: FlaskClient, open_invitation
) -> None:
    """Answered by the page of the POST, Back or a reload asked to send the form again; the page redirected to
    shows the same: the refusal, the statements to answer marked, and every answer and comment typed."""
    _, token = open_invitation()
    before = response_count()
    first, second = QUESTIONNAIRE.items[0].id, QUESTIONNAIRE.items[1].id
    typed = {first: "5", second: "2", "one_thing": "A shared definition of a qualified lead"}
    reply = client.post(f"/s/{token}", data={**typed, "submit": "1"})
    assert reply.status_code == 303
    assert urlsplit(reply.headers["Location"]).path == f"/s/{token}"
    missing = len(QUESTIONNAIRE.items) - 2
    for _ in range(2):   # and once more, as a reload asks for it: the same page, nothing sent again
        page = client.get(reply.headers["Location"])
        html = page.get_data(as_text=True)
        text = " ".join(html.split())
        assert page.status_code == 200
        assert "<title>Error: some answers are missing" in html
        assert "Some answers are missing" in text and f"Please answer the {missing} highlighted statements" in text
        assert "What you answered so far is saved" in text and "Welcome back" not in text
        assert html.count("Please choose an answer.") == missing
        assert f'id="error-{first}"' not in html and f'id="error-{second}"' not in html
        assert re.search(rf'<input checked id="{first}-4" name="{first}"[^>]*value="5">', html)
        assert re.search(rf'<input checked id="{second}-1" name="{second}"[^>]*value="2">', html)
        assert "A shared definition of a qualified lead</textarea>" in html
        assert f"2 of {len(QUESTIONNAIRE.items)} answered" in html
    assert response_count() == before


def test_a_value_outside_the_scale_is_refused(client: FlaskClient, open_invitation) -> None:
    """Only a page of another scale sends one: it is not kept, so the statement is asked again."""
    _, token = open_invitation()
    before = response_count()
    outside = QUESTIONNAIRE.items[0].id
    answers = {**full_answers(), outside: "9"}
    html = refused_submit(client, token, answers).get_data(as_text=True)
    block = re.search(rf'id="q-{outside}">(.*?)</div>\s*</div>', html, re.S)
    assert block and "Please choose an answer." in block.group(1)
    assert html.count('class="field-error"') == 1
    assert response_count() == before


def test_a_page_opened_before_a_reminder_went_out_still_sends_its_answers(
    client: FlaskClient, open_invitation
) -> None:
    """The reminder carries a new link; the page open on the invitation's link must not lose what it holds."""
    invitation, token = open_invitation()
    reminder = claim(invitation.cycle, invitation.id, Mailing.reminder, dt.date.today(), 0)
    assert reminder is not None
    db.session.commit()
    before = response_count()
    reply = client.post(f"/s/{token}", data={**full_answers(), "submit": "1"})
    assert reply.status_code == 302 and "Thank you" in client.get(reply.headers["Location"]).get_data(as_text=True)
    assert response_count() == before + 1
    assert "already answered" in client.get(f"/s/{reminder.token}").get_data(as_text=True)


def test_the_demo_button_hands_out_a_survey_to_a_browser_that_keeps_no_cookie(app) -> None:  # type: ignore[no-untyped-def]
    """Anyone may press it, signed in or not: a CSRF check there guarded nothing, and needed a session cookie."""
    visitor = RequestScopedClient(app, app.response_class, use_cookies=False)
    reply = visitor.post("/demo/answer")
    assert reply.status_code == 302 and reply.headers["Location"].startswith("/s/")
    survey = visitor.get(reply.headers["Location"])
    assert survey.status_code == 200 and "Submit my answers" in survey.get_data(as_text=True)


def test_unknown_token_gets_a_friendly_404(client: FlaskClient) -> None:
    reply = client.get("/s/not-a-real-token")
    assert reply.status_code == 404
    page = reply.get_data(as_text=True)
    assert "This survey link does not work" in page
    assert "Go to the start page" not in page  # the staff's sign-in is no place to send an employee


def test_a_closed_cycle_refuses_answers_with_410(client: FlaskClient, open_invitation) -> None:
    invitation, token = open_invitation()
    from assessment.operations.cycles import close_cycle

    close_cycle(invitation.cycle)
    db.session.commit()
    before = response_count()
    reply = client.post(f"/s/{token}", data={**full_answers(), "submit": "1"})
    assert reply.status_code == 410
    assert "This survey is closed" in reply.get_data(as_text=True)
    assert response_count() == before


def test_an_employee_whose_browser_keeps_no_cookie_saves_resumes_and_submits(app, open_invitation) -> None:  # type: ignore[no-untyped-def]
    """Cookies blocked, or stripped by a corporate proxy: the link alone carries the survey, and no page sets a cookie
    but the submit's own (``SUBMITTED_COOKIE``), which nothing reads."""
    _, token = open_invitation()
    employee = RequestScopedClient(app, app.response_class, use_cookies=False)
    before = response_count()
    first = QUESTIONNAIRE.items[0].id
    replies = [employee.get(f"/s/{token}"),
               employee.post(f"/s/{token}", data={first: "2", "one_thing": "Shared lead scoring", "save": "1"},
                                 follow_redirects=True)]
    assert "Your answers are saved" in replies[-1].get_data(as_text=True)
    replies.append(employee.get(f"/s/{token}"))
    resumed = replies[-1].get_data(as_text=True)
    assert re.search(rf'<input checked id="{first}-1" name="{first}"[^>]*value="2">', resumed)
    assert "Shared lead scoring" in resumed and "Welcome back" in resumed
    assert 'name="csrf_token"' not in resumed
    replies.append(employee.post(f"/s/{token}", data={**full_answers(4), first: "2", "submit": "1"}))
    assert replies[-1].status_code == 302 and response_count() == before + 1
    replies.append(employee.get(replies[-1].headers["Location"]))
    assert "Thank you" in replies[-1].get_data(as_text=True)
    assert [r.headers.getlist("Set-Cookie") for r in replies if not r.headers.get("Location")] == [[]] * 4
    again = employee.post(f"/s/{token}", data={**full_answers(), "submit": "1"})
    assert again.status_code == 409 and "You have already answered" in again.get_data(as_text=True)
    assert response_count() == before + 1


def test_a_late_submission_from_a_browser_that_keeps_no_cookie_gets_the_closed_page(app, open_invitation) -> None:  # type: ignore[no-untyped-def]
    from assessment.operations.cycles import close_cycle

    invitation, token = open_invitation()
    employee = RequestScopedClient(app, app.response_class, use_cookies=False)
    employee.get(f"/s/{token}")
    close_cycle(invitation.cycle)
    db.session.commit()
    before = response_count()
    late = employee.post(f"/s/{token}", data={**full_answers(), "submit": "1"})
    said = " ".join(late.get_data(as_text=True).split())
    assert late.status_code == 410 and "This survey is closed" in said and "The answers on this page were not stored" in said
    assert response_count() == before


def test_saving_keeps_answers_for_later_and_counts_nothing(client: FlaskClient, open_invitation) -> None:
    _, token = open_invitation()
    before = response_count()
    first = QUESTIONNAIRE.items[0].id
    saved = client.post(f"/s/{token}", data={first: "2", "keep_doing": "Joint pipeline review",
                                             "save": "1"}, follow_redirects=True)
    assert "Your answers are saved" in saved.get_data(as_text=True)
    assert "on this device or another" in " ".join(saved.get_data(as_text=True).split())   # a phone's start, a laptop's end
    assert response_count() == before
    resumed = client.get(f"/s/{token}").get_data(as_text=True)
    assert re.search(rf'<input checked id="{first}-1" name="{first}"[^>]*value="2">', resumed)
    assert "Joint pipeline review" in resumed
    assert f"1 of {len(QUESTIONNAIRE.items)} answered" in resumed


def test_a_cycle_closed_early_tells_a_late_respondent_the_day_it_closed(app, client: FlaskClient, open_invitation, login) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from assessment.dates import written
    invitation, token = open_invitation()
    cycle = invitation.cycle
    cycle.closes_on = dt.date.today() + dt.timedelta(days=10)
    db.session.commit()
    consultant = RequestScopedClient(app, app.response_class, use_cookies=True)
    login(consultant, "consultant")
    page = f"/manage/{cycle.organization.slug}/{cycle.period}/close"
    confirm = csrf_token(consultant.get(page).get_data(as_text=True))
    assert consultant.post(page, data={"csrf_token": confirm}).status_code == 302
    reply = client.post(f"/s/{token}", data={**full_answers(), "submit": "1"})
    assert reply.status_code == 410
    assert f"it closed on {written(dt.date.today())}" in reply.get_data(as_text=True)


def test_a_lost_cookie_on_a_link_already_used_still_says_already_answered(
    app, client: FlaskClient, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    _, token = open_invitation()
    client.post(f"/s/{token}", data={**full_answers(), "submit": "1"})
    without_cookie = RequestScopedClient(app, app.response_class, use_cookies=True)
    reply = without_cookie.post(f"/s/{token}", data={**full_answers(), "submit": "1"})
    assert reply.status_code == 409
    assert "You have already answered" in reply.get_data(as_text=True)
    refused = without_cookie.post("/s/not-a-real-token", data=full_answers())
    assert refused.status_code == 404 and "The answers on this page were not stored" in refused.get_data(as_text=True)


def test_a_comment_the_page_accepted_is_not_refused_for_its_line_breaks(client: FlaskClient, open_invitation) -> None:
    """The browser counts a line break as one character against maxlength but sends it as CR LF."""
    _, token = open_invitation()
    before = response_count()
    typed = "\n".join(["x" * 99] * 20) + "!"  # 2,000 characters as the page counted them, 2,019 as sent
    assert len(typed) == 2000
    reply = client.post(f"/s/{token}", data={**full_answers(), "one_thing": typed.replace("\n", "\r\n"),
                                             "submit": "1"})
    assert reply.status_code == 302
    assert response_count() == before + 1
    stored = db.session.execute(db.select(Response.comments)).scalars().all()
    assert {"one_thing": typed} in stored


def test_a_comment_too_long_is_not_called_a_missing_answer(client: FlaskClient, open_invitation) -> None:
    _, token = open_invitation()
    reply = client.post(f"/s/{token}", data={**full_answers(), "one_thing": "x" * 2001,
                                             "submit": "1"})
    html = reply.get_data(as_text=True)
    assert reply.status_code == 422
    assert "Some answers are missing" not in html and "highlighted statement" not in html
    assert "Please shorten the highlighted comment to at most 2000 characters." in html
    assert 'href="#q-one_thing"' in html
    block = re.search(r'id="q-one_thing">(.*?)</div>', html, re.S)
    assert block and "Please keep it to 2000 characters or fewer." in block.group(1)


def test_the_saved_page_names_the_last_day_as_the_invitation_does_and_never_a_day_gone_by(
    client: FlaskClient, open_invitation
) -> None:
    import datetime as dt

    from assessment.dates import written

    invitation, token = open_invitation()
    invitation.cycle.closes_on = dt.date.today() + dt.timedelta(days=5)
    db.session.commit()
    saved = client.post(f"/s/{token}", data={"save": "1"}, follow_redirects=True).get_data(as_text=True)
    assert re.search(rf"until\s+{written(invitation.cycle.closes_on)}", saved)
    assert "before" not in saved

    invitation.cycle.closes_on = dt.date.today() - dt.timedelta(days=2)  # planned date passed, still open
    db.session.commit()
    saved = client.post(f"/s/{token}", data={"save": "1", QUESTIONNAIRE.items[0].id: "4"},
                        follow_redirects=True).get_data(as_text=True)
    assert "Your answers are saved" in saved
    assert written(invitation.cycle.closes_on) not in saved


def test_save_before_any_answer_says_nothing_is_kept_rather_than_your_answers_are_saved(
    client: FlaskClient, open_invitation
) -> None:
    _, token = open_invitation()
    empty = client.post(f"/s/{token}", data={"save": "1"}, follow_redirects=True).get_data(as_text=True)
    assert "Nothing to save yet" in empty and "Your answers are saved" not in empty
    assert "Start now" in empty

    client.post(f"/s/{token}", data={"save": "1", QUESTIONNAIRE.items[0].id: "4"})
    again = client.post(f"/s/{token}", data={"save": "1"}, follow_redirects=True).get_data(as_text=True)
    assert "Your answers are saved" in again and "Continue now" in again   # the earlier answer is still kept


def test_a_refused_partial_submit_keeps_what_was_answered_for_the_next_visit(
    client: FlaskClient, open_invitation
) -> None:
    """Pressing Submit with answers missing, then losing the page (a phone's browser), loses nothing."""
    _, token = open_invitation()
    before = response_count()
    first, second = QUESTIONNAIRE.items[0].id, QUESTIONNAIRE.items[1].id
    refused = refused_submit(client, token, {first: "5", second: "1", "one_thing": "Weekly stand-up"})
    assert "What you answered so far is saved" in refused.get_data(as_text=True)
    assert response_count() == before

    later = client.get(f"/s/{token}").get_data(as_text=True)
    assert re.search(rf'<input checked id="{first}-4" name="{first}"[^>]*value="5">', later)
    assert re.search(rf'<input checked id="{second}-0" name="{second}"[^>]*value="1">', later)
    assert "Weekly stand-up" in later
    assert f"2 of {len(QUESTIONNAIRE.items)} answered" in later
    assert "Some answers are missing" not in later


def test_control_characters_pasted_into_a_comment_are_dropped_and_the_rest_kept(
        client: FlaskClient, open_invitation) -> None:
    """Text pasted from another program can carry a NUL or a vertical tab: PostgreSQL refuses a NUL, and
    neither shows on a page or in a PDF. They are dropped; line breaks and tabs stay."""
    _, token = open_invitation()
    before = response_count()
    reply = client.post(f"/s/{token}", data={**full_answers(), "one_thing": "Share\x00 the\x0b pipeline\r\n\tweekly\x7f",
                                             "submit": "1"})
    assert reply.status_code == 302
    assert response_count() == before + 1
    stored = db.session.execute(db.select(Response.comments)).scalars().all()
    assert {"one_thing": "Share the pipeline\n\tweekly"} in stored


def test_a_save_landing_after_the_submit_from_another_tab_keeps_nothing(client: FlaskClient, open_invitation) -> None:
    """The page was checked before the other tab's submit landed; the save must still not tie answers to the person."""
    invitation, _ = open_invitation()
    assert invitation.completed is False  # as the Save request loaded it
    # The other tab's submit lands now, behind this request's back.
    db.session.execute(db.update(Invitation).where(Invitation.id == invitation.id).values(completed=True)
                       .execution_options(synchronize_session=False))
    with pytest.raises(AlreadyAnswered):
        save_draft(invitation, {"sg1": 4}, {"one_thing": "Names that point to me"})
    stored = db.session.execute(db.select(Invitation.draft).where(Invitation.id == invitation.id)).scalar_one()
    assert stored is None


def test_the_demo_survey_never_hands_a_visitor_another_visitors_saved_answers(client: FlaskClient) -> None:
    """Two visitors press "Answer the demo survey": the second must not see what the first saved."""
    first = client.post("/demo/answer")
    link = first.headers["Location"]
    client.get(link)
    client.post(link, data={QUESTIONNAIRE.items[0].id: "4",
                            "one_thing": "Visitor one's own words", "save": "1"})
    second = client.post("/demo/answer")
    assert second.headers["Location"] != link
    survey = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Visitor one&#39;s own words" not in survey and "Visitor one's own words" not in survey
    assert re.search(r'id="progress-text"[^>]*>\s*0 of \d+ answered', survey)


def test_visitors_pressing_the_demo_button_in_turn_each_get_a_person_of_their_own(client: FlaskClient) -> None:
    """The second press handed out the first visitor's person again, so the first visitor's link stopped working."""
    links = [client.post("/demo/answer").headers["Location"] for _ in range(3)]
    assert len(set(links)) == 3
    for link in links:
        reply = client.get(link)
        assert reply.status_code == 200 and "Submit my answers" in reply.get_data(as_text=True)


def test_the_comment_box_promises_the_group_size_the_gate_keeps(client: FlaskClient, open_invitation) -> None:
    """The gate shows a group's comments from the larger of the two thresholds; the page named the comment one."""
    invitation, token = open_invitation()
    invitation.cycle.min_group_size = 8  # a cycle whose comment threshold was left below its group size
    invitation.cycle.min_comment_group_size = 5
    db.session.commit()
    page = client.get(f"/s/{token}").get_data(as_text=True)
    assert "only for groups of at least 8 people" in page


def test_the_saved_page_says_where_saved_answers_wait_and_they_are_gone_once_submitted(
    client: FlaskClient, open_invitation
) -> None:
    """Anonymous holds from the submit on: until then a draft sits with the person's invitation, and the page said
    nothing of it."""
    invitation, token = open_invitation()
    saved = client.post(f"/s/{token}", data={**full_answers(2), "keep_doing": "My own words",
                                             "save": "1"}, follow_redirects=True).get_data(as_text=True)
    assert re.search(r"kept with your personal link: only that link opens them, and they are\s+erased when you "
                     r"submit them or when the survey closes", saved)
    assert client.post(f"/s/{token}", data={**full_answers(2), "submit": "1"}).status_code == 302
    assert db.session.execute(db.select(Invitation.draft).where(Invitation.id == invitation.id)).scalar_one() is None


def test_the_survey_says_until_when_it_can_be_answered_and_that_it_can_be_finished_later(
    client: FlaskClient, open_invitation  # type: ignore[no-untyped-def]
) -> None:
    from assessment.dates import written

    invitation, token = open_invitation()
    invitation.cycle.closes_on = dt.date.today() + dt.timedelta(days=9)
    db.session.commit()
    page = " ".join(client.get(f"/s/{token}").get_data(as_text=True).split())
    assert f"Open until {written(invitation.cycle.closes_on)}" in page
    assert "Save for later keeps your answers" in page


def test_the_survey_says_up_front_what_is_kept_with_the_answers_and_that_every_statement_needs_one(
    client: FlaskClient, open_invitation
) -> None:
    """Anonymous, said truthfully: the person's team, function and roster bands travel with the answers (and
    results can be cut by them), so the page names them; and the way past a statement they cannot judge."""
    invitation, token = open_invitation()
    invitation.participant.attributes = {"role_level": "manager", "tenure_band": "", "region": "EMEA"}
    db.session.commit()
    text = " ".join(client.get(f"/s/{token}").get_data(as_text=True).split())

    assert ("kept with your function, your team, your role level, your region and the day you submit, never with "
            "your name or email address") in text
    assert "your tenure" not in text   # a band the roster left empty tells nothing, so is not named
    assert f"Every statement needs an answer; choose “{QUESTIONNAIRE.scale.dont_know}” where you cannot judge one" in text


def test_the_thanks_page_opened_without_a_submit_does_not_say_answers_are_in(client: FlaskClient) -> None:
    """A bookmark or the browser's history led to "Your answers are in" for answers never sent."""
    page = client.get("/s/thanks").get_data(as_text=True)
    assert "Your answers are in" not in page and "open the personal link in your invitation email" in page


def test_save_redirects_to_a_page_a_reload_only_reads(client: FlaskClient, open_invitation) -> None:
    """Post/Redirect/Get: the saved page is a GET of its own, which keeps nothing and counts nothing."""
    invitation, token = open_invitation()
    before = response_count()
    first = QUESTIONNAIRE.items[0].id
    saved = client.post(f"/s/{token}", data={first: "2", "save": "1"})
    assert saved.status_code == 303 and saved.headers["Location"] == f"/s/{token}?saved=1"
    draft = dict(invitation.draft)
    for _ in range(2):   # the redirect, then a reload
        again = client.get(saved.headers["Location"])
        assert again.status_code == 200 and "Your answers are saved" in again.get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.draft == draft and response_count() == before

    assert client.post(f"/s/{token}", data={**full_answers(2), "submit": "1"}).status_code == 302
    after = client.get(saved.headers["Location"])
    assert after.status_code == 409 and "You have already answered" in after.get_data(as_text=True)
