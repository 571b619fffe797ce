"""Meeting templates: the organization's list (seeding the shipped ones), one template's agenda
with its items and steps (add, edit, delete, drag to reorder with SortableJS), archiving. Admins
and the champion edit; heads of units see them to schedule from. Thin views over
okrflow/workshops/agendas.py."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.okrs.access import valid_id
from okrflow.web.views.guards import member_view
from okrflow.web.workshop_a_forms import TemplateForm, TemplateItemForm
from okrflow.workshops import agendas
from okrflow.workshops.models import Method, TemplateItem


@member_view
def template_list(request):
    actor = request.user
    if not agendas.may_use_templates(actor):
        raise AccessDenied()
    may_edit = agendas.may_edit_templates(actor)
    form = TemplateForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise AccessDenied()
        if form.is_valid():
            data = form.cleaned_data
            try:
                template = agendas.create_template(
                    actor,
                    actor.organization,
                    name=data["name"],
                    kind=data["kind"],
                    description=data["description"],
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                return redirect("workshop_template", template.pk)
    templates = list(agendas.templates_for(actor))
    for template in templates:
        template.total = agendas.total_minutes(template)
    return render(
        request,
        "web/workshops/a_templates.html",
        {
            "templates": templates,
            "archived": list(agendas.templates_for(actor, archived=True)) if may_edit else [],
            "may_edit": may_edit,
            "form": form,
        },
    )


@require_POST
@member_view
def template_seed(request):
    created = agendas.seed_templates(request.user, request.user.organization)
    if created:
        messages.success(request, _("{count} templates added.").format(count=len(created)))
    else:
        messages.info(request, _("Every shipped template is already here."))
    return redirect("workshop_templates")


def _item_error(request, error):
    messages.error(request, str(error.message))


@member_view
def template_detail(request, pk):
    actor = request.user
    template = agendas.get_template(actor, pk)
    may_edit = agendas.may_edit_templates(actor)
    form = TemplateForm(
        request.POST or None,
        initial={
            "name": template.name,
            "kind": template.kind,
            "description": template.description,
            "version": template.version,
        },
    )
    if request.method == "POST":
        if not may_edit:
            raise AccessDenied()
        if form.is_valid():
            data = form.cleaned_data
            try:
                agendas.update_template(
                    actor,
                    template,
                    name=data["name"],
                    kind=data["kind"],
                    description=data["description"],
                    expected_version=data["version"],
                )
            except (AccessDenied, NotFound):
                raise
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Saved."))
                return redirect("workshop_template", template.pk)
    return render(
        request,
        "web/workshops/a_template.html",
        {
            "template": template,
            "agenda": agendas.agenda_of(template),
            "total": agendas.total_minutes(template),
            "may_edit": may_edit,
            "form": form,
            "item_form": TemplateItemForm(prefix="new"),
            "methods": Method.choices,
        },
    )


def _editable(request, pk):
    template = agendas.get_template(request.user, pk)
    if not agendas.may_edit_templates(request.user):
        raise AccessDenied()
    return template


def _item_fields(data) -> dict:
    return {k: data[k] for k in ("title", "minutes", "method", "owner_label", "questions", "notes")}


@require_POST
@member_view
def template_item_add(request, pk):
    template = _editable(request, pk)
    form = TemplateItemForm(request.POST, prefix="new")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {errors[0]}" if label else errors[0])
        return redirect("workshop_template", template.pk)
    data = form.cleaned_data
    parent = None
    if data["parent"]:
        parent = TemplateItem.objects.filter(template=template, pk=data["parent"]).first()
        if parent is None:
            raise NotFound()
    try:
        agendas.add_item(request.user, template, parent=parent, **_item_fields(data))
    except DomainError as error:
        _item_error(request, error)
    return redirect("workshop_template", template.pk)


def _item_of(template, item_id):
    item = TemplateItem.objects.filter(template=template, pk=item_id).first()
    if item is None:
        raise NotFound()
    return item


@require_POST
@member_view
def template_item_edit(request, pk, item_id):
    template = _editable(request, pk)
    item = _item_of(template, item_id)
    form = TemplateItemForm(request.POST, prefix=f"item{item.pk}")
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(
                request, f"{form.fields[field].label}: {errors[0]}" if field in form.fields else errors[0]
            )
        return redirect("workshop_template", template.pk)
    try:
        agendas.update_item(request.user, item, **_item_fields(form.cleaned_data))
    except DomainError as error:
        _item_error(request, error)
    return redirect("workshop_template", template.pk)


@require_POST
@member_view
def template_item_delete(request, pk, item_id):
    template = _editable(request, pk)
    agendas.delete_item(request.user, _item_of(template, item_id))
    messages.success(request, _("The item is deleted."))
    return redirect("workshop_template", template.pk)


@require_POST
@member_view
def template_reorder(request, pk):
    """SortableJS posts the new order of one level (`item` repeated, `parent` for steps); an htmx
    request gets 204, a plain form post goes back to the page."""
    template = _editable(request, pk)
    parent = valid_id(request.POST.get("parent")) if request.POST.get("parent") else None
    if request.POST.get("parent") and parent is None:
        raise NotFound()
    try:
        agendas.reorder_items(request.user, template, request.POST.getlist("item"), parent=parent)
    except DomainError as error:
        if request.headers.get("HX-Request"):
            return HttpResponse(str(error.message), status=400)
        _item_error(request, error)
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204)
    return redirect("workshop_template", template.pk)


@require_POST
@member_view
def template_archive(request, pk):
    template = _editable(request, pk)
    archived = request.POST.get("archived", "1") != "0"
    try:
        agendas.archive_template(request.user, template, archived=archived)
    except DomainError as error:
        _item_error(request, error)
        return redirect("workshop_template", template.pk)
    messages.success(request, _("The template is archived.") if archived else _("The template is restored."))
    return redirect("workshop_templates")
