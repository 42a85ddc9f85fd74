"""Signing in with a username and password, and reading the signed-in user on each request.

Django's ``ModelBackend`` reads the user alone; most pages then read a student's profile and
centre (the time zone, the home page, the path). Reading them with the user, in the same query,
saves two queries on every student request (issue 13); for staff and families the join finds
no profile and costs nothing more.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from parcours.people.models import User


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("student_profile__centre").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
