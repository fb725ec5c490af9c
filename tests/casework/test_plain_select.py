"""The queue's one-pass select box says the same as Django's."""

from django import forms

from casework.plain_select import PlainSelect


class _Form(forms.Form):
    who = forms.ChoiceField(
        label="Agent", required=False, widget=PlainSelect, choices=[("", "Tous"), ("7", "<Zoé>")]
    )


def test_it_marks_the_chosen_option_and_escapes_labels():
    html = str(_Form({"who": "7"})["who"])
    assert html.startswith('<select id="id_who" name="who">')
    assert '<option value="">Tous</option>' in html
    assert '<option value="7" selected>&lt;Zoé&gt;</option>' in html


def test_with_nothing_chosen_the_empty_choice_is_selected_as_django_does():
    html = str(_Form()["who"])
    assert '<option value="" selected>Tous</option>' in html
    assert forms.Select(choices=[("", "Tous")]).render("who", None).count(" selected") == 1
