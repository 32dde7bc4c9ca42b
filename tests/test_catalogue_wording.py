"""The French and Spanish catalogues read as their languages are written: French typography
(a no-break space before : ; ! ? and inside « »), counts with real plural forms instead of
"commentaire(s)", and words that agree with what they name (a regulation is not a "règle", a
finding's figure is not a serial number, an ended partnership is not a closed zone)."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from implementation import models as p3
from setup_phase import models as p1

ROOT = Path(settings.BASE_DIR)
NBSP, NNBSP = "\u00a0", "\u202f"
# Where a mark is not French punctuation: markup (an address's "?next="), web addresses, times
# (12:30) and ratios (1:50). A placeholder stays: "%(type)s :" needs its space like any word.
NOT_PUNCTUATION = re.compile(r"<[^>]*>|https?://\S+|\b\d{1,2}:\d{2}\b")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def texts(entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def typography_faults(text: str) -> list[str]:
    """Each place where French typography wants a no-break space and finds none or an ordinary one."""
    text = NOT_PUNCTUATION.sub(lambda match: "_" * len(match.group(0)), text)
    faults = []
    for match in re.finditer(r"[:;!?]|»", text):
        before = text[match.start() - 1] if match.start() else ""
        if before and before not in (NBSP, NNBSP):
            faults.append(f"…{text[max(0, match.start() - 20):match.end() + 5]}…")
    for match in re.finditer(r"«", text):
        if text[match.end():match.end() + 1] not in (NBSP, NNBSP):
            faults.append(f"…{text[match.start():match.end() + 20]}…")
    return faults


def test_the_typography_check_tells_right_from_wrong():
    assert typography_faults(f"Statut{NBSP}: {NNBSP}?") == []
    assert typography_faults(f"%(type)s{NBSP}: indiquez son statut") == []
    assert typography_faults(f"«{NBSP}Oui{NBSP}»") == []
    assert typography_faults('<a href="%(url)s?next=%(next)s">Connexion</a>, à 12:30, au 1:50') == []
    for wrong in ("Statut : oui", "Statut: oui", "%(type)s : oui", "Pourquoi ?", "Oui ; non", "« Oui »", "«Oui»"):
        assert typography_faults(wrong), wrong


def test_french_messages_put_a_no_break_space_before_high_punctuation_and_inside_guillemets():
    faults = {entry.msgid: found for entry in catalogue("fr") for text in texts(entry)
              if (found := typography_faults(text))}
    assert faults == {}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_message_writes_a_plural_with_brackets(language):
    """"1 commentaire(s) bloquant(s) reste(nt)": a count takes the plural form of its language."""
    marked = [entry.msgid for entry in catalogue(language) for text in texts(entry)
              if re.search(r"\w\((s|x|e|es|nt|n)\)", text)]
    assert marked == []


def blocking_message(language: str, count: int) -> str:
    with translation.override(language):
        return translation.ngettext(
            "The case cannot be approved while %(count)d blocking comment is unresolved. Resolve it first.",
            "The case cannot be approved while %(count)d blocking comments are unresolved. Resolve them first.",
            count) % {"count": count}


def test_the_blocking_comments_message_has_plural_forms():
    assert blocking_message("fr", 1) == ("Le dossier ne peut pas être approuvé tant que 1 commentaire bloquant reste "
                                         "non résolu. Résolvez-le d'abord.")
    assert "2 commentaires bloquants restent non résolus" in blocking_message("fr", 2)
    assert "1 comentario bloqueante sin resolver. Resuélvalo" in blocking_message("es", 1)
    assert "3 comentarios bloqueantes sin resolver" in blocking_message("es", 3)


def test_approval_refused_for_blocking_comments_uses_the_plural_forms(case, owner, reviewer):
    from asm_guide.review import comments, workflow

    workflow.make_transition(case=case, user=owner, name="submit", label="")
    comments.post_comment(case=case, author=reviewer, flow_name="setup", subject_id=None, step_slug="task-force",
                          body="Blocks", blocking=True)
    with translation.override("fr"):
        refused = workflow.refusal(case, case.memberships.get(user=owner), "approve")
        assert "1 commentaire bloquant reste non résolu" in " ".join(refused.messages)


def test_a_regulation_is_a_regulatory_text_and_its_statuses_agree_with_it():
    with translation.override("fr"):
        assert translation.gettext("Regulation") == "Texte réglementaire"
        assert str(p3.Regulation._meta.verbose_name) == "texte réglementaire"
        assert [str(label) for _value, label in p3.RegulationStatus.choices] == ["Proposé", "Adopté", "Modifié",
                                                                                  "Abrogé"]
    french = catalogue("fr")
    for entry in french:
        if re.search(r"\bregulations?\b", entry.msgid, re.I):
            assert not re.search(r"\bR[èe]gles?\b", entry.msgstr, re.I), entry.msgid


def test_a_partner_whose_partnership_ended_reads_as_ended_not_as_a_closed_zone():
    with translation.override("fr"):
        assert str(p1.PartnerStatus.CLOSED.label) == "Terminé"
        assert str(p3.ZoneStatus.CLOSED.label) == "Fermée"
    with translation.override("es"):
        assert str(p1.PartnerStatus.CLOSED.label) == "Finalizado"
        assert str(p3.ZoneStatus.CLOSED.label) == "Cerrada"


def test_a_findings_figure_is_a_value_not_a_serial_number():
    field = p1.ResearchFinding._meta.get_field("value")
    with translation.override("en"):
        assert str(field.verbose_name) == "Number"
    with translation.override("fr"):
        assert str(field.verbose_name) == "Valeur"
        assert str(p3.ImplementationAction._meta.get_field("number").verbose_name) == "Numéro"  # A1, A2, ...
    with translation.override("es"):
        assert str(field.verbose_name) == "Valor"


def test_words_of_the_file_names_and_the_history_are_spelt_in_their_language():
    with translation.override("fr"):
        assert [translation.gettext(word) for word in ("revision", "strategy", "review")] == [
            "révision", "stratégie", "revue"]
    with translation.override("es"):
        assert [translation.gettext(word) for word in ("version", "revision")] == ["versión", "revisión"]
