"""Who sees and edits the catalogue.

- The panel of focus areas and the frameworks are visible to every signed-in user; network
  admins edit them.
- A centre's offer (which areas, local pitch) is visible to the centre's people; its managers
  edit it.
- Activities and templates: network-shared ones are visible to everyone signed in, a centre's
  own only to that centre's people; students see published ones only. Network admins edit the
  shared ones, managers their centre's own.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Q, QuerySet

from parcours.catalogue.models import (
    Activity,
    CatalogueItem,
    CentreFocusArea,
    FocusArea,
    Framework,
    LabTemplate,
    MasterlabTemplate,
)
from parcours.core.permissions import Policy
from parcours.people.models import Role
from parcours.people.selectors import access_for
from parcours.people.types import Actor

ALL_ROLES = [r.value for r in Role]
ItemT = TypeVar("ItemT", bound=CatalogueItem)


class PanelPolicy(Policy[FocusArea]):
    model = FocusArea

    def visible(self, user: Actor) -> QuerySet[FocusArea]:
        if not access_for(user).user_id:
            return FocusArea.objects.none()
        return FocusArea.objects.all()

    def editable(self, user: Actor) -> QuerySet[FocusArea]:
        if access_for(user).network_admin:
            return FocusArea.objects.all()
        return FocusArea.objects.none()


class FrameworkPolicy(Policy[Framework]):
    model = Framework

    def visible(self, user: Actor) -> QuerySet[Framework]:
        if not access_for(user).user_id:
            return Framework.objects.none()
        return Framework.objects.all()

    def editable(self, user: Actor) -> QuerySet[Framework]:
        if access_for(user).network_admin:
            return Framework.objects.all()
        return Framework.objects.none()


class OfferPolicy(Policy[CentreFocusArea]):
    model = CentreFocusArea

    def visible(self, user: Actor) -> QuerySet[CentreFocusArea]:
        access = access_for(user)
        if access.network_admin:
            return CentreFocusArea.objects.all()
        qs = CentreFocusArea.objects.filter(centre_id__in=access.centres(*ALL_ROLES))
        staff = access.centres(Role.MANAGER, Role.COACH, Role.EXPERT)
        # Students and guardians see only what is offered; staff also see what is switched off.
        return qs.filter(Q(is_offered=True) | Q(centre_id__in=staff))

    def editable(self, user: Actor) -> QuerySet[CentreFocusArea]:
        access = access_for(user)
        if access.network_admin:
            return CentreFocusArea.objects.all()
        return CentreFocusArea.objects.filter(centre_id__in=access.centres(Role.MANAGER))


class ItemPolicy(Policy[ItemT]):
    def visible(self, user: Actor) -> QuerySet[ItemT]:
        access = access_for(user)
        manager = self.model._default_manager
        if access.network_admin:
            return manager.all()
        if not access.user_id:
            return manager.none()
        mine = access.centres(*ALL_ROLES)
        qs = manager.filter(Q(centre__isnull=True) | Q(centre_id__in=mine))
        staff = access.staff_centres()
        # Drafts are visible to staff of the owning centre (or any staff for shared items).
        if staff:
            return qs.filter(Q(is_published=True) | Q(centre_id__in=staff) | Q(centre__isnull=True))
        return qs.filter(is_published=True)

    def editable(self, user: Actor) -> QuerySet[ItemT]:
        access = access_for(user)
        manager = self.model._default_manager
        if access.network_admin:
            return manager.all()
        return manager.filter(centre_id__in=access.centres(Role.MANAGER))

    def can_create(self, user: Actor, centre_id: int | None) -> bool:
        access = access_for(user)
        if access.network_admin:
            return True
        return centre_id is not None and access.has(Role.MANAGER, centre_id)


class ActivityPolicy(ItemPolicy[Activity]):
    model = Activity


class LabTemplatePolicy(ItemPolicy[LabTemplate]):
    model = LabTemplate


class MasterlabTemplatePolicy(ItemPolicy[MasterlabTemplate]):
    model = MasterlabTemplate


panel_policy = PanelPolicy()
framework_policy = FrameworkPolicy()
offer_policy = OfferPolicy()
activity_policy = ActivityPolicy()
lab_template_policy = LabTemplatePolicy()
masterlab_template_policy = MasterlabTemplatePolicy()
