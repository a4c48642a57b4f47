"""The HTML-injection lint on the real web client (must be clean), and on one bad line per rule (each must be caught,
so the lint cannot quietly pass everything)."""
import pathlib
import subprocess
import sys

import pytest

import lint_web

LINT = pathlib.Path(lint_web.__file__)

# (rule, file name, contents, line of the finding in contents): each must give exactly that one finding.
BAD = [
    ("innerHTML", "a.js", 'node.innerHTML = message;\n', 1),
    ("outerHTML", "a.js", 'node.outerHTML = "<b>" + name + "</b>";\n', 1),
    ("insertAdjacentHTML", "a.js", 'list.insertAdjacentHTML("beforeend", row);\n', 1),
    ("document.write", "a.js", 'document.write(banner);\n', 1),
    ("document.write", "a.js", 'document . writeln(banner);\n', 1),
    ("HTML parsing call", "a.js", 'range.createContextualFragment(text);\n', 1),
    ("eval", "a.js", 'const value = eval(source);\n', 1),
    ("eval", "a.js", 'window.eval (source);\n', 1),
    ("Function constructor", "a.js", 'const f = new Function("a", body);\n', 1),
    ("Function constructor", "a.js", 'const f = Function("return 1");\n', 1),
    ("setAttribute on-handler", "a.js", 'button.setAttribute("onclick", handler);\n', 1),
    ("setAttribute on-handler", "a.js", "img.setAttribute( 'onError', code);\n", 1),
    ("string timer", "a.js", 'setTimeout("refresh()", 100);\n', 1),
    ("string timer", "a.js", "this.clock.setInterval('tick()', 1000);\n", 1),
    ("javascript URL", "a.js", 'const ok = 1;\nlink.href = "javascript:void(0)"; // a trailing comment is code\n', 2),
    ("javascript URL", "a.html", '<a href="JavaScript:go()">go</a>\n', 1),
    ("srcdoc", "a.js", 'frame.srcdoc = page;\n', 1),
    ("srcdoc", "a.html", '<iframe srcdoc="&lt;b&gt;"></iframe>\n', 1),
    ("inline <script>", "index.html", '<head>\n<script>\n  start();\n</script>\n</head>\n', 2),
    ("inline <style>", "index.html", '<head>\n<style>body { color: red }</style>\n</head>\n', 2),
    ("inline on-handler", "index.html", '<body onload="start()">\n', 1),
    ("inline on-handler", "index.html", '<img src="/static/a.png"\n     onerror="steal()">\n', 2),
    ("style attribute", "index.html", '<div id="app" style="color: red"></div>\n', 1),
]

# Lines that look close to a rule but are fine.
GOOD = [
    ("a.js", "// Never innerHTML: text nodes only.\n"),
    ("a.js", " * (eval( and new Function are what the CSP refuses)\n"),
    ("a.js", 'element.setAttribute(name, String(value));\n'),
    ("a.js", 'element.setAttribute("aria-label", label);\n'),
    ("a.js", 'setTimeout(() => this.emit("typing"), 5100);\n'),
    ("a.js", 'export function retrieval(x) { return x.textContent; }\n'),
    ("a.js", 'const allowed = new Set(["http:", "https:", "mailto:"]);\n'),
    ("index.html", '<script type="module" src="/static/js/main.js"></script>\n<div id="app"></div>\n'),
]


def test_real_tree_is_clean():
    out = subprocess.run([sys.executable, str(LINT)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == ""


@pytest.mark.parametrize("rule,name,contents,line", BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_each_rule_is_caught(tmp_path, rule, name, contents, line):
    (tmp_path / "js").mkdir()
    target = tmp_path / "js" / name if name.endswith(".js") else tmp_path / name
    prefix = "// A file with one bad line.\n" if name.endswith(".js") else "<!doctype html>\n"
    target.write_text(prefix + contents)
    out = subprocess.run([sys.executable, str(LINT), str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 1, out.stdout + out.stderr
    findings = out.stdout.splitlines()
    assert len(findings) == 1, findings
    path, number, found_rule = findings[0].split(":", 3)[:3]
    assert (pathlib.Path(path), int(number), found_rule.strip()) == (target, 1 + line, rule)


@pytest.mark.parametrize("name,contents", GOOD)
def test_near_misses_pass(tmp_path, name, contents):
    (tmp_path / name).write_text(contents)
    assert lint_web.lint(tmp_path) == []


def test_every_rule_has_a_bad_example():
    rules = {r for r, _ in lint_web.CODE_RULES} | {"inline <script>", "inline <style>", "inline on-handler",
                                                     "style attribute"}
    assert rules == {b[0] for b in BAD}


def test_missing_folder_is_an_error(tmp_path):
    out = subprocess.run([sys.executable, str(LINT), str(tmp_path / "nope")], capture_output=True, text=True)
    assert out.returncode == 2
