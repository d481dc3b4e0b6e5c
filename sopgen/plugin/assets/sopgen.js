/* Follow a procedure on the page: its task-list boxes can be ticked, the ticks are kept in this
   browser (localStorage) until the page is verified again, and once every box is ticked the
   page offers the `sopgen verify` command. Everything it shows is in the page already (the
   sopgen/follow.html template); this script only enables, counts and reveals. */
(function () {
  "use strict";

  function storageKey(panel) {
    // The page's address and the date it was last verified: a new verification starts afresh.
    var path = location.pathname.replace(/index\.html$/, "");
    return "sopgen:steps:" + path + "|" + panel.getAttribute("data-sopgen-key");
  }

  function load(key) {
    try {
      var saved = JSON.parse(localStorage.getItem(key) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (error) {
      return [];  // storage blocked or damaged: start with nothing ticked
    }
  }

  function save(key, ticked) {
    try {
      if (ticked.length) {
        localStorage.setItem(key, JSON.stringify(ticked));
      } else {
        localStorage.removeItem(key);
      }
    } catch (error) {
      /* storage blocked (private mode): ticks last until the page is left */
    }
  }

  function copy(text, button) {
    function done() {
      button.textContent = button.getAttribute("data-copied") || button.textContent;
    }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try {
        if (document.execCommand("copy")) done();
      } finally {
        document.body.removeChild(area);
      }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function setUp() {
    var panel = document.querySelector(".sopgen-follow");
    if (!panel || panel.getAttribute("data-sopgen-ready")) return;
    var content = panel.closest("article") || document.body;
    var boxes = Array.prototype.filter.call(
      content.querySelectorAll(".task-list-item input[type=checkbox]"),
      function (box) { return !panel.contains(box); });
    if (!boxes.length) return;  // no checklist on this page: nothing to follow
    panel.setAttribute("data-sopgen-ready", "1");
    var key = storageKey(panel);
    var lists = content.querySelectorAll(".task-list");
    var last = lists[lists.length - 1];
    last.parentNode.insertBefore(panel, last.nextSibling);
    var finished = panel.querySelector(".sopgen-follow-finished");
    var command = panel.querySelector(".sopgen-follow-command");

    function show() {
      var ticked = [];
      boxes.forEach(function (box, index) { if (box.checked) ticked.push(index); });
      panel.querySelector(".sopgen-follow-done").textContent = String(ticked.length);
      panel.querySelector(".sopgen-follow-total").textContent = String(boxes.length);
      finished.hidden = ticked.length !== boxes.length;
      return ticked;
    }

    var saved = load(key);
    boxes.forEach(function (box, index) {
      box.disabled = false;  // Material renders them disabled: read-only
      box.checked = saved.indexOf(index) !== -1;
      box.addEventListener("change", function () { save(key, show()); });
    });
    panel.querySelector(".sopgen-follow-reset").addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      save(key, show());
    });
    panel.querySelector(".sopgen-follow-copy").addEventListener("click", function (event) {
      copy(command.textContent, event.currentTarget);
    });
    show();
    panel.hidden = false;
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);  // Material: every page, instant navigation included
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
