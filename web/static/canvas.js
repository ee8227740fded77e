/* The journey-map canvas: what htmx does not give for free. Every change here has a form that
   works without JavaScript (the drawer's move buttons, the "+" forms); this adds dragging
   cards between stages (SortableJS, vendored), marks the card whose details are open, moves
   the focus into the drawer, and closes the drawer and the toast. No inline scripts (CSP). */
(function () {
  "use strict";

  function canvas() { return document.querySelector("table.canvas[data-editable]"); }

  // The card whose details the drawer shows is outlined.
  function markSelected() {
    var drawer = document.getElementById("detail");
    var selected = drawer && drawer.classList.contains("open") ? drawer.getAttribute("data-selected") : null;
    document.querySelectorAll("[data-element].selected").forEach(function (el) { el.classList.remove("selected"); });
    if (!selected) { return; }
    document.querySelectorAll('[data-element="' + selected + '"]').forEach(function (el) {
      if (!el.classList.contains("fill")) { el.classList.add("selected"); }
    });
  }

  function closeDrawer() {
    var drawer = document.getElementById("detail");
    if (!drawer || !drawer.classList.contains("open")) { return false; }
    var selected = drawer.getAttribute("data-selected");
    drawer.classList.remove("open");
    markSelected();
    var card = selected && document.querySelector('[data-element="' + selected + '"]');
    if (card) { card.focus(); }
    return true;
  }

  function closeToast() {
    var toast = document.getElementById("toast");
    if (toast) { toast.classList.remove("show"); }
  }

  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("[data-close-drawer]");
    if (close && closeDrawer()) { event.preventDefault(); return; }
    if (event.target.closest && event.target.closest("[data-close-toast]")) { closeToast(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) { closeDrawer(); }
  });

  var toastTimer = null;
  function afterSwap(event) {
    var swapped = event && event.detail && event.detail.target;
    var target = document.getElementById("detail");  // the new drawer: the old one was replaced
    markSelected();
    if (swapped && swapped.id === "detail" && target && target.classList.contains("open")) {
      var title = document.getElementById("detail-title");
      var field = target.querySelector("form:not(.move-buttons):not(.move-to):not(.delete-form) .field input, form .field textarea");
      if (field && target.querySelector('input[name="_form"]')) { field.focus(); }
      else if (title) { title.focus({ preventScroll: true }); }
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

  // Dragging a touchpoint or a pain point: to another stage, or to another place in its stage.
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
          var url = "/maps/" + encodeURIComponent(mapId) + "/elements/" + kind + "/" + encodeURIComponent(id) + "/move";
          window.htmx.ajax("POST", url, {
            source: evt.to,
            target: "#detail",
            swap: "outerHTML",
            values: { stage_id: evt.to.getAttribute("data-stage"), index: String(evt.newDraggableIndex) }
          });
        }
      });
    });
  }
})();
