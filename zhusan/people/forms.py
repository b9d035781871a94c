from django import forms
from django.utils.translation import gettext_lazy as _

from zhusan.people.models import Citizenship, MarriageEnd, NameKind, RelationshipKind, Script, Sex


class PartialDateField(forms.CharField):
    """A date typed as YYYY, YYYY-MM or YYYY-MM-DD; cleans to (date, precision)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", _("YYYY, YYYY-MM or YYYY-MM-DD"))
        super().__init__(**kwargs)

    def clean(self, value):
        from zhusan.lib.dates import parse_partial

        value = super().clean(value)
        try:
            return parse_partial(value)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Write the date as YYYY, YYYY-MM or YYYY-MM-DD.")
            ) from exc


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Name as written"), max_length=300)
    script = forms.ChoiceField(
        label=_("Script"), choices=[("", _("detect"))] + Script.choices, required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth = PartialDateField(label=_("Birth date"), required=False)
    birth_place = forms.CharField(label=_("Birth place"), max_length=200, required=False)
    citizenship = forms.ChoiceField(
        label=_("Citizenship"), choices=Citizenship.choices, initial=Citizenship.UNDETERMINED
    )


class NameForm(forms.Form):
    full_name = forms.CharField(label=_("Name as written"), max_length=300)
    script = forms.ChoiceField(
        label=_("Script"), choices=[("", _("detect"))] + Script.choices, required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=NameKind.choices, initial=NameKind.AGENCY)


class RelationshipForm(forms.Form):
    DIRECTIONS = [
        ("parent_of", _("is the parent of")),
        ("child_of", _("is the child of")),
        ("spouse", _("is the spouse of")),
        ("guardian_of", _("is the guardian of")),
        ("ward_of", _("is in the care of")),
        ("sibling", _("is a sibling of")),
    ]
    direction = forms.ChoiceField(label=_("This person"), choices=DIRECTIONS)
    other = forms.UUIDField(label=_("Other person"), widget=forms.HiddenInput)
    start_date = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_reason = forms.ChoiceField(
        label=_("How it ended"), choices=MarriageEnd.choices, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def kind_and_order(self):
        """The relationship kind and whether this person is its source."""
        direction = self.cleaned_data["direction"]
        return {
            "parent_of": (RelationshipKind.PARENT, True),
            "child_of": (RelationshipKind.PARENT, False),
            "spouse": (RelationshipKind.SPOUSE, True),
            "guardian_of": (RelationshipKind.GUARDIAN, True),
            "ward_of": (RelationshipKind.GUARDIAN, False),
            "sibling": (RelationshipKind.SIBLING, True),
        }[direction]
