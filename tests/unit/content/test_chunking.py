"""Chunks stay inside their section, cut on sentences, and overlap by whole sentences."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from symphainy.content.chunking import chunk_sections
from symphainy.content.parsers.base import Section


def _sentences(count: int) -> str:
    return " ".join(f"Sentence number {i} says something about invoices." for i in range(count))


def test_short_sections_are_one_chunk_each_with_heading_and_page() -> None:
    sections = [
        Section(
            title="Scope", heading_path=["Policy", "Scope"], text="Applies to all staff.", page=3
        ),
        Section(title="Empty", heading_path=["Policy", "Empty"], text="", page=4),
        Section(
            title="Rules", heading_path=["Policy", "Rules"], text="Be kind.\n\nBe brief.", page=4
        ),
    ]
    chunks = chunk_sections(sections)
    assert [(c.text, c.section_index, c.heading_path, c.page) for c in chunks] == [
        ("Applies to all staff.", 0, ["Policy", "Scope"], 3),
        ("Be kind.\n\nBe brief.", 2, ["Policy", "Rules"], 4),
    ]


def test_long_text_is_cut_on_sentences_with_overlap() -> None:
    text = _sentences(60)
    chunks = chunk_sections([Section(title="T", heading_path=["T"], text=text)], 500, 120)
    assert len(chunks) > 5
    for chunk in chunks:
        assert len(chunk.text) <= 500
        assert chunk.text.endswith(".")
        assert chunk.text.startswith("Sentence number")
    for previous, current in itertools.pairwise(chunks):
        first_sentence = current.text.split(". ", 1)[0] + "."
        assert first_sentence in previous.text[-120:], "the overlap repeats the previous tail"
    covered = " ".join(c.text for c in chunks)
    assert all(f"number {i} " in covered for i in range(60))


def test_a_word_longer_than_the_target_is_hard_split() -> None:
    text = "x" * 2500
    chunks = chunk_sections([Section(title="T", heading_path=[], text=text)], 1000, 0)
    assert [len(c.text) for c in chunks] == [1000, 1000, 500]


@given(
    paragraphs=st.lists(
        st.text(alphabet="abc .!?\n", min_size=1, max_size=400), min_size=1, max_size=12
    ),
    target=st.integers(min_value=50, max_value=600),
)
def test_no_chunk_exceeds_target_and_no_word_is_lost(paragraphs: list[str], target: int) -> None:
    text = "\n\n".join(paragraphs)
    chunks = chunk_sections([Section(title="T", heading_path=[], text=text)], target, target // 5)
    assert all(len(c.text) <= target for c in chunks)
    words = set(text.split())
    assert words <= set(" ".join(c.text for c in chunks).split())
