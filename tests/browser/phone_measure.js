// Run by test_phone.py in the page: what a finger and an eye need.
() => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && !el.closest("[hidden]") &&
      getComputedStyle(el).visibility !== "hidden";
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    " '" + (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 40) + "'";
  const small = [];
  for (const el of document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, summary")) {
    if (!shown(el) || el.classList.contains("skip-link")) continue;
    let box = el;
    if (el.matches("input[type=radio], input[type=checkbox]")) {
      box = el.closest("label, li, .option") || el;
    }
    if (el.tagName === "A") {
      let block = el.parentElement;
      while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
      if (block.innerText.trim() !== el.innerText.trim()) continue;
    }
    const height = box.getBoundingClientRect().height;
    if (height < 47.5) small.push(name(el) + " " + Math.round(height) + "px");
  }
  const rgb = (value) => (value.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || (colour.length === 4 && colour[3] > 0)) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const faint = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    if (!shown(el) || el.closest(":disabled, script, style, .visually-hidden")) continue;
    const [l1, l2] = [luminance(rgb(getComputedStyle(el).color)), luminance(background(el))];
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < 6.95) faint.push(name(el) + " " + ratio.toFixed(2) + ":1");
  }
  const root = document.documentElement;
  return {small, faint, sideways: root.scrollWidth > root.clientWidth};
}
