"""A set of choices in one column, for what a record may have several of (a deployment's
personnel kinds, an agreement's subjects), on SQLite and PostgreSQL alike."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

# Stored between commas (",advisers,trainers,") so that "holds this choice" is one LIKE.
DELIMITER = ","


class ChoiceListField(models.TextField):
    """Several of ``choices``, kept in the order the choices are declared, each at most once.

    Python sees a list of codes; the column holds them as ``,a,b,`` (empty for none).
    ``holding(name, code)`` is the filter for records that have ``code``.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    def ordered(self, codes) -> list[str]:
        order = {code: position for position, (code, _) in enumerate(self.flatchoices)}
        return sorted(dict.fromkeys(codes), key=lambda code: order.get(code, len(order)))

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, str):
            value = [code for code in value.split(DELIMITER) if code]
        return self.ordered(str(code) for code in value)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def get_prep_value(self, value):
        if isinstance(value, str):
            # A lookup's operand (``holding``) is already a fragment of the stored text.
            return value
        codes = self.to_python(value)
        return f"{DELIMITER}{DELIMITER.join(codes)}{DELIMITER}" if codes else ""

    def value_to_string(self, obj):
        return DELIMITER.join(self.value_from_object(obj))

    def validate(self, value, model_instance):
        if not self.editable:
            return
        known = {code for code, _ in self.flatchoices}
        unknown = [code for code in value if code not in known]
        if unknown:
            raise ValidationError(
                "Not a choice: %(codes)s.", code="invalid_choice", params={"codes": ", ".join(unknown)}
            )
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def get_choices(self, *args, **kwargs):
        return list(self.flatchoices)

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.flatchoices,
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
            "label": self.verbose_name.capitalize(),
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("choices_form_class", "coerce", "empty_value", "max_length"):
            defaults.pop(key, None)
        return form_class(**defaults)

    @staticmethod
    def holding(name: str, code: str) -> Q:
        """Records whose ``name`` list holds ``code``."""
        return Q(**{f"{name}__contains": f"{DELIMITER}{code}{DELIMITER}"})
