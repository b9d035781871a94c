from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhusan.accounts.models import Agency, AgencyKind
from zhusan.cases.models import (
    CONSENT_REQUIRED,
    CloseOutcome,
    ConsentForm,
    ConsentGiver,
    EventType,
    ReferralKind,
    ScreeningOutcome,
)
from zhusan.cases.pathway import State, allowed_moves
from zhusan.people.forms import PartialDateField

DATE = {"type": "date"}


class EventForm(forms.Form):
    type = forms.ChoiceField(label=_("What happened"), choices=EventType.choices)
    when = PartialDateField(label=_("When"), required=False)
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    outcome = forms.ChoiceField(
        label=_("Screening outcome"), choices=[("", "—")] + ScreeningOutcome.choices, required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(label=_("Move to"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label=_("Where"), max_length=120, required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        help_text=_("Needed when the case is closed: how did it end?"),
        choices=[("", "—")] + CloseOutcome.choices,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, state: str, **kwargs):
        super().__init__(*args, **kwargs)
        moves = allowed_moves(state)
        self.fields["to_state"].choices = [(s, State(s).label) for s in moves]
        if State.CLOSED not in moves:
            del self.fields["outcome"]

    def clean(self):
        data = super().clean()
        if data.get("to_state") == State.CLOSED and not data.get("outcome"):
            self.add_error("outcome", _("Choose how the case ends."))
        elif data.get("to_state") != State.CLOSED:
            data["outcome"] = ""
        return data


def kinds_for(membership) -> list[str]:
    """The kinds of referral whose tier the membership holds (it may send and see only those)."""
    from zhusan.access.tiers import Tier, tiers_of
    from zhusan.cases.models import REFERRAL_TIERS

    tiers = tiers_of(membership)
    return [k for k in ReferralKind.values if REFERRAL_TIERS.get(k, Tier.GENERAL) in tiers]


# Agencies that work with persons and may be referred to (not ministries, oversight, operator).
REFERRAL_AGENCY_KINDS = [
    k
    for k in AgencyKind.values
    if k not in (AgencyKind.MINISTRY, AgencyKind.OVERSIGHT, AgencyKind.OPERATOR)
]


class ReferralForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label=_("Refer to"), queryset=Agency.objects.none(), empty_label="—"
    )
    kind = forms.ChoiceField(label=_("For"), choices=ReferralKind.choices)
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_(
            "What the receiving agency needs to decide; it sees the record only once it accepts."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    consent_date = forms.DateField(
        label=_("Consent given on"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    consent_by = forms.ChoiceField(
        label=_("Consent given by"), choices=[("", "—")] + ConsentGiver.choices, required=False
    )
    consent_representative = forms.CharField(
        label=_("Name of the parent or legal representative"), max_length=200, required=False
    )
    consent_form = forms.ChoiceField(
        label=_("Form of consent"), choices=[("", "—")] + ConsentForm.choices, required=False
    )

    def __init__(self, *args, membership, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = Agency.objects.filter(
            kind__in=REFERRAL_AGENCY_KINDS
        ).exclude(pk=membership.agency_id)
        if kinds is not None:
            self.fields["kind"].choices = [c for c in ReferralKind.choices if c[0] in kinds]
        needing = [
            str(label) for value, label in self.fields["kind"].choices if CONSENT_REQUIRED[value]
        ]
        self.fields["consent_date"].help_text = _(
            "Needed before sending a referral for: %(kinds)s."
        ) % {"kinds": ", ".join(needing)}


class ReferralStepForm(forms.Form):
    STEPS = [
        ("accept", _("Accept")),
        ("decline", _("Decline")),
        ("complete", _("Completed")),
        ("withdraw", _("Withdraw")),
    ]
    step = forms.ChoiceField(choices=STEPS, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("What is to be done"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs=DATE))
    worker = forms.ChoiceField(label=pgettext_lazy("task assignee", "For"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )
    person = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        from zhusan.accounts.models import Membership

        workers = (
            Membership.objects.filter(agency_id=membership.agency_id, active=True)
            .select_related("user")
            .order_by("user__display_name", "user__username")
        )
        users = {str(m.user.public_id): str(m.user) for m in workers}
        self.fields["worker"].choices = [("", _("anyone at my agency")), *users.items()]


class TaskDoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
