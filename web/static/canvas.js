/* The journey-map canvas: what htmx does not give for free. Every change here has a form that
   works without JavaScript (the drawer's move buttons, the "+" forms); this adds dragging
   cards between stages and stages by their headings (SortableJS, vendored), marks the card
   whose details are open, moves the focus into the drawer, and closes the drawer and the toast.
   On a phone, where the drawer is a sheet over the bottom of the canvas, a saved change folds
   the sheet down to its head and brings what changed into view, highlighted; a refused one
   leaves it open with the reason. No inline scripts (CSP). */
(function () {
  "use strict";

  // The phone layout of canvas.css (the drawer as a bottom sheet).
  var PHONE = "(max-width: 760px)";
  function onPhone() { return window.matchMedia && window.matchMedia(PHONE).matches; }

  function canvas() { return document.querySelector("table.canvas[data-editable]"); }

  function cardsOf(selected) {
    return document.querySelectorAll('[data-element="' + selected + '"]');
  }

  // The card whose details the drawer shows is outlined.
  function markSelected() {
    var drawer = document.getElementById("detail");
    var selected = drawer && drawer.classList.contains("open") ? drawer.getAttribute("data-selected") : null;
    document.querySelectorAll("[data-element].selected").forEach(function (el) { el.classList.remove("selected"); });
    if (!selected) { return; }
    cardsOf(selected).forEach(function (el) {
      if (!el.classList.contains("fill")) { el.classList.add("selected"); }
    });
  }

  function closeDrawer() {
    var drawer = document.getElementById("detail");
    if (!drawer || !drawer.classList.contains("open")) { return false; }
    var selected = drawer.getAttribute("data-selected");
    drawer.classList.remove("open");
    drawer.classList.remove("collapsed");
    markSelected();
    var card = selected && document.querySelector('[data-element="' + selected + '"]');
    if (card) { card.focus(); }
    return true;
  }

  // The folded sheet opened again: the details, the form and the buttons are back.
  function expandDrawer() {
    var drawer = document.getElementById("detail");
    if (!drawer || !drawer.classList.contains("collapsed")) { return false; }
    drawer.classList.remove("collapsed");
    var button = drawer.querySelector("[data-expand-drawer]");
    if (button) { button.setAttribute("aria-expanded", "true"); }
    var title = document.getElementById("detail-title");
    if (title) { title.focus({ preventScroll: true }); }
    return true;
  }

  function closeToast() {
    var toast = document.getElementById("toast");
    if (toast) { toast.classList.remove("show"); }
  }

  // Which card was used last (its element and its lane), so that after a change the same card
  // is the one brought into view: a touchpoint shows in several lanes.
  var origin = null;
  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("[data-close-drawer]");
    if (close && closeDrawer()) { event.preventDefault(); return; }
    if (event.target.closest && event.target.closest("[data-expand-drawer]")) { expandDrawer(); return; }
    if (event.target.closest && event.target.closest("[data-close-toast]")) { closeToast(); return; }
    var card = event.target.closest && event.target.closest("#grid [data-element]");
    if (card) {
      var lane = card.closest("tr");
      origin = { element: card.getAttribute("data-element"), lane: lane ? lane.className : "" };
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) { closeDrawer(); }
  });

  // The card that shows the element `selected` best: the one used last, else its main card
  // (a touchpoint or pain point in its drop list, a stage's heading), else the first.
  function cardFor(selected) {
    var cards = Array.prototype.slice.call(cardsOf(selected)).filter(function (el) { return el.closest("#grid"); });
    if (!cards.length) { return null; }
    if (origin && origin.element === selected) {
      var same = cards.filter(function (el) { var tr = el.closest("tr"); return tr && tr.className === origin.lane; });
      if (same.length) { return same[0]; }
    }
    var main = cards.filter(function (el) { return el.closest(".card-item, .stage-head"); });
    return main[0] || cards[0];
  }

  // Bring a card into view inside the canvas's sideways scroll (the page stays where it is).
  function revealSideways(card) {
    var frame = card.closest(".canvas-scroll");
    if (!frame) { return; }
    var box = card.getBoundingClientRect();
    var view = frame.getBoundingClientRect();
    var label = frame.querySelector("tbody .lane-label");
    var left = view.left + (label ? label.getBoundingClientRect().width : 0);
    if (box.left < left) { frame.scrollLeft -= left - box.left + 12; }
    else if (box.right > view.right) { frame.scrollLeft += box.right - view.right + 12; }
  }

  function highlight(card) {
    card.classList.remove("just-saved");
    void card.offsetWidth; // restart the animation
    card.classList.add("just-saved");
    setTimeout(function () { card.classList.remove("just-saved"); }, 3200);
  }

  // After a saved change: on a phone the sheet folds down to its head and the changed card is
  // scrolled to the middle of what is left of the window, highlighted; on a wide window the
  // drawer stays beside the canvas and the card is scrolled into the canvas's view.
  function showSaved(drawer) {
    var selected = drawer.getAttribute("data-selected");
    var card = selected && cardFor(selected);
    if (onPhone()) {
      drawer.classList.add("collapsed");
      var button = drawer.querySelector("[data-expand-drawer]");
      if (button) { button.setAttribute("aria-expanded", "false"); }
      if (card) {
        card.scrollIntoView({ block: "center", inline: "center" });
      }
    } else if (card) {
      revealSideways(card);
    }
    if (card) { highlight(card); }
  }

  var toastTimer = null;
  function afterSwap(event) {
    var swapped = event && event.detail && event.detail.target;
    var target = document.getElementById("detail");  // the new drawer: the old one was replaced
    markSelected();
    if (swapped && swapped.id === "detail" && target && target.classList.contains("open")) {
      var title = document.getElementById("detail-title");
      var refusal = target.querySelector(".alert.error");
      var field = target.querySelector("form:not(.move-buttons):not(.move-to):not(.delete-form) .field input, form .field textarea");
      if (target.hasAttribute("data-saved")) {
        showSaved(target);
        if (title) { title.focus({ preventScroll: true }); }
      } else if (field && target.querySelector('input[name="_form"]')) {
        field.focus();
        if (refusal) { refusal.scrollIntoView({ block: "nearest" }); }  // the reason, in the sheet
      } else if (title) { title.focus({ preventScroll: true }); }
    }
    var toast = document.getElementById("toast");
    if (toast && toast.classList.contains("show")) {
      clearTimeout(toastTimer);
      toastTimer = setTimeout(closeToast, 12000);
    }
    makeSortable();
  }
  document.addEventListener("htmx:afterSettle", afterSwap);
  document.addEventListener("DOMContentLoaded", function () { afterSwap(null); });

  function post(url, source, values) {
    window.htmx.ajax("POST", url, { source: source, target: "#detail", swap: "outerHTML", values: values });
  }

  function elementUrl(mapId, kind, id) {
    return "/maps/" + encodeURIComponent(mapId) + "/elements/" + kind + "/" + encodeURIComponent(id) + "/move";
  }

  // Dragging a touchpoint or a pain point: to another stage, or to another place in its stage.
  // Dragging a stage by its heading (by its ⠿ grip on a phone or a touch screen, so that a
  // finger on the heading still scrolls the canvas sideways): to another place among the stages. The service moves it
  // (the same change, note and undo as the drawer's ← → buttons) and the canvas comes back.
  function makeSortable() {
    var table = canvas();
    if (!table || !window.Sortable || !window.htmx) { return; }
    var mapId = table.getAttribute("data-map");
    table.querySelectorAll("ul.drop[data-kind]").forEach(function (list) {
      if (list.sortableReady) { return; }
      list.sortableReady = true;
      window.Sortable.create(list, {
        group: list.getAttribute("data-kind"),
        draggable: ".card-item",
        animation: 120,
        forceFallback: true,
        fallbackTolerance: 4,
        onEnd: function (evt) {
          if (evt.from === evt.to && evt.oldDraggableIndex === evt.newDraggableIndex) { return; }
          var kind = evt.to.getAttribute("data-kind");
          var id = evt.item.getAttribute("data-id");
          origin = null;
          post(elementUrl(mapId, kind, id), evt.to,
            { stage_id: evt.to.getAttribute("data-stage"), index: String(evt.newDraggableIndex) });
        }
      });
    });
    var heads = table.querySelector("thead tr");
    if (heads && !heads.sortableReady && heads.querySelectorAll("th.stage-head").length > 1) {
      heads.sortableReady = true;
      var options = {
        draggable: "th.stage-head",
        direction: "horizontal",
        animation: 120,
        forceFallback: true,
        fallbackTolerance: 4,
        // The heading that follows the pointer goes on the body: inside the row it would count
        // as one more cell and shift the columns under the pointer.
        fallbackOnBody: true,
        ghostClass: "stage-ghost",
        chosenClass: "stage-chosen",
        // Only among the stages: not before the lane labels' corner nor after the "+ stage" column.
        onMove: function (evt) { return evt.related.classList.contains("stage-head"); },
        onStart: function () { table.classList.add("dragging-stage"); },
        onEnd: function (evt) {
          table.classList.remove("dragging-stage");
          if (evt.oldDraggableIndex === evt.newDraggableIndex) { return; }
          var id = evt.item.getAttribute("data-stage");
          origin = null;
          post(elementUrl(mapId, "stage", id), heads, { index: String(evt.newDraggableIndex) });
        }
      };
      // A finger (a phone, or a tablet's touch screen) drags by the grip: on the rest of the
      // heading it scrolls the canvas sideways and taps open the stage.
      if (onPhone() || (window.matchMedia && window.matchMedia("(pointer: coarse)").matches)) {
        options.handle = ".stage-grip";
      }
      window.Sortable.create(heads, options);
    }
  }
})();
