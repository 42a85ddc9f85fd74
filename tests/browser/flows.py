"""Steps of the main flows, shared by the browser tests."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail

from parcours.enrolment.models import Enrolment
from parcours.learning.models import QuizSitting
from tests.browser.conftest import sign_in
from tests.enrolment.conftest import birth_for


def pre_register(page: Any, *, first: str, last: str, slot: str) -> Enrolment:
    """A guardian fills in the public form for their child."""
    page.goto(f"{page.base}/enrol/")
    page.get_by_role("link", name="Pre-register at Paris").click()
    page.get_by_label("I am a parent or guardian").check()
    page.get_by_label(re.compile("^First name")).fill(first)
    page.get_by_label(re.compile("^Last name")).fill(last)
    page.get_by_label("Birth date").fill(birth_for(14).isoformat())
    page.get_by_label(re.compile("^School")).fill("Collège Jean Jaurès")
    page.get_by_label("Grade").fill("4e")
    page.get_by_label("Postcode").fill("75019")
    assert page.get_by_label("prefer not to say").is_checked()  # the default
    page.get_by_label(re.compile(slot)).check()
    page.get_by_label("Guardian's first name").fill("Sonia")
    page.get_by_label("Guardian's last name").fill(last)
    page.get_by_label("Guardian's email").fill("sonia.martin@example.org")
    page.get_by_label("Guardian's phone").fill("06 12 34 56 78")
    page.get_by_label("Preferred language for our messages").select_option("en")
    page.get_by_role("button", name="Send the pre-registration").click()
    assert "Thank you!" in page.get_by_role("status").inner_text()
    return Enrolment.objects.get(student__first_name=first, student__last_name=last)


def consent_from_email(page: Any, *, image_use: bool = True) -> None:
    """The guardian opens the emailed link and gives the enrolment consent."""
    message = next(m for m in reversed(mail.outbox) if "/enrol/consent/" in m.body)
    link = re.search(r"https?://\S+/enrol/consent/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_label(re.compile("I agree: enrolment")).check()
    if image_use:
        page.get_by_label(re.compile("I agree: image_use")).check()
    page.get_by_role("button", name="Record my answer").click()
    assert "your answer is recorded" in page.get_by_role("status").inner_text()


def register_as_manager(page: Any, *, name: str) -> None:
    sign_in(page, "paris-manager")
    page.get_by_role("navigation", name="Sections").get_by_role(
        "link", name="Enrolment requests"
    ).click()
    row = page.get_by_role("row").filter(has_text=name)
    assert "consent given" in row.inner_text() and "pre-registered" in row.inner_text()
    row.get_by_role("button", name=f"Register {name}").click()
    assert f"{name} is registered" in page.get_by_role("status").inner_text()


def student_sets_password(page: Any, *, password: str) -> str:
    """The student opens their link from the registration email; returns their username."""
    message = mail.outbox[-1]
    username = re.search(r"username: (\S+)", message.body).group(1)
    link = re.findall(r"https?://\S+/enrol/password/\S+/", message.body)[0]
    page.goto(link)
    page.get_by_label(re.compile(r"^New password \*?$")).fill(password)
    page.get_by_label(re.compile(r"^New password confirmation")).fill(password)
    page.get_by_role("button", name="Save the password").click()
    return username


def open_sitting(student, quiz):
    return QuizSitting.objects.get(student=student, activity=quiz, submitted_at__isnull=True)


def answer_quiz(page, quiz, sitting, *, right):
    """Answer each question of the sitting as a student reads it: by the choices' words."""
    for entry in sitting.items:
        item = quiz.quiz_items.get(pk=entry["item"])
        spec = item.spec
        box = page.locator("fieldset", has_text=spec["prompt"]["en"])
        if spec["type"] in ("single", "multiple"):
            wanted = (
                spec["answer"]
                if right
                else [i for i in range(len(spec["choices"])) if i not in spec["answer"]][:1]
            )
            for index in wanted:
                box.get_by_label(spec["choices"][index]["en"], exact=True).check()
        elif spec["type"] == "numeric":
            box.get_by_role("textbox").fill(str(spec["answer"] if right else 12345))
        else:
            box.get_by_role("textbox").fill(spec["accepted"]["en"][0] if right else "no idea")
