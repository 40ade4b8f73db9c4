"""The verb of a question asked with "did/does" links placed parts; it is not asked back."""

from __future__ import annotations

import pytest

from symphainy.insights.questions import pos

pytestmark = pytest.mark.skipif(pos._tagger() is None, reason="the English tagger is not installed")


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("What school did player number 21 play for?", "play"),  # tagged a noun after "21"
        ("How many schools did player number 3 play at?", "play"),
        ("how many cars does ford make", "make"),
    ],
)
def test_the_bare_verb_after_a_do_supported_subject_links(question: str, word: str) -> None:
    assert word in pos.linking_words(question, [word])


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("how many points did Smith score in the final", "final"),
        ("how many penguins did the team measure in total", "total"),
        ("what did Smith get in the playoffs", "playoffs"),
        ("which cars have electric engines", "electric"),
    ],
)
def test_a_noun_after_an_article_or_preposition_is_still_asked_back(
    question: str, word: str
) -> None:
    assert word not in pos.linking_words(question, [word])
