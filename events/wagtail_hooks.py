from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.views.pages.create import CreateView
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets

from core.admin_choosers import SiteSnippetViewSet
from core.admin_pages import BasePageViewSet
from core.templatetags.jp import jdatetime
from events.models import EventPage, EventReportPage, Speaker
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


class SpeakerViewSet(SiteSnippetViewSet):
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


class ReportCreateView(CreateView):
    """Adding a report where there can be none yet says why: Wagtail refuses a page type its
    parent cannot take with a bare 「アクセス権がありません」, which an organiser with a link to
    「開催報告を追加」 of an event still to come read as a missing permission."""

    def dispatch(self, request, content_type_app_name, content_type_model_name, parent_page_id):
        event = get_object_or_404(Page, id=parent_page_id).specific
        if (
            isinstance(event, EventPage)
            # whoever may edit the event would add its report (Wagtail's can_add_subpage is
            # false here: it asks can_create_at too)
            and event.permissions_for_user(request.user).can_edit()
            and not EventReportPage.can_create_at(event)
        ):
            report = EventReportPage.objects.child_of(event).first()
            if report is not None:
                messages.info(request, _("このイベントの開催報告はすでにあります。"))
                return redirect("wagtailadmin_pages:edit", report.pk)
            messages.error(
                request,
                _("開催報告はイベントが始まってから書けます（開始: %(start)s）。")
                % {"start": jdatetime(event.start_at)},
            )
            return redirect("wagtailadmin_explore", event.pk)
        return super().dispatch(
            request, content_type_app_name, content_type_model_name, parent_page_id
        )


class ReportPageViewSet(BasePageViewSet):
    model = EventReportPage
    add_view_class = ReportCreateView


@hooks.register("register_admin_viewset")
def register_report_page_viewset():
    return ReportPageViewSet()
