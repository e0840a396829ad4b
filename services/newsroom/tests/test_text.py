"""The text rules of an item, without a database."""

from newsroom.domain.text import summarise, summary_after_edit

OLD, NEW = "<p>Posko buka Senin.</p>", "<p>Posko buka Selasa.</p>"


def test_a_summary_written_from_the_body_follows_the_new_body():
    assert summary_after_edit(summarise(OLD), OLD, NEW, None) == "Posko buka Selasa."
    assert summary_after_edit(summarise(OLD), OLD, NEW, summarise(OLD)) == "Posko buka Selasa.", "sent back as shown"


def test_a_summary_the_editor_typed_is_kept_and_an_emptied_one_is_written_from_the_body():
    assert summary_after_edit("Ringkasan redaktur.", OLD, NEW, None) == "Ringkasan redaktur."
    assert summary_after_edit("Ringkasan redaktur.", OLD, NEW, "Ringkasan redaktur.") == "Ringkasan redaktur."
    assert summary_after_edit(summarise(OLD), OLD, NEW, " Ringkasan baru. ") == "Ringkasan baru."
    assert summary_after_edit("Ringkasan redaktur.", OLD, NEW, "") == "Posko buka Selasa."
