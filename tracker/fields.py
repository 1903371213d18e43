"""Model fields that keep text clean (tracker.text.clean_text) however it is written.

Drop-in subclasses of Django's CharField, TextField and JSONField. The text is
cleaned in `pre_save` (so the instance holds what is stored), in `get_prep_value`
(so `QuerySet.update()`, `bulk_create()` and lookups are cleaned too) and in
`to_python` (so `full_clean()` and model forms validate the cleaned value).
`deconstruct()` names Django's own class: the database and the migrations do not
change, and `makemigrations --check` stays clean.
"""

from django.db import models

from .text import clean_data, clean_text


class _CleanTextMixin:
    base_path: str
    _clean_value = staticmethod(clean_text)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.base_path, args, kwargs

    def to_python(self, value):
        return self._clean_value(super().to_python(value))

    def get_prep_value(self, value):
        return self._clean_value(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        cleaned = self._clean_value(value)
        if cleaned is not value:
            setattr(model_instance, self.attname, cleaned)
        return cleaned


class CharField(_CleanTextMixin, models.CharField):
    """A CharField whose text is NFC and free of control characters."""

    base_path = "django.db.models.CharField"


class TextField(_CleanTextMixin, models.TextField):
    """A TextField whose text is NFC and free of control characters."""

    base_path = "django.db.models.TextField"


class JSONField(_CleanTextMixin, models.JSONField):
    """A JSONField whose strings (keys and values) are NFC and free of control characters."""

    base_path = "django.db.models.JSONField"
    _clean_value = staticmethod(clean_data)

    def to_python(self, value):  # JSONField has no to_python of its own: values pass
        return self._clean_value(value)
