"""The citation box prints every Vietnamese letter in one monospace font (issue 16: a system
monospace font without ề/ố/ồ printed "Đề án số 34" as "Đề`án sô´34"). Noto Sans Mono is served
locally (static/css/fonts.css); in a monospace font every glyph has the same advance, so a
letter the font lacks — drawn from a fallback font — shows up as a different width."""

from __future__ import annotations

MEASURE = """async (text) => {
  const font = '100px "Noto Sans Mono"';
  await document.fonts.load(font, text);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = font;
  const unit = ctx.measureText('M'.repeat(10)).width;
  const odd = [];
  for (const ch of new Set([...text.normalize('NFC')])) {
    if (/\\s/.test(ch)) continue;
    const width = ctx.measureText(ch.repeat(10)).width;
    if (Math.abs(width - unit) > 0.5) odd.push([ch, width, unit]);
  }
  return odd;
}"""


def test_every_letter_of_a_citation_is_drawn_in_the_monospace_font(open_page):
    page = open_page()
    page.goto("/documents/34-da-tu-2023/")
    citation = page.locator("#citation")
    text = citation.inner_text()
    assert "Đề án số 34-ĐA/TU" in text and "ề" in text
    family = citation.evaluate("e => getComputedStyle(e).fontFamily")
    assert family.replace('"', "").startswith("Noto Sans Mono")
    vietnamese = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐƯƠ"
    assert page.evaluate(MEASURE, text + vietnamese + vietnamese.upper()) == []
    loaded = page.evaluate("""() => [...document.fonts]
        .filter(f => f.family.replace(/"/g, '') === 'Noto Sans Mono' && f.status === 'loaded')
        .map(f => f.unicodeRange)""")
    assert any("U+1EA0-1EF9" in ranges for ranges in loaded)  # the Vietnamese subset, served
    assert page.problems == []
