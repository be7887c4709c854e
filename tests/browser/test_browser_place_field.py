"""The place field of the list form with JavaScript: suggestions as one types (the combobox
pattern, static/js/suggest.js), chosen with the keyboard only; the page under the site's
Content-Security-Policy (no script error, no refused script); and the place index on a phone
(its period switch, no sideways scroll)."""

from __future__ import annotations

import re

from browser_support import blocking, describe, overflow_problems, run_axe
from playwright.sync_api import expect


def test_a_place_is_chosen_from_the_suggestions_with_the_keyboard(open_page):
    page = open_page()
    page.goto("/documents/")
    box = page.locator("#id_locality")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.click()
    page.keyboard.type("long bien", delay=20)
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    expect(listbox).to_have_attribute("role", "listbox")
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("Long Biên")
    page.keyboard.press("ArrowDown")
    first = options.first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("Enter")  # chooses; does not submit
    expect(box).to_have_value("long-bien")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#id_locality_helptext")).to_contain_text("Đang chọn: quận Long Biên")
    # Escape closes the suggestions without choosing.
    box.fill("")
    page.keyboard.type("ha noi", delay=20)
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("ha noi")
    # Submitting a name finds the place on the server: the address keeps the slug.
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/documents/\?.*\blocality=ha-noi(&|$)"))
    expect(page.locator(".result-count")).to_contain_text("Tìm thấy")
    assert page.problems == []  # no script error, nothing refused by the CSP
    violations = blocking(run_axe(page))
    assert violations == [], describe(violations)


def test_the_place_index_on_a_phone(open_page):
    page = open_page(phone=True)
    page.goto("/places/")
    switch = page.locator(".period-switch")
    expect(switch.get_by_role("link", name="Hôm nay")).to_have_attribute("aria-current", "true")
    switch.get_by_role("link", name="Trước 01/07/2025").click()
    expect(page).to_have_url(re.compile(r"period=before-2025"))
    expect(page.locator("#country-h")).to_contain_text("trước 01/07/2025")
    expect(page.locator(".tree").first).to_contain_text("Long Biên")
    assert overflow_problems(page) == []
    assert page.problems == []
