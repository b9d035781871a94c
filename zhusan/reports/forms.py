from django import forms
from django.utils.translation import gettext_lazy as _

from zhusan.reports.catalogue import catalogue


class PublishedFigureForm(forms.Form):
    quote = forms.CharField(label=_("As published"), max_length=300)
    value = forms.IntegerField(label=_("Published value"), min_value=0)
    approximate = forms.BooleanField(label=_("Published as approximate"), required=False)
    source = forms.CharField(label=_("Source"), max_length=200)
    published_on = forms.DateField(label=_("Published on"))
    url = forms.URLField(label=_("Address"), required=False, assume_scheme="https")
    indicator = forms.ChoiceField(label=_("Corresponding indicator"))
    as_of = forms.DateField(
        label=_("Counted as of"), required=False, help_text=_("Default: the publication date.")
    )
    breakdown = forms.CharField(
        label=_("Restricted to"),
        required=False,
        help_text=_('Optional, e.g. "counted_as=woman|child; stage=Zhusan, stage 2".'),
    )
    explanation = forms.CharField(
        label=_("Difference explained by definition"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(c, i.title("en")) for c, i in catalogue().items()]

    def clean_breakdown(self):
        text = self.cleaned_data["breakdown"].strip()
        if not text:
            return {}
        cells = {}
        for part in text.split(";"):
            name, sep, values = part.partition("=")
            if not sep or not name.strip():
                raise forms.ValidationError(_('Write it as "breakdown=value|value".'))
            cells[name.strip()] = [v.strip() for v in values.split("|") if v.strip()]
        return cells

    def action_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "value": d["value"],
            "quote": d["quote"],
            "source": d["source"],
            "published_on": d["published_on"],
            "indicator": d["indicator"],
            "as_of": d["as_of"],
            "cells": d["breakdown"],
            "approximate": d["approximate"],
            "url": d["url"],
            "explanation": d["explanation"],
        }
