/* Names for two inputs that Wagtail's admin draws without one (WCAG 2.1 1.3.1, 4.1.2; axe
   "label" and "aria-input-field-name"): the text box of a tag field (tools, keywords), which
   jQuery tag-it adds beside the hidden input that the label names, and the rich-text editor
   (Draftail's role="textbox"), whose label in a StreamField block names no element. Each is
   named by its field's label (a block of its own, by its heading), and a tag box described by
   its help text, also in blocks added later; and an icon that says its meaning only in a
   tooltip is named by that text. */
(function () {
  "use strict";

  var counter = 0;

  function labelId(label) {
    if (!label.id) {
      counter += 1;
      label.id = "admin-label-" + counter;
    }
    return label.id;
  }

  function nameTagInput(original) {
    var list = original.nextElementSibling;
    var input = list && list.querySelector(".tagit-new input");
    var label = original.id && document.querySelector('label[for="' + original.id + '"]');
    if (!input || !label || input.hasAttribute("aria-labelledby")) return;
    input.setAttribute("aria-labelledby", labelId(label));
    var help = original.getAttribute("aria-describedby");
    if (help) input.setAttribute("aria-describedby", help);
  }

  function editorLabel(editor) {
    var field = editor.closest(".w-field");
    var input = field && field.querySelector("input[type=hidden][id]");
    var label = input && document.querySelector('label[for="' + input.id + '"]');
    if (label) return label;
    // a block's child: <div data-contentpath><label>本文</label><div data-field-wrapper>…
    var wrapper = editor.closest("[data-field-wrapper]");
    var previous = wrapper && wrapper.previousElementSibling;
    return previous && previous.matches("label") ? previous : null;
  }

  function nameEditor(editor) {
    if (editor.hasAttribute("aria-labelledby") || editor.hasAttribute("aria-label")) return;
    var label = editorLabel(editor);
    if (label) {
      editor.setAttribute("aria-labelledby", labelId(label));
      return;
    }
    // a block of its own in a StreamField: its panel is named by the block's heading
    var panel = editor.closest("section[aria-labelledby]");
    if (panel) editor.setAttribute("aria-labelledby", panel.getAttribute("aria-labelledby"));
  }

  // an icon whose meaning is only in a hover tooltip (the dashboard's review tasks: 「編集者の
  // 承認: 作業中」): the tooltip's text becomes its name, so a screen reader hears it too
  function nameTooltipIcon(holder) {
    if (holder.matches("button, a") || holder.hasAttribute("aria-label")) return;
    if (holder.textContent.trim()) return;
    holder.setAttribute("role", "img");
    holder.setAttribute("aria-label", holder.dataset.wTooltipContentValue);
  }

  function nameAll(root) {
    root.querySelectorAll('input[data-controller~="w-tag"]').forEach(nameTagInput);
    root.querySelectorAll('.public-DraftEditor-content[role="textbox"]').forEach(nameEditor);
    root
      .querySelectorAll('span[data-controller~="w-tooltip"][data-w-tooltip-content-value]')
      .forEach(nameTooltipIcon);
  }

  function start() {
    nameAll(document);
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        nameAll(document);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
