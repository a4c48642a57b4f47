// The safe Markdown subset of messages, rendered to DOM nodes (never to markup): paragraphs and line breaks,
// **bold**, *italic* / _italic_, `code`, fenced code blocks, [links](url) and bare URLs whose scheme is
// allow-listed, "- " / "* " / "1. " lists, "> " quotes, and @mentions, which the caller may highlight. Anything
// else stays literal text, so HTML in a message shows as the characters typed.

import {h} from "./dom.js";

const allowedSchemes = new Set(["http:", "https:", "mailto:"]);

/** The URL if its scheme is allow-listed (relative links resolve against this page), else null. */
export function safeURL(text) {
  try {
    const url = new URL(text, location.origin);
    return allowedSchemes.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The message as nodes. `options.isMine(name)`: whether "@name" (or a channel-wide word such as "channel")
 * mentions the viewer, so it is highlighted; `options.onMention(name)` is called when one is clicked;
 * `options.words` (from `wordPattern`) highlights the viewer's own mention words written without "@".
 */
export function render(message, options = {}) {
  const blocks = [];
  const lines = String(message).replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^```/.test(line)) {
      const code = [];
      i += 1;
      while (i < lines.length && !/^```\s*$/.test(lines[i])) code.push(lines[i++]);
      i += 1;
      blocks.push(h("pre", {class: "md-code"}, h("code", {}, code.join("\n"))));
    } else if (/^>\s?/.test(line)) {
      const quoted = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) quoted.push(lines[i++].replace(/^>\s?/, ""));
      blocks.push(h("blockquote", {}, render(quoted.join("\n"), options)));
    } else if (/^\s*[-*]\s+/.test(line)) {
      const items = [];
      while (i < lines.length && /^\s*[-*]\s+/.test(lines[i])) items.push(lines[i++].replace(/^\s*[-*]\s+/, ""));
      blocks.push(h("ul", {}, items.map((item) => h("li", {}, inline(item, options)))));
    } else if (/^\s*\d+[.)]\s+/.test(line)) {
      const start = Number(line.match(/^\s*(\d+)/)[1]);
      const items = [];
      while (i < lines.length && /^\s*\d+[.)]\s+/.test(lines[i])) items.push(lines[i++].replace(/^\s*\d+[.)]\s+/, ""));
      blocks.push(h("ol", {start: start === 1 ? undefined : start}, items.map((item) => h("li", {}, inline(item, options)))));
    } else if (line.trim() === "") {
      i += 1;
    } else {
      const paragraph = [];
      while (i < lines.length && lines[i].trim() !== "" && !/^(```|>|\s*[-*]\s+|\s*\d+[.)]\s+)/.test(lines[i])) {
        paragraph.push(lines[i++]);
      }
      const children = [];
      paragraph.forEach((text, index) => {
        if (index > 0) children.push(h("br"));
        children.push(...inline(text, options));
      });
      blocks.push(h("p", {}, children));
    }
  }
  return blocks;
}

// One pattern per inline form, tried at each position; the earliest match wins.
const inlinePatterns = [
  {kind: "code", re: /`([^`\n]+)`/y},
  {kind: "link", re: /\[([^\]\n]+)\]\(([^)\s]+)\)/y},
  {kind: "url", re: /(?:https?:\/\/|mailto:)[^\s<>()]+[^\s<>().,;:!?'"]/y},
  {kind: "bold", re: /\*\*(?=\S)([^\n]*?\S)\*\*/y},
  {kind: "italic", re: /\*(?=\S)([^*\n]*?\S)\*/y},
  {kind: "italic", re: /(?<![\w])_(?=\S)([^_\n]*?\S)_(?![\w])/y},
  {kind: "mention", re: /(?<![\w@.])@([a-z0-9][a-z0-9._-]*[a-z0-9]|[a-z0-9])/iy},
];

/** The inline forms of one line, as nodes. */
export function inline(text, options = {}) {
  const out = [];
  let plain = "";
  let at = 0;
  const flush = () => {
    if (plain) out.push(...highlightWords(plain, options.words));
    plain = "";
  };
  outer: while (at < text.length) {
    for (const {kind, re} of inlinePatterns) {
      re.lastIndex = at;
      const m = re.exec(text);
      if (!m) continue;
      const end = at + m[0].length;  // before build: its recursion reuses these patterns and their lastIndex
      const node = build(kind, m, options);
      if (!node) continue;
      flush();
      out.push(node);
      at = end;
      continue outer;
    }
    plain += text[at];
    at += 1;
  }
  flush();
  return out;
}

/** `text` with each of `words` (a RegExp with one group, or null) wrapped as a highlighted mention. */
function highlightWords(text, words) {
  if (!words) return [text];
  const out = [];
  let last = 0;
  words.lastIndex = 0;
  for (const m of text.matchAll(words)) {
    const start = m.index + m[0].indexOf(m[1]);
    if (start > last) out.push(text.slice(last, start));
    out.push(h("span", {class: "mention-me", "data-testid": "mention-word"}, m[1]));
    last = start + m[1].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** A RegExp matching any of `words` as whole words, case-insensitive; null for none. */
export function wordPattern(words) {
  const escaped = [...words].filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!escaped.length) return null;
  return new RegExp(`(?:^|[^\\p{L}\\p{N}_@])(${escaped.join("|")})(?![\\p{L}\\p{N}_])`, "giu");
}

function build(kind, m, options) {
  switch (kind) {
    case "code":
      return h("code", {class: "md-inline-code"}, m[1]);
    case "link": {
      const url = safeURL(m[2]);
      return url ? link(url, inline(m[1], options)) : null;
    }
    case "url": {
      const url = safeURL(m[0]);
      return url ? link(url, m[0]) : null;
    }
    case "bold":
      return h("strong", {}, inline(m[1], options));
    case "italic":
      return h("em", {}, inline(m[1], options));
    case "mention": {
      const name = m[1].replace(/[._-]+$/, "");
      const mine = options.isMine ? options.isMine(name.toLowerCase()) : false;
      return h("span", {
        class: mine ? "mention mention-me" : "mention",
        dataset: {mention: name.toLowerCase()},
        onclick: options.onMention ? () => options.onMention(name.toLowerCase()) : undefined,
      }, "@" + m[1]);
    }
    default:
      return null;
  }
}

function link(url, children) {
  const sameOrigin = url.startsWith(location.origin + "/");
  return h("a", {href: url, target: sameOrigin ? undefined : "_blank", rel: "noopener noreferrer"}, children);
}
