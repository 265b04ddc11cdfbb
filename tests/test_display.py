"""What a person sees: one-line reprs, notebook HTML that links its sources, explanations that
print as text and render their quotes in context, and long answers cut with a count."""

from __future__ import annotations

import html
import re

import alliances


def test_records_have_one_line_reprs() -> None:
    ds = alliances.load()
    assert repr(ds.resolve("KAZ")) == "<State KAZ Kazakhstan>"
    uzbekistan = [s for s in ds.memberships("UZB") if s.organization.id == "CSTO"]
    assert [repr(s) for s in uzbekistan] == ["<Spell UZB in CSTO member 1992-05-15..1999-04-21>",
                                             "<Spell UZB in CSTO member 2006-08-16..2012-12-19>"]
    assert repr(ds.resolve("CSTO")).startswith("<Organization CSTO ") and "\n" not in repr(ds.resolve("UN"))
    assert repr(uzbekistan[0].citations[0]).startswith("<Citation ")
    assert all(len(repr(x)) < 200 for x in (*ds.organizations, *ds.sources[:50], *ds.terms))


def test_records_render_a_small_card() -> None:
    ds = alliances.load()
    card = ds.resolve("KAZ")._repr_html_()
    assert "Q232" in card and "<table" in card and len(card) < 3000
    spell = ds.memberships("ARM")[0]
    assert spell.citations[0].source.url in html.unescape(spell._repr_html_())


def test_every_source_in_a_notebook_table_links_to_its_address() -> None:
    answer = alliances.members("CSTO", on="2025-01-01")
    page = answer._repr_html_()
    links = re.findall(r'<a href="([^"]+)" title="([^"]+)">', page)
    urls = {c.source.url for c in answer.citations if c.source.url}
    assert {html.unescape(u) for u, _ in links} <= urls and len(links) >= len(answer)
    assert all(title for _, title in links)
    more = re.findall(r'<span title="([^"]+)">\+(\d+) more</span>', page)  # past three, a count names the rest
    assert all(len(names.split(", ")) == int(n) for names, n in more)
    assert "white-space:nowrap" in page and "text-align:left" in page
    assert "†" in page and "frozen, suspended or partial" in page  # Armenia, with the legend
    assert "frozen, suspended" not in alliances.members("CSTO", on="2020-01-01")._repr_html_()  # no mark, no legend


def test_a_long_answer_is_cut_with_a_count() -> None:
    un = alliances.members("UN", on="2020-01-01")
    assert len(un) > 150
    assert f"… {len(un) - 100} more" in un._repr_html_() and f"… {len(un) - 100} more" in repr(un)
    assert "more" not in un.as_text() and un.as_text().count("\n") >= len(un)


def test_an_explanation_prints_as_text_and_renders_quotes_in_their_sentence() -> None:
    explained = alliances.members("CSTO", on="2025-01-01").explain()
    assert isinstance(explained, str) and repr(explained) == str(explained)
    assert "yenisafak-lavrov-csto-2026" in explained
    page = explained._repr_html_()
    quoted = re.findall(r"<mark>(.*?)</mark>", page)
    assert "The CSTO, comprising Russia, Armenia, Belarus, Kazakhstan, Kyrgyzstan, and Tajikistan" in quoted
    sentence = re.search(r"…([^…]*<mark>The CSTO, comprising[^…]*)…", page)
    assert sentence and "mutual defense" in sentence.group(1)
