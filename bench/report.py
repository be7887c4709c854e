"""The benchmark's table, the aims it checks, and their place in docs/PERFORMANCE.md."""

from __future__ import annotations

from bench.common import ROOT
from bench.scenarios import COMPARABLE


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.1f}" if theirs else "∞"


def report(result: dict) -> str:
    cold, warm, ds = result["cold"], result["warm"], result.get("datasette", {})
    ceiling_warm = warm["ceiling"]["rps"]
    head = (f"{'page':30} {'cold r/s':>9} {'p50':>6} {'p99':>6} {'1-cl p50':>8} {'1-cl p99':>8} "
            f"{'warm r/s':>9} {'p50':>6} {'p99':>6} {'warm/ceil':>9} "
            f"{'vs DS cold':>10} {'vs DS warm':>10}")
    lines = [database_line(result["database"]), "", head, "-" * len(head)]
    for name, c in cold.items():
        w = warm[name]
        vs = ds.get(COMPARABLE.get(name, ""), {})
        vs_cold = f"{_ratio(c['rps'], vs['rps'])}x" if vs else ""
        vs_warm = f"{_ratio(w['rps'], vs['rps'])}x" if vs else ""
        lines.append(
            f"{name:30} {c['rps']:9.1f} {c['p50_ms']:6.1f} {c['p99_ms']:6.1f} "
            f"{c.get('solo_p50_ms', 0):8.1f} {c.get('solo_p99_ms', 0):8.1f} "
            f"{w['rps']:9.1f} {w['p50_ms']:6.1f} "
            f"{w['p99_ms']:6.1f} {w['rps'] / ceiling_warm:8.0%} {vs_cold:>10} {vs_warm:>10}"
        )
    for name, d in ds.items():
        lines.append(
            f"{'DS: ' + name:30} {d['rps']:9.1f} {d['p50_ms']:6.1f} {d['p99_ms']:6.1f} "
            f"{d.get('solo_p50_ms', 0):8.1f} {d.get('solo_p99_ms', 0):8.1f}"
        )
    lines.append("")
    lines.append("Times in ms; cold = page cache off, warm = page cache in Redis; "
                 f"{result['connections']} connections, 1-cl = one client alone; "
                 "warm/ceil = warm req/s over the trivial view's (mean of a run before and "
                 "one after the pages); vs DS = our req/s over Datasette's (DS rows) on the "
                 "comparable operation.")
    rss = result["worker_rss_mb"]
    lines.append(f"gunicorn workers' peak resident memory (MB): cold {rss['cold']}, "
                 f"warm {rss['warm']}")
    return "\n".join(lines)


def database_line(facts: dict) -> str:
    """What was measured: the database's rows, its size on disk, how long it took to make."""
    made = (f"; generated in {facts['generated_s']} s" if facts.get("generated_s") is not None
            else "")
    return (f"Database: {facts['documents']} documents, {facts['links']} links, "
            f"{facts['targets']} targets, {facts.get('texts', 0)} texts in "
            f"{facts.get('provisions', 0)} provisions; {facts['size']} on disk{made}.")


def aims(result: dict) -> list[str]:
    cold, warm, ds = result["cold"], result["warm"], result.get("datasette", {})
    ceiling = warm["ceiling"]["rps"]
    out = []
    pages = [n for n in warm if n != "ceiling"]
    worst = min(pages, key=lambda n: warm[n]["rps"])
    ok = all(warm[n]["rps"] >= 0.6 * ceiling for n in pages)
    out.append(f"{'MET' if ok else 'NOT MET'}: warm pages >= 60 % of the trivial view "
               f"(lowest: {worst} {warm[worst]['rps'] / ceiling:.0%})")
    for name in ("list", "list, 3 filters", "search", "search titles", "search in texts",
                 "document"):
        if name not in cold:
            continue
        p99 = cold[name].get("solo_p99_ms")
        out.append(f"{'MET' if p99 is not None and p99 < 150 else 'NOT MET'}: cold {name} "
                   f"p99 < 150 ms with one client ({p99} ms)")
    for ours, theirs in COMPARABLE.items():
        if theirs in ds and ours in cold:
            theirs_rps = ds[theirs]["rps"] or 1e-9
            c, w = cold[ours]["rps"] / theirs_rps, warm[ours]["rps"] / theirs_rps
            out.append(f"{'MET' if c > 1 else 'NOT MET'}: ahead of Datasette cold on {theirs} "
                       f"({_ratio(cold[ours]['rps'], ds[theirs]['rps'])}x)")
            out.append(f"{'MET' if w >= 10 else 'NOT MET'}: >= 10x Datasette warm on {theirs} "
                       f"({_ratio(warm[ours]['rps'], ds[theirs]['rps'])}x)")
    peak = max(result["worker_rss_mb"]["cold"] + result["worker_rss_mb"]["warm"])
    out.append(f"{'MET' if peak < 200 else 'NOT MET'}: every gunicorn worker < 200 MB "
               f"resident (peak {peak} MB)")
    if "import" in result:
        imp = result["import"]
        out.append(f"{'MET' if imp['ok'] and imp['import_s'] < 120 else 'NOT MET'}: import of "
                   f"{result['database']['documents']} documents < 2 min "
                   f"({imp['import_s']} s{'' if imp['ok'] else ', FAILED'})")
    return out


DOCS = ROOT / "docs" / "PERFORMANCE.md"


def _replace_between(text: str, name: str, body: str) -> str:
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    if not rest:
        raise SystemExit(f"{DOCS}: no {start} … {end} markers")
    return f"{head}{start}\n{body}\n{end}{tail}"


def update_docs(result: dict) -> None:
    """The latest table and aims into docs/PERFORMANCE.md, between its markers."""
    facts = result["database"]
    def n(number: int) -> str:  # 100.026, as the site writes numbers
        return f"{number:,}".replace(",", ".")

    when = (f"Measured {result['when'].replace('T', ' ')} on {result['machine']['cpus']} "
            f"cores, Python {result['machine']['python']}: {n(facts['documents'])} documents, "
            f"{n(facts['links'])} links, {n(facts['targets'])} targets, "
            f"{n(facts['localities'])} places, {n(facts['bodies'])} bodies, "
            f"{n(facts.get('texts', 0))} full texts in {n(facts.get('provisions', 0))} "
            f"provisions ({facts['size']}); "
            f"{result['workers']} gunicorn workers.")
    table = f"{when}\n\n```text\n{result['table']}\n```"
    aims_text = "\n".join(f"- {line}" for line in result["aims"])
    text = DOCS.read_text(encoding="utf-8")
    text = _replace_between(text, "results", table)
    text = _replace_between(text, "aims", aims_text)
    DOCS.write_text(text, encoding="utf-8")

