from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parcours.people.models import (
    CoachAssignment,
    GuardianLink,
    Membership,
    PersonalToken,
    StudentProfile,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["centre"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "memberships__role", "memberships__centre"]
    search_fields = ["username", "first_name", "last_name", "email"]
    inlines = [MembershipInline]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Preferences"), {"fields": ["preferred_language"]}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "centre", "is_active"]
    list_filter = ["role", "centre", "is_active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "centre"]


@admin.register(StudentProfile)
class StudentProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "centre", "birth_date", "grade", "gender", "priority_neighbourhood"]
    list_filter = ["centre", "gender", "priority_neighbourhood", "grade"]
    search_fields = ["user__first_name", "user__last_name", "user__username", "school"]
    autocomplete_fields = ["user"]


@admin.register(GuardianLink)
class GuardianLinkAdmin(admin.ModelAdmin):
    list_display = ["guardian", "student", "relationship", "centre"]
    list_filter = ["centre", "relationship"]
    search_fields = ["guardian__last_name", "student__last_name", "student__first_name"]
    autocomplete_fields = ["guardian", "student"]


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(admin.ModelAdmin):
    list_display = ["coach", "student", "centre"]
    list_filter = ["centre"]
    search_fields = ["coach__last_name", "student__last_name", "student__first_name"]
    autocomplete_fields = ["coach", "student"]


@admin.register(PersonalToken)
class PersonalTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are made by their owner on their account page; the hash is not
    shown. Deleting one here voids it."""

    list_display = ["user", "name", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "user__last_name", "name"]
    fields = readonly_fields = (
        "user",
        "name",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
