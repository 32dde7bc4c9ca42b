"""A django-formtools storage backend kept in the database, per user and case.

formtools' own backends keep answers in the session or a cookie until ``done()``
(formtools#45, #289). Ours holds only navigation state: the current step. Answers are
written to the domain models on every valid POST by the step view.
"""

from __future__ import annotations

from formtools.wizard.storage.base import BaseStorage

from .models import WizardState


class DatabaseStorage(BaseStorage):
    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.init_data()
        self._row = None
        self._loaded_step = None
        self._case_id = getattr(request, "wizard_case_id", None)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self._case_id:
            self._row = WizardState.objects.filter(user=user, prefix=self.prefix).first()
            if self._row is not None:
                self.data[self.step_key] = self._row.current_step or None
                self._loaded_step = self.data[self.step_key]

    def set_step_data(self, step, cleaned_data):
        """Answers never go into wizard storage; the step view saves them to the models."""

    def update_response(self, response):
        super().update_response(response)
        step = self.data[self.step_key]
        user = getattr(self.request, "user", None)
        if step == self._loaded_step or user is None or not user.is_authenticated or not self._case_id:
            return
        WizardState.objects.update_or_create(
            user=user, prefix=self.prefix, defaults={"case_id": self._case_id, "current_step": step or ""}
        )
