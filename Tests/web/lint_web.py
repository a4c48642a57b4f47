#!/usr/bin/env python3
"""The web client's HTML-injection lint: every .js, .mjs and .html file under Sources/Server/Web (or the folder given)
is scanned for the calls that parse strings as markup or code, and index.html for inline script, handlers and styles,
which the Content-Security-Policy refuses anyway. Prints `file:line: rule: text` for each finding and exits 1 if there
is any. Standard library only.

Lines that are whole comments (starting with //, /* or *) are skipped so the code can explain what it avoids; a
comment at the end of a code line is not, and there is deliberately no way to silence a finding."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2] / "Sources" / "Server" / "Web"

# (rule name, pattern) checked on every code line of every scanned file.
CODE_RULES = [
    ("innerHTML", re.compile(r"\binnerHTML\b")),
    ("outerHTML", re.compile(r"\bouterHTML\b")),
    ("insertAdjacentHTML", re.compile(r"\binsertAdjacentHTML\b")),
    ("document.write", re.compile(r"\bdocument\s*\.\s*write(ln)?\b")),
    ("HTML parsing call", re.compile(r"\b(createContextualFragment|setHTMLUnsafe|parseHTMLUnsafe)\b")),
    ("eval", re.compile(r"(?<![\w$])eval\s*\(")),
    ("Function constructor", re.compile(r"\bnew\s+Function\b|(?<![\w$.])Function\s*\(")),
    ("setAttribute on-handler", re.compile(r"\bsetAttribute\s*\(\s*[\"'`]\s*on", re.IGNORECASE)),
    ("string timer", re.compile(r"\bset(Timeout|Interval)\s*\(\s*[\"'`]")),
    ("javascript URL", re.compile(r"javascript\s*:", re.IGNORECASE)),
    ("srcdoc", re.compile(r"\bsrcdoc\b", re.IGNORECASE)),
]

# Checked on each tag of an HTML file (a tag may span lines).
TAG = re.compile(r"<[a-zA-Z][^>]*>", re.DOTALL)
HANDLER_ATTRIBUTE = re.compile(r"\son[a-zA-Z]+\s*=")
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)

WHOLE_LINE_COMMENT = re.compile(r"^\s*(//|/\*|\*)")


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def lint_text(text, is_html):
    """[(line, rule, excerpt)] for one file's contents."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if not is_html and WHOLE_LINE_COMMENT.match(line):
            continue
        for rule, pattern in CODE_RULES:
            if pattern.search(line):
                found.append((number, rule, line.strip()))
    if is_html:
        for m in SCRIPT.finditer(text):
            if m.group(1).strip():
                found.append((line_of(text, m.start()), "inline <script>", m.group(0)))
        for m in STYLE_ELEMENT.finditer(text):
            found.append((line_of(text, m.start()), "inline <style>", text[m.start():m.start() + 100]))
        for tag in TAG.finditer(text):
            for rule, pattern in [("inline on-handler", HANDLER_ATTRIBUTE), ("style attribute", STYLE_ATTRIBUTE)]:
                m = pattern.search(tag.group(0))
                if m:
                    found.append((line_of(text, tag.start() + m.start() + 1), rule, tag.group(0)))
    return sorted((number, rule, " ".join(excerpt.split())[:100]) for number, rule, excerpt in found)


def lint(root):
    """[(path, line, rule, excerpt)] for every scanned file under root."""
    root = pathlib.Path(root)
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".js", ".mjs", ".html"):
            text = path.read_text(encoding="utf-8")
            found += [(path, n, rule, excerpt) for n, rule, excerpt in lint_text(text, path.suffix == ".html")]
    return found


def main(argv):
    root = pathlib.Path(argv[1]) if len(argv) > 1 else ROOT
    if not root.is_dir():
        print(f"lint_web: {root} is not a folder", file=sys.stderr)
        return 2
    found = lint(root)
    for path, number, rule, excerpt in found:
        print(f"{path}:{number}: {rule}: {excerpt}")
    if found:
        print(f"lint_web: {len(found)} finding(s); build the page from nodes (dom.js h/append), never from strings",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
