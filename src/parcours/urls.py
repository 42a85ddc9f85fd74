from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from parcours.api import api
from parcours.portfolio.urls import public_urlpatterns as portfolio_public
from parcours.showcase.urls import public_urlpatterns as showcase_public
from parcours.web import design_views
from parcours.web import views as web_views
from parcours.web.signin import SignInView

urlpatterns = [
    path("", web_views.home, name="home"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/", include("parcours.people.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("theme/", design_views.theme, name="theme"),
    path("centre/", design_views.centre_switch, name="centre_switch"),
    path("search/", design_views.search, name="search"),
    path("design/", design_views.design, name="design"),
    path("design/modal/", design_views.design_modal, name="design_modal"),
    path("centres/<slug:slug>/", web_views.centre_detail, name="centre"),
    path("centres/", include("parcours.centres.urls")),
    path("catalogue/", include("parcours.catalogue.urls")),
    path("consents/", include("parcours.consents.urls")),
    path("enrol/", include("parcours.enrolment.urls")),
    path("learn/", include("parcours.learning.urls")),
    path("schedule/", include("parcours.schedule.urls")),
    path("attendance/", include("parcours.attendance.urls")),
    path("coaching/", include("parcours.risk.urls")),
    path("coaching/", include("parcours.coaching.urls")),
    path("calendars/", include("parcours.calendars.urls")),
    path("credentials/", include("parcours.credentials.urls")),
    path("portfolio/", include("parcours.portfolio.urls")),
    path("p/", include((portfolio_public, "public_portfolio"))),
    path("showcase/", include("parcours.showcase.urls")),
    path("x/", include((showcase_public, "public_showcase"))),
    path("labs/", include("parcours.labs.urls")),
    path("offers/", include("parcours.training_offers.urls")),
    path("orientation/", include("parcours.orientation.urls")),
    path("internships/", include("parcours.internships.urls")),
    path("notifications/", include("parcours.notifications.urls")),
    path("audit/", include("parcours.audit.urls")),
    path("privacy/", include("parcours.privacy.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
