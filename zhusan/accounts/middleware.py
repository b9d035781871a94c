"""Sign-in is required for everything but the sign-in page, static files and the API's own auth."""

from django.contrib.auth.views import redirect_to_login

from zhusan.accounts.models import Membership

OPEN_PREFIXES = ("/accounts/login/", "/static/", "/i18n/", "/api/", "/healthz")
SESSION_KEY = "membership_id"


def current_membership(request) -> Membership | None:
    """The membership the signed-in user is acting under (chosen in the session; first by default)."""
    if hasattr(request, "_membership"):
        return request._membership
    membership = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        memberships = Membership.objects.filter(user=user, active=True).select_related("agency")
        wanted = request.session.get(SESSION_KEY)
        if wanted:
            membership = memberships.filter(pk=wanted).first()
        membership = membership or memberships.order_by("id").first()
    request._membership = membership
    return membership


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
