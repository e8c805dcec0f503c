"""History in the admin: the audit rows on each object's History page, and the reason a
past-year rating's correction must give."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.policy import readable
from history.context import acting
from history.rules import PAST_YEAR_NEEDS_REASON, is_past_year, rating_needs_reason
from history.selectors import object_history

SHOWN = 200


class HistoryAdminMixin:
    """Add the recorded changes (who, when, old → new, source, reason) to History."""

    object_history_template = "history/admin/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        found = object_history(obj) if obj is not None else None
        changes = (
            list(readable(request.user, found)[:SHOWN]) if found is not None else []
        )
        context = {
            "audit_changes": changes,
            "audit_shown": SHOWN,
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, extra_context=context)


class RatingCorrectionForm(forms.ModelForm):
    correction_reason = forms.CharField(
        label=_("reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when a rating of a past year changes; kept in its history."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        changed = [name for name in self.changed_data if name != "correction_reason"]
        stored = self.instance.year if self.instance.pk else None
        needs = rating_needs_reason(stored_year=stored, new_year=cleaned.get("year"))
        if changed and needs and not (cleaned.get("correction_reason") or "").strip():
            self.add_error("correction_reason", PAST_YEAR_NEEDS_REASON)
        return cleaned


class RatingCorrectionMixin:
    """StarRating admin: past-year changes need a reason; past-year rows are not deleted."""

    form = RatingCorrectionForm

    def save_model(self, request, obj, form, change):
        with acting(reason=form.cleaned_data.get("correction_reason") or ""):
            super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and is_past_year(obj.year):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if any(is_past_year(year) for year in queryset.values_list("year", flat=True)):
            raise PermissionDenied(PAST_YEAR_NEEDS_REASON)
        super().delete_queryset(request, queryset)
