"""Business categories (业务类别), the rows of the objective system diagram: admins and the OKR
champion add, rename, delete and order them (okrflow/okrs/categories.py does the writing).

The order is set by dragging (SortableJS posts the whole order with htmx when a drag ends) or, on
a phone, with the up and down buttons; either answers an htmx request with the list alone and a
plain form post with the page.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from okrflow.errors import DomainError
from okrflow.okrs import categories
from okrflow.web.forms import BootstrapMixin
from okrflow.web.views.guards import member_view, require_permission

LIST_TEMPLATE = "web/manage/_category_list.html"


class CategoryForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=categories.NAME_LIMIT,
                           widget=forms.TextInput(attrs={"placeholder": gettext_lazy("e.g. 自有平台"),
                                                         "autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


def _allowed(request):
    organization = request.user.organization
    require_permission(categories.may_manage(request.user, organization))
    return organization


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


def _list(request, organization, *, error=None):
    return render(request, LIST_TEMPLATE,
                  {"categories": categories.categories_of(organization), "error": error})


@member_view
def category_settings(request):
    organization = _allowed(request)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = categories.create_category(request.user, organization, name=form.cleaned_data["name"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Category {name} added.").format(name=category.name))
            return redirect("categories")
    return render(request, "web/manage/categories.html", {
        "form": form, "categories": categories.categories_of(organization)})


def _reordered(request, organization, ids):
    """Store the order; htmx gets the list back (with the refusal, if any), a form the page."""
    try:
        categories.reorder_categories(request.user, organization, ids)
    except DomainError as error:
        if _is_htmx(request):
            return _list(request, organization, error=error.message)
        messages.error(request, str(error.message))
        return redirect("categories")
    if _is_htmx(request):
        return _list(request, organization)
    messages.success(request, _("The order of the categories is saved."))
    return redirect("categories")


@require_POST
@member_view
def category_order(request):
    organization = _allowed(request)
    return _reordered(request, organization, request.POST.getlist("item"))


@require_POST
@member_view
def category_move(request, category_id):
    organization = _allowed(request)
    category = categories.get_category(request.user, category_id)
    step = -1 if request.POST.get("step") == "up" else 1
    ids = [c.pk for c in categories.categories_of(organization)]
    return _reordered(request, organization, categories.moved(ids, category.pk, step))


@require_POST
@member_view
def category_rename(request, category_id):
    _allowed(request)
    category = categories.get_category(request.user, category_id)
    before = category.name
    try:
        category = categories.rename_category(request.user, category, name=request.POST.get("name", ""))
    except DomainError as error:
        messages.error(request, _("{name}: {error}").format(name=before, error=error.message))
    else:
        messages.success(request, _("Category {old} is now {new}.").format(old=before, new=category.name))
    return redirect("categories")


@require_POST
@member_view
def category_delete(request, category_id):
    _allowed(request)
    category = categories.get_category(request.user, category_id)
    categories.delete_category(request.user, category)
    messages.success(request, _("Category {name} deleted; its objectives have no category now.").format(
        name=category.name))
    return redirect("categories")
