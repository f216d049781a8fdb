"""The dashboard's files (shipped in ``observe/dashboard/``) and the self-contained HTML report.

The gateway serves the files as they are at ``/dashboard``; the page polls
``/routeyard/dashboard.json``. ``report_html`` inlines the same CSS and scripts, plus the data,
into one file that opens offline with no server: the demo writes its savings report with it, so
the report and the live page draw their charts with the same code.

>>> html = report_html({"log": None}, title="<demo>", note="x & y")
>>> "&lt;demo&gt;" in html and "x &amp; y" in html and "<demo>" not in html
True
"""

from __future__ import annotations

import html
from importlib import resources
from typing import Any

import orjson

ASSETS: dict[str, str] = {
    "dashboard.css": "text/css; charset=utf-8",
    "format.js": "text/javascript; charset=utf-8",
    "charts.js": "text/javascript; charset=utf-8",
    "dashboard.js": "text/javascript; charset=utf-8",
    "live.js": "text/javascript; charset=utf-8",
    "index.html": "text/html; charset=utf-8",
}
# The report draws once from embedded data: everything but the live page's polling (live.js).
_SCRIPTS = ("format.js", "charts.js", "dashboard.js")

# The report talks to nothing: no fetches, no remote files, only its own inline code and styles.
_REPORT_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
)


def read_asset(name: str) -> bytes:
    """One of the dashboard's files, by name (a key of ``ASSETS``)."""
    if name not in ASSETS:
        raise KeyError(name)
    return resources.files("routeyard.observe").joinpath("dashboard", name).read_bytes()


def json_for_script(data: Any) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where their ``\\u`` escapes mean the
    same, so no value can close the script element.

    >>> json_for_script({"a": "</script>"})
    '{"a":"\\\\u003c/script\\\\u003e"}'
    """
    text = orjson.dumps(data).decode()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _inline_script(name: str) -> str:
    code = read_asset(name).decode()
    if "</script" in code.lower():  # would end the inline element early
        raise ValueError(f"{name} cannot be inlined: it contains '</script'")
    return f"<script>\n{code}\n</script>"


def report_html(data: dict[str, Any], *, title: str, note: str = "", summary: str = "") -> str:
    """A single HTML file that draws ``data`` (the dashboard JSON) with the dashboard's code.

    ``note`` is shown under the title; ``summary`` is plain text shown when scripts are off.
    """
    css = read_asset("dashboard.css").decode()
    if "</style" in css.lower():
        raise ValueError("dashboard.css cannot be inlined: it contains '</style'")
    scripts = "\n".join(_inline_script(name) for name in _SCRIPTS)
    esc = html.escape
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{esc(_REPORT_CSP)}">
<title>{esc(title)}</title>
<style>
{css}
</style>
</head>
<body data-mode="report">
<header class="top">
  <h1>{esc(title)}</h1>
  <span class="status" id="status"></span>
</header>
<main id="app">
  <p class="note" id="report-note">{esc(note)}</p>
  <noscript><pre class="summary">{esc(summary)}</pre></noscript>
</main>
<script type="application/json" id="routeyard-data">{json_for_script(data)}</script>
{scripts}
</body>
</html>
"""
