from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from events.models import Speaker
from events.permissions import SpeakerPermissionPolicy, shown_speakers

register_permission_policy(Speaker, SpeakerPermissionPolicy(Speaker), exact_class=True)


class RecordsCreator:
    """Create and copy views: the user who adds a speaker is kept on it."""

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class SpeakerCreateView(RecordsCreator, snippets.CreateView):
    pass


class SpeakerCopyView(RecordsCreator, snippets.CopyView):
    pass


class PerSpeakerLinks:
    """Edit and delete links only for the speakers the user may change: an organiser holds
    ``change`` for their own unpublished speakers, not for the whole list."""

    def _allowed(self, action, instance) -> bool:
        return self.user_has_permission_for_instance(action, instance)

    def get_edit_url(self, instance=None):
        instance = instance or self.object
        if self._allowed("change", instance):
            return super().get_edit_url(*([instance] if self._takes_instance else []))
        return None

    def get_delete_url(self, instance=None):
        instance = instance or self.object
        if self._allowed("delete", instance):
            return super().get_delete_url(*([instance] if self._takes_instance else []))
        return None


class SpeakerIndexView(PerSpeakerLinks, snippets.IndexView):
    _takes_instance = True


class SpeakerInspectView(PerSpeakerLinks, snippets.InspectView):
    _takes_instance = False


class RefusesOthersSpeakers:
    """Edit and delete views: a speaker the user may not change is refused with the reason,
    on the speaker's own page, not Wagtail's bare 「アクセス権がありません」."""

    action_name = "change"

    def dispatch(self, request, *args, **kwargs):
        speaker = self.get_object()
        if request.user.is_authenticated and not self.user_has_permission_for_instance(
            self.action_name, speaker
        ):
            if shown_speakers().filter(pk=speaker.pk).exists():
                reason = _(
                    "公開中のイベントに載っている登壇者は、編集者が変更します。"
                    "直したい点は編集者に伝えてください。"
                )
            else:
                reason = _("ほかの人が登録した登壇者は、登録した人か編集者が変更します。")
            messages.error(request, reason)
            return redirect("wagtailsnippets_events_speaker:inspect", speaker.pk)
        return super().dispatch(request, *args, **kwargs)


class SpeakerEditView(RefusesOthersSpeakers, snippets.EditView):
    pass


class SpeakerDeleteView(RefusesOthersSpeakers, snippets.DeleteView):
    action_name = "delete"


class SpeakerUsageView(RefusesOthersSpeakers, snippets.UsageView):
    """Where a speaker appears, drafts of other prefectures included: for those who may
    change the speaker."""


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    list_display = ["full_name", "kana", "affiliation_label", "job_title"]
    search_fields = [
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "affiliation",
    ]
    menu_order = 300
    inspect_view_enabled = True
    index_view_class = SpeakerIndexView
    add_view_class = SpeakerCreateView
    copy_view_class = SpeakerCopyView
    edit_view_class = SpeakerEditView
    delete_view_class = SpeakerDeleteView
    usage_view_class = SpeakerUsageView
    inspect_view_class = SpeakerInspectView


register_snippet(SpeakerViewSet)
