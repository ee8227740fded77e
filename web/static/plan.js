/* The plan page: an action's impact and effort set by dragging its dot on the matrix, or by
   selecting the dot and using the arrow keys; an action moved up or down the plan by dragging its
   row by the number (SortableJS, vendored), its ↑ ↓ buttons keeping the keyboard's focus. The change is posted like the action's form
   (impact and effort alone) and the plan's body — matrix and table together — comes back.
   Without this script every field stays editable in the table's form. No inline scripts. */
(function () {
  "use strict";

  var SCALE = 5;
  var KEY_DELAY = 700; // ms after the last arrow key before saving: one version per move
  var refocus = null; // the action whose dot had the focus before the body was swapped
  var keyTimer = null;

  function clamp(value) { return Math.max(1, Math.min(SCALE, value)); }

  function geometry(figure) {
    return {
      left: parseFloat(figure.getAttribute("data-left")),
      top: parseFloat(figure.getAttribute("data-top")),
      plot: parseFloat(figure.getAttribute("data-plot"))
    };
  }

  // The matrix's scales, as assistant/exports/svg.py draws them.
  function effortX(g, effort) { return g.left + (effort - 0.5) / SCALE * g.plot; }
  function impactY(g, impact) { return g.top + (SCALE + 0.5 - impact) / SCALE * g.plot; }
  function effortAt(g, x) { return clamp(Math.round((x - g.left) / g.plot * SCALE + 0.5)); }
  function impactAt(g, y) { return clamp(Math.round(SCALE + 0.5 - (y - g.top) / g.plot * SCALE)); }

  function svgPoint(svg, event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }

  function label(figure, dot, impact, effort) {
    var title = dot.parentNode.querySelector("title");
    return (title ? title.textContent : "") + " — " +
      figure.getAttribute("data-impact-label") + " " + impact + ", " +
      figure.getAttribute("data-effort-label") + " " + effort;
  }

  // The ↑ ↓ button pressed: focused again once the body is swapped, on the action's new row
  // (the same button, or the other one when the row reached the top or the bottom).
  var moveFocus = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("form.plan-move button[name=direction]");
    var row = button && button.closest("tr[data-action]");
    if (row) { moveFocus = { id: row.getAttribute("data-action"), direction: button.value }; }
  });
  function refocusMove() {
    if (!moveFocus) { return; }
    var m = moveFocus;
    moveFocus = null;
    var row = document.querySelector('#plan-body tr[data-action="' + m.id + '"]');
    if (!row) { return; }
    var same = row.querySelector('form.plan-move button[value="' + m.direction + '"]:not([disabled])');
    var other = row.querySelector("form.plan-move button:not([disabled])");
    (same || other || row.querySelector(".action-title")).focus();
  }

  // Dragging a row by its number to another place in the plan.
  function makeSortable() {
    var body = document.querySelector("#plan-body tbody[data-plan-order]");
    if (!body || body.sortableReady || !window.Sortable || !window.htmx) { return; }
    body.sortableReady = true;
    window.Sortable.create(body, {
      handle: ".drag-handle",
      draggable: "tr[data-action]",
      animation: 120,
      forceFallback: true,
      fallbackTolerance: 4,
      onEnd: function (evt) {
        if (evt.oldIndex === evt.newIndex) { return; }
        var id = evt.item.getAttribute("data-action");
        var url = "/maps/" + encodeURIComponent(body.getAttribute("data-map")) + "/plan/actions/" + encodeURIComponent(id) + "/move";
        window.htmx.ajax("POST", url, {
          source: body, target: "#plan-body", swap: "outerHTML",
          values: { index: String(evt.newIndex) }
        });
      }
    });
  }

  function prepare(root) {
    refocusMove();
    makeSortable();
    (root || document).querySelectorAll("[data-plan-matrix] svg circle.action").forEach(function (dot) {
      var figure = dot.closest("[data-plan-matrix]");
      dot.setAttribute("tabindex", "0");
      dot.setAttribute("role", "button");
      dot.setAttribute("aria-label", label(figure, dot, dot.getAttribute("data-impact"), dot.getAttribute("data-effort")));
    });
    if (refocus) {
      var again = document.querySelector('[data-plan-matrix] svg circle.action[data-action="' + refocus + '"]');
      refocus = null;
      if (again) { again.focus(); }
    }
  }

  // Show the dot at (impact, effort) before the server answers.
  function place(figure, dot, impact, effort) {
    var g = geometry(figure);
    var dx = effortX(g, effort) - effortX(g, +dot.getAttribute("data-effort"));
    var dy = impactY(g, impact) - impactY(g, +dot.getAttribute("data-impact"));
    dot.parentNode.setAttribute("transform", "translate(" + dx + " " + dy + ")");
    dot.parentNode.classList.add("moved");
    dot.setAttribute("aria-label", label(figure, dot, impact, effort));
  }

  function save(figure, dot, impact, effort) {
    if (impact === +dot.getAttribute("data-impact") && effort === +dot.getAttribute("data-effort")) {
      dot.parentNode.removeAttribute("transform");
      dot.parentNode.classList.remove("moved");
      return;
    }
    var body = document.getElementById("plan-body");
    if (!body || !window.htmx) { return; }
    var id = dot.getAttribute("data-action");
    if (document.activeElement === dot) { refocus = id; }
    var url = "/maps/" + encodeURIComponent(body.getAttribute("data-map")) + "/plan/actions/" + encodeURIComponent(id);
    window.htmx.ajax("POST", url, {
      source: figure, target: "#plan-body", swap: "outerHTML",
      values: { impact: String(impact), effort: String(effort) }
    });
  }

  // A dot is its circle and the number drawn over it: either may be grabbed.
  function dotOf(target) {
    var group = target.closest && target.closest("[data-plan-matrix] svg g");
    return group && group.querySelector("circle.action");
  }

  // Dragging with a mouse, a pen or a finger.
  var drag = null;
  document.addEventListener("pointerdown", function (event) {
    var dot = dotOf(event.target);
    if (!dot || event.button > 0) { return; }
    var svg = dot.ownerSVGElement;
    drag = { dot: dot, svg: svg, figure: dot.closest("[data-plan-matrix]"), start: svgPoint(svg, event), moved: false };
    dot.setPointerCapture(event.pointerId);
    dot.parentNode.classList.add("dragging");
    event.preventDefault();
  });
  document.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var at = svgPoint(drag.svg, event);
    var dx = at.x - drag.start.x;
    var dy = at.y - drag.start.y;
    if (Math.abs(dx) + Math.abs(dy) > 2) { drag.moved = true; }
    drag.dot.parentNode.setAttribute("transform", "translate(" + dx + " " + dy + ")");
  });
  function drop(event, cancelled) {
    if (!drag) { return; }
    var d = drag;
    drag = null;
    d.dot.parentNode.classList.remove("dragging");
    if (cancelled || !d.moved) {
      d.dot.parentNode.removeAttribute("transform");
      return;
    }
    var at = svgPoint(d.svg, event);
    var g = geometry(d.figure);
    var x = +d.dot.getAttribute("cx") + at.x - d.start.x;
    var y = +d.dot.getAttribute("cy") + at.y - d.start.y;
    var impact = impactAt(g, y);
    var effort = effortAt(g, x);
    place(d.figure, d.dot, impact, effort);
    save(d.figure, d.dot, impact, effort);
  }
  document.addEventListener("pointerup", function (event) { drop(event, false); });
  document.addEventListener("pointercancel", function (event) { drop(event, true); });

  // The arrow keys on a selected dot: up and down for impact, left and right for effort.
  var KEYS = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
  document.addEventListener("keydown", function (event) {
    var dot = event.target.closest && event.target.closest("[data-plan-matrix] svg circle.action");
    if (!dot) { return; }
    var figure = dot.closest("[data-plan-matrix]");
    if (event.key === "Escape") {
      clearTimeout(keyTimer);
      dot.removeAttribute("data-pending");
      dot.parentNode.removeAttribute("transform");
      dot.parentNode.classList.remove("moved");
      return;
    }
    var step = KEYS[event.key];
    if (!step && event.key !== "Enter") { return; }
    event.preventDefault();
    var pending = (dot.getAttribute("data-pending") || (dot.getAttribute("data-impact") + "," + dot.getAttribute("data-effort"))).split(",");
    var impact = +pending[0];
    var effort = +pending[1];
    if (step) {
      impact = clamp(impact + step[0]);
      effort = clamp(effort + step[1]);
      dot.setAttribute("data-pending", impact + "," + effort);
      place(figure, dot, impact, effort);
    }
    clearTimeout(keyTimer);
    keyTimer = setTimeout(function () { save(figure, dot, impact, effort); }, event.key === "Enter" ? 0 : KEY_DELAY);
  });

  // A refused change says why at the top of its form (every problem, each a link to its field,
  // and each again beside its field), which may be far above the button that was pressed: bring
  // the list into view and give it the focus, so that it is read out.
  function showRefusal() {
    var refused = document.querySelector("#plan-body .action-form .alert.error");
    if (!refused) { return; }
    refused.scrollIntoView({ block: "center" });
    if (refused.hasAttribute("tabindex")) { refused.focus({ preventScroll: true }); }
  }
  // A problem in that list, followed: the focus goes to its field, not just the view.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".form-problems a[data-field]");
    var field = link && document.getElementById(link.getAttribute("data-field"));
    if (!field) { return; }
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });

  document.addEventListener("DOMContentLoaded", function () { prepare(document); showRefusal(); });
  document.addEventListener("htmx:afterSettle", function () { prepare(document); showRefusal(); });
})();
