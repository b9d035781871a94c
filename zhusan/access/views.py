"""Emergency (break-the-glass) access, and exclusions for administrators."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhusan.access.actions import BREAK_GLASS_HOURS, do_break_glass, do_exclude, do_lift_exclusion
from zhusan.access.models import Exclusion
from zhusan.accounts.models import User
from zhusan.accounts.roles import Perm
from zhusan.lib.errors import ActionError
from zhusan.people.models import Person
from zhusan.web.shortcuts import acting, client_ip


def emergency_access(request):
    membership = acting(request)
    if not membership.can(Perm.VIEW_RECORDS):
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            record_id = uuid.UUID(request.POST.get("person", "").strip())
            access = do_break_glass(
                membership, record_id, reason=request.POST.get("reason", ""), ip=client_ip(request)
            )
        except ValueError:
            error = _("Give the record's identifier as it appears on its page or in the file.")
        except Http404:
            error = _("No record can be opened with this identifier.")
        except ActionError as exc:
            error = str(exc)
        else:
            messages.warning(
                request,
                _("Emergency access granted for %(h)d hours. An auditor will review it.")
                % {"h": BREAK_GLASS_HOURS},
            )
            return redirect("person-detail", public_id=access.person.public_id)
    return render(request, "access/emergency.html", {"error": error, "hours": BREAK_GLASS_HOURS})


def exclusions(request):
    membership = acting(request)
    if not membership.can(Perm.ADMINISTER):
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("lift"):
                exclusion = Exclusion.objects.get(pk=int(request.POST["lift"]))
                do_lift_exclusion(membership, exclusion, reason=request.POST.get("reason", ""))
            else:
                user = User.objects.get(username=request.POST.get("username", "").strip())
                person = Person.objects.get(
                    public_id=uuid.UUID(request.POST.get("person", "").strip())
                )
                do_exclude(
                    membership, user=user, person=person, reason=request.POST.get("reason", "")
                )
            return redirect("exclusions")
        except (User.DoesNotExist, Person.DoesNotExist, Exclusion.DoesNotExist, ValueError):
            error = _("No such user or record.")
        except ActionError as exc:
            error = str(exc)
    current = Exclusion.objects.filter(lifted_at__isnull=True).select_related(
        "user", "person", "created_by"
    )
    return render(request, "access/exclusions.html", {"exclusions": current, "error": error})
