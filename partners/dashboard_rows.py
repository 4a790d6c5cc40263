"""What the partner dashboard's pages of an organisation's rows share: offers here, needs and
applications in :mod:`needs`.

Each list has tabs (``?show=``), each form refuses an organisation the user may not choose as
a forgery (403) and, once saved, says so and warns when the postcode is not on the map; only
those the policy lets (moderators) delete a row for good, after a page that asks.
:class:`RowForms` makes the add and edit pages of one kind of row.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from hub.filters import paginate


def rows_to_change(policy, user):
    """The rows this user may change: their own organisation's, or all for moderators."""
    return policy.instances_user_has_permission_for(user, "change").select_related("organisation")


def row_or_404(policy, request, pk):
    """A row the user may not change is "not found", whatever id is guessed."""
    return get_object_or_404(rows_to_change(policy, request.user), pk=pk)


def statuses(*values, field="status"):
    """A tab's rows: the ones whose ``field`` is one of ``values``."""
    return lambda rows: rows.filter(**{f"{field}__in": values})


def tab_page(request, rows, tabs, per_page):
    """The template's page of the tab asked for, and the tabs' links.

    ``tabs`` is ``{key: (label, rows of the tab or None for all)}``; an unknown or missing
    ``?show=`` shows the first tab.
    """
    show = request.GET.get("show")
    if show not in tabs:
        show = next(iter(tabs))
    chosen = tabs[show][1]
    page = paginate(chosen(rows) if chosen else rows, request, per_page)
    return {
        "page_obj": page,
        "show": show,
        "show_choices": [(key, label) for key, (label, _rows) in tabs.items()],
        "querystring": f"show={show}",
    }


def refuse_forged_organisation(request, policy, refusal):
    """A posted organisation the user may not choose is a forgery, not a typing mistake."""
    posted = request.POST.get("organisation")
    if posted:
        allowed = policy.organisations_user_can_add_to(request.user)
        if posted not in {str(pk) for pk in allowed.values_list("pk", flat=True)}:
            raise PermissionDenied(refusal)


def saved(request, row, message, detail_url_name):
    """Say the row is saved, warn if its postcode is not on the map, and show it."""
    messages.success(request, message)
    if row.location_problem:
        messages.warning(
            request,
            f"{row.location_problem} The {row._meta.verbose_name} is saved, but it will not "
            "show in searches by place.",
        )
    return redirect(detail_url_name, row.pk)


@dataclass(frozen=True, kw_only=True)
class RowForms:
    """The add and edit pages of one kind of row (an offer, a need): ``form_class`` (which takes
    ``user``) on ``template``, where the row is ``context_name`` and ``more(form)`` adds what
    else the page shows. A refused form comes back with what was typed and status 400; a
    saved one says so (``added`` names it by ``{title}``) and shows the row."""

    policy: object
    form_class: type
    template: str
    context_name: str
    detail_url_name: str
    added: str
    may_not_add: str
    may_not_choose: str
    more: Callable[[object], dict] = lambda form: {}

    def add(self, request):
        if not self.policy.user_has_permission(request.user, "add"):
            raise PermissionDenied(self.may_not_add)
        refuse_forged_organisation(request, self.policy, self.may_not_choose)
        return self._form(request, None, self.added)

    def edit(self, request, pk):
        return self._form(request, row_or_404(self.policy, request, pk), "Your changes are saved.")

    def _form(self, request, row, message):
        form = self.form_class(request.POST or None, instance=row, user=request.user)
        if request.method == "POST" and form.is_valid():
            row = form.save()
            return saved(request, row, message.format(title=row.title), self.detail_url_name)
        return TemplateResponse(
            request,
            self.template,
            {"form": form, self.context_name: row, **self.more(form)},
            status=400 if request.method == "POST" else 200,  # a POST shown again is refused
        )


def change_status(request, row, status, message, detail_url_name):
    """Set the row's status (kept in its history, with who did it), say so and show it."""
    row.status = status
    row.save(changed_by=request.user)
    messages.success(request, message)
    return redirect(detail_url_name, row.pk)


def delete_row(request, row, policy, refusal, gone_url_name, template, context):
    """Delete ``row`` on a POST, ask first (``template`` with ``context``) on a GET."""
    if not policy.user_has_permission_for_instance(request.user, "delete", row):
        raise PermissionDenied(refusal)
    if request.method == "POST":
        title = row.title
        row.delete()
        messages.success(request, f"“{title}” is deleted.")
        return redirect(gone_url_name)
    return TemplateResponse(request, template, context)
