"""The app shell's data: which centre a staff member is working in, and the navigation each role
gets (top links, the side navigation grouped by task, the phone tab bar of students).

Views that need "the centre I am working in" call ``current_centre(request)``: the centre chosen
in the centre switcher (kept in the session), else the user's home centre. Only centres where the
user holds a staff role (or all, for a network admin) can be chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parcours.centres.models import Centre
from parcours.people.models import Role, User
from parcours.people.selectors import Access, access_for, home_centre_id

SESSION_KEY = "parcours_centre"
THEME_COOKIE = "parcours_theme"
THEMES = ("light", "dark")
STAFF_ROLES = (Role.NETWORK_ADMIN, Role.MANAGER, Role.COACH, Role.EXPERT)


def is_staff_member(access: Access) -> bool:
    """Managers, coaches, experts and network admins: who gets the side navigation, the search
    box and the style guide."""
    return access.network_admin or bool(access.staff_centres())


CENTRE_FIELDS = ("pk", "slug", "name", "timezone")


def switchable_centres(user: Any, request: HttpRequest | None = None) -> list[Centre]:
    """Centres the user may switch to: every centre for a network admin, else the centres where
    they hold a staff role. One query, kept on the request when one is given."""
    if request is not None and hasattr(request, "_parcours_centres"):
        kept: list[Centre] = request._parcours_centres
        return kept
    access = access_for(user)
    if access.network_admin:
        qs = Centre.objects.all()
    elif access.staff_centres():
        qs = Centre.objects.filter(pk__in=access.staff_centres())
    else:
        qs = Centre.objects.none()
    centres = list(qs.order_by("name").only(*CENTRE_FIELDS))  # none(): no query
    if request is not None:
        request._parcours_centres = centres  # type: ignore[attr-defined]
    return centres


def current_centre(request: HttpRequest, centres: list[Centre] | None = None) -> Centre | None:
    """The centre the user is working in: the one picked in the switcher if they may still
    use it, else their home centre. Cached on the request."""
    if hasattr(request, "_parcours_centre"):
        cached: Centre | None = request._parcours_centre
        return cached
    user = request.user
    centre: Centre | None = None
    if user.is_authenticated:
        options = centres if centres is not None else switchable_centres(user, request)
        by_id = {c.pk: c for c in options}
        chosen = request.session.get(SESSION_KEY)
        home = home_centre_id(user)
        if chosen in by_id:
            centre = by_id[chosen]
        elif home in by_id:
            centre = by_id[home]
        elif home is not None:
            centre = _own_centre(user, home) or (
                Centre.objects.filter(pk=home).only(*CENTRE_FIELDS).first()
            )
        elif options:
            centre = options[0]
    request._parcours_centre = centre  # type: ignore[attr-defined]
    return centre


def _own_centre(user: Any, centre_id: int) -> Centre | None:
    """A student's centre when it was read with the user (people.backends): no query."""
    if not User.student_profile.related.is_cached(user):
        return None
    profile = getattr(user, "student_profile", None)
    if profile is None or profile.centre_id != centre_id:
        return None
    return profile.centre if type(profile).centre.is_cached(profile) else None


def choose_centre(request: HttpRequest, centre_id: int) -> Centre | None:
    """Remember the centre picked in the switcher; ``None`` if the user may not pick it."""
    options = {c.pk: c for c in switchable_centres(request.user, request)}
    centre = options.get(centre_id)
    if centre is not None:
        request.session[SESSION_KEY] = centre.pk
        request._parcours_centre = centre  # type: ignore[attr-defined]
    return centre


def theme_of(request: HttpRequest) -> str | None:
    value = request.COOKIES.get(THEME_COOKIE)
    return value if value in THEMES else None


@dataclass
class Link:
    label: str | Promise
    url: str
    icon: str
    current: bool = False


@dataclass
class Group:
    label: str | Promise
    links: list[Link] = field(default_factory=list)


def _link(
    request: HttpRequest, label: str | Promise, name: str, icon: str, *args: Any
) -> Link | None:
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    path = request.path
    current = path == url if url == "/" else path.startswith(url)
    return Link(label=label, url=url, icon=icon, current=current)


def _groups(request: HttpRequest, groups: list[tuple[Any, list[Link | None]]]) -> list[Group]:
    out = []
    for label, links in groups:
        kept = [link for link in links if link is not None]
        if kept:
            out.append(Group(label=label, links=kept))
    # Only the longest matching link is the current page.
    every = [link for g in out for link in g.links]
    best = max((link for link in every if link.current), key=lambda x: len(x.url), default=None)
    for link in every:
        link.current = link is best
    return out


def staff_nav(request: HttpRequest, access: Access, centre: Centre | None) -> list[Group]:
    """The side navigation of staff, grouped by task. Links only to pages the role may open."""
    r = request
    slug = centre.slug if centre else None
    manager = access.network_admin or (centre is not None and access.has(Role.MANAGER, centre.pk))
    coach = access.has(Role.COACH)
    expert = access.has(Role.EXPERT)
    today: list[Link | None] = [_link(r, _("Home"), "home", "house")]
    students: list[Link | None] = []
    programme: list[Link | None] = []
    centre_links: list[Link | None] = []
    network: list[Link | None] = []
    if coach or expert:
        students.append(_link(r, _("Work to review"), "learning:reviews", "clipboard-check"))
    if (coach or manager) and slug:
        today.append(_link(r, _("Who is in"), "attendance:board", "door-open", slug))
        today.append(_link(r, _("Follow-up of absences"), "attendance:follow_up", "list-checks"))
        today.append(_link(r, _("Early warning"), "risk:alerts", "triangle-alert"))
        students.append(_link(r, _("Follow-up actions"), "coaching:actions", "list-todo"))
        students.append(_link(r, _("Orientation programme"), "orientation:centre", "compass", slug))
        students.append(
            _link(r, _("Prevention internships"), "internships:centre", "calendar-days", slug)
        )
        today.append(_link(r, _("Door kiosk"), "attendance:kiosk", "qr-code", slug))
    if slug:
        programme.append(_link(r, _("Labs and masterlabs"), "labs:centre", "flask-conical", slug))
    programme.append(_link(r, _("Catalogue"), "catalogue:panel", "library"))
    programme.append(_link(r, _("Training offers"), "training_offers:search", "compass"))
    if manager:
        programme.append(_link(r, _("Import training offers"), "training_offers:manage", "upload"))
    if coach or manager:
        programme.append(_link(r, _("Exhibitions"), "showcase:list", "clapperboard"))
        students.append(_link(r, _("Students' works"), "portfolio:centre", "pen-tool"))
        students.append(
            _link(r, _("Works made outside activities"), "portfolio:reviews", "file-pen")
        )
    if manager and slug:
        students.insert(0, _link(r, _("Enrolment requests"), "enrolment:review", "inbox", slug))
        students.append(_link(r, _("Badges"), "attendance:badges", "id-card", slug))
        students.append(_link(r, _("Caseloads"), "coaching:caseloads", "users", slug))
        programme.append(_link(r, _("Offered focus areas"), "catalogue:offers", "palette", slug))
        programme.append(_link(r, _("Schedule"), "schedule:overview", "calendar-days", slug))
        centre_links.append(_link(r, _("Centre set-up"), "centre", "building-2", slug))
        students.append(_link(r, _("Credentials"), "credentials:centre", "trophy", slug))
        centre_links.append(_link(r, _("Mastery model"), "learning:mastery", "chart-column", slug))
        centre_links.append(_link(r, _("Early-warning model"), "risk:model", "trending-up", slug))
    if manager:
        centre_links.append(
            _link(r, _("Data erasure requests"), "privacy:requests", "shield-check")
        )
        centre_links.append(_link(r, _("Audit log"), "audit:log", "history"))
    if access.network_admin:
        network.append(_link(r, _("Centres"), "centres:list", "school"))
        network.append(_link(r, _("Frameworks"), "catalogue:frameworks", "layers"))
        network.append(_link(r, _("Retention rules"), "privacy:retention", "history"))
    you = [
        _link(r, _("My calendar"), "calendars:mine", "calendar"),
        _link(r, _("API tokens"), "people:tokens", "key-round"),
    ]
    if request.user.is_staff:
        you.append(_link(r, _("Administration"), "admin:index", "settings"))
    you.append(_link(r, _("Design system"), "design", "palette"))
    return _groups(
        request,
        [
            (_("Today"), today),
            (_("Students"), students),
            (_("Programme"), programme),
            (_("Centre"), centre_links),
            (_("Network"), network),
            (_("You"), you),
        ],
    )


def student_tabs(request: HttpRequest, centre: Centre | None) -> list[Link]:
    """The phone tab bar (and top links on a PC) of a student."""
    r = request
    links = [
        _link(r, _("Home"), "home", "house"),
        _link(r, _("My path"), "learning:discovery", "route"),
        _link(r, _("Labs"), "labs:centre", "flask-conical", centre.slug) if centre else None,
        _link(r, _("Calendar"), "calendars:mine", "calendar"),
        _link(r, _("Me"), "attendance:my_badge", "user-round"),
    ]
    return _groups(request, [("", links)])[0].links


def family_links(request: HttpRequest) -> list[Link]:
    r = request
    links = [
        _link(r, _("Home"), "home", "house"),
        _link(r, _("Labs"), "labs:family", "flask-conical"),
        _link(r, _("Calendar"), "calendars:mine", "calendar"),
        _link(r, _("Coach notes"), "coaching:shared", "notebook-pen"),
        _link(r, _("Orientation"), "orientation:family", "compass"),
        _link(r, _("My data"), "privacy:mine", "shield-check"),
    ]
    return _groups(request, [("", links)])[0].links


def shell_context(request: HttpRequest) -> dict[str, Any]:
    """What base.html needs to draw the shell, for any request."""
    user = getattr(request, "user", None)
    access = access_for(user)
    context: dict[str, Any] = {
        "access": access,
        "nav_role": access.primary_role,
        "theme": theme_of(request),
        "shell": "public",  # public | staff | student | family: which shell base.html draws
    }
    if user is None or not user.is_authenticated:
        return context
    if is_staff_member(access):
        centres = switchable_centres(user, request)
        centre = current_centre(request, centres)
        context.update(
            {
                "shell": "staff",
                "current_centre": centre,
                "switchable_centres": centres if len(centres) > 1 else [],
                "nav_groups": staff_nav(request, access, centre),
            }
        )
    elif access.has(Role.STUDENT):
        centre = current_centre(request)
        context.update({"shell": "student", "top_links": student_tabs(request, centre)})
    else:
        context.update({"shell": "family", "top_links": family_links(request)})
    return context
