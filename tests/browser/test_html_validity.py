"""Valid HTML: every main page type, in Vietnamese and English, and the static error pages,
checked by the Nu Html Checker (npm ``vnu-jar``, run with the machine's Java) in ONE batch
run (the JVM starts once). The pages come from Django's test client with the seed data;
no browser is needed. Writes ``test-artifacts/vnu.json`` (every message, warnings too)."""

from __future__ import annotations

import json
import subprocess

from browser_support import (
    ARTIFACTS,
    MAIN_PAGES,
    ROOT,
    VNU_JAR,
    in_language,
    skip_or_fail,
    vnu_problem,
)

STATIC_PAGES = ["templates/500.html", "templates/503.html"]


def test_every_main_page_type_is_valid_html(client, seed, tmp_path):
    problem = vnu_problem()
    if problem:
        skip_or_fail(problem, "HTML validation")
    files = {}
    for lang in ("vi", "en"):
        for name, path in MAIN_PAGES:
            address = in_language(path, lang)
            response = client.get(address)
            assert response.status_code == (404 if name.endswith("not-found") else 200), address
            target = tmp_path / f"{lang}-{name}.html"
            target.write_bytes(response.content)
            files[f"file:{target.resolve()}"] = address
    for page in STATIC_PAGES:
        source = ROOT / page
        if source.is_file():
            files[f"file:{source.resolve()}"] = page

    result = subprocess.run(
        ["java", "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--stdout",
         "--exit-zero-always", *(uri.removeprefix("file:") for uri in files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    messages = json.loads(result.stdout)["messages"]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "vnu.json").write_text(
        json.dumps({"documents": len(files), "messages": [
            {**m, "address": files.get(m.get("url", ""), m.get("url"))} for m in messages
        ]}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")
              or m.get("subType") == "fatal"]
    assert len(files) == 2 * len(MAIN_PAGES) + len(STATIC_PAGES)
    assert not errors, "\n".join(
        f"{files.get(m.get('url', ''), m.get('url'))}:{m.get('lastLine', '?')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()[:160]}"
        for m in errors
    )
