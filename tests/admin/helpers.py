"""Posting admin forms the way a browser would: every field as the page rendered it."""

from datetime import date
from typing import Any


def _posted(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if value is True:
        return "on"
    return value


def _add_form(data: dict[str, Any], form: Any) -> None:
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            if value is None:
                data[form.add_prefix(name)] = ""
            continue
        data[form.add_prefix(name)] = _posted(value)


def change_form_data(response: Any) -> dict[str, Any]:
    """The POST data of an admin add or change page as rendered: the form, then every inline."""
    data: dict[str, Any] = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for form in formset.forms:
            _add_form(data, form)
    return data


def add_inline_row(data: dict[str, Any], prefix: str, **fields: Any) -> dict[str, Any]:
    """Append one new row to an inline formset in POST data."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = _posted(value)
    return data
