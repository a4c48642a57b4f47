// A small DOM for running the web client's modules under `node --test`: elements with attributes, children,
// text content, dataset, style and listeners, and nothing that parses markup. Installed as globals on import.

class ShimNode {
  constructor() { this.childNodes = []; this.parentNode = null; }
  append(...nodes) {
    for (const node of nodes) {
      const child = node instanceof ShimNode ? node : new ShimText(String(node));
      child.parentNode = this;
      this.childNodes.push(child);
    }
  }
  replaceChildren(...nodes) { this.childNodes = []; this.append(...nodes); }
  get textContent() { return this.childNodes.map((c) => c.textContent).join(""); }
  set textContent(text) { this.childNodes = []; if (text !== "") this.append(String(text)); }
}

class ShimText extends ShimNode {
  constructor(text) { super(); this.data = text; }
  get textContent() { return this.data; }
}

class ShimElement extends ShimNode {
  constructor(tag) {
    super();
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.dataset = {};
    this.style = {};
    this.listeners = new Map();
  }
  setAttribute(name, value) { this.attributes.set(name, String(value)); }
  getAttribute(name) { return this.attributes.has(name) ? this.attributes.get(name) : null; }
  removeAttribute(name) { this.attributes.delete(name); }
  set className(value) { this.attributes.set("class", value); }
  get className() { return this.attributes.get("class") || ""; }
  addEventListener(type, fn) { (this.listeners.get(type) || this.listeners.set(type, []).get(type)).push(fn); }
  dispatch(type, event = {}) { for (const fn of this.listeners.get(type) || []) fn(event); }
  get children() { return this.childNodes.filter((c) => c instanceof ShimElement); }
  /** Every element below this one, depth first. */
  descendants() { return this.children.flatMap((c) => [c, ...c.descendants()]); }
  /** The descendants with this tag name (lower case). */
  byTag(tag) { return this.descendants().filter((e) => e.tagName === tag.toUpperCase()); }
}

globalThis.Node = ShimNode;
globalThis.document = {
  createElement: (tag) => new ShimElement(tag),
  createTextNode: (text) => new ShimText(text),
  documentElement: new ShimElement("html"),
  hidden: false,
};
globalThis.location = {origin: "http://parley.test", protocol: "http:", host: "parley.test"};

/** A root element to render into; `.byTag`, `.textContent` read what was made. */
export function container(nodes) {
  const root = new ShimElement("div");
  root.append(...nodes);
  return root;
}

export {ShimElement, ShimText};
