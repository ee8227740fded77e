/* cxcoach: the little behaviour htmx does not give for free. Every feature works without it;
   this adds keyboard sending, scrolling, drag and drop, and upload progress. No inline scripts
   (the Content-Security-Policy forbids them), no eval. */
(function () {
  "use strict";

  // The CSRF token (web/security.py): every post form of a template carries it already and htmx
  // sends it as a header; a form built some other way gets the field here, first, at submit time.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (!meta || !form || (form.getAttribute("method") || "").toLowerCase() !== "post") { return; }
    if (form.querySelector('input[name="csrf_token"]')) { return; }
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "csrf_token";
    field.value = meta.getAttribute("content");
    form.insertBefore(field, form.firstChild);
  }, true);

  function composer() { return document.querySelector("#composer textarea"); }

  function scrollTranscript() {
    var log = document.getElementById("transcript");
    if (log) { log.scrollTop = log.scrollHeight; }
  }

  // Enter sends, Shift+Enter adds a line; never while an input method is composing (Chinese).
  document.addEventListener("keydown", function (event) {
    var box = composer();
    if (event.target !== box || event.key !== "Enter" || event.shiftKey || event.isComposing) { return; }
    event.preventDefault();
    if (box.value.trim()) { box.form.requestSubmit(); }
  });

  // Buttons that put an example into the message box (corrections, Ask examples).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill]");
    if (!button) { return; }
    var target = document.querySelector(button.getAttribute("data-fill-target") || "#composer textarea");
    if (!target) { return; }
    event.preventDefault();
    var popup = button.closest("details");
    if (popup) { popup.open = false; }
    target.value = button.getAttribute("data-fill");
    target.focus();
    target.setSelectionRange(target.value.length, target.value.length);
  });

  // Pop-up menus (export, delete, corrections) close on a click elsewhere and on Escape.
  function closePopups(except) {
    document.querySelectorAll("details.menu[open], details.correct[open]").forEach(function (open) {
      if (!except || !open.contains(except)) { open.open = false; }
    });
  }
  document.addEventListener("click", function (event) { closePopups(event.target); });
  // A "keep going" link inside a pop-up only closes it (without JavaScript it reloads the page).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-close-details]");
    var popup = link && link.closest("details");
    if (!popup) { return; }
    event.preventDefault();
    popup.open = false;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closePopups(null); }
  });

  // A point of the emotion curve opens the touchpoint's details, like its cell in the grid.
  document.addEventListener("click", function (event) {
    var point = event.target.closest && event.target.closest("svg .point[data-touchpoint]");
    var figure = point && point.closest("[data-element-url]");
    if (!figure || !window.htmx) { return; }
    var url = figure.getAttribute("data-element-url") + encodeURIComponent(point.getAttribute("data-touchpoint")) +
      (figure.getAttribute("data-element-query") || "");
    window.htmx.ajax("GET", url, { target: "#detail", swap: "outerHTML" });
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.id === "composer-form" && event.detail.successful) {
      var box = composer();
      if (box) { box.value = ""; box.focus(); }
    }
  });

  document.addEventListener("htmx:afterSettle", scrollTranscript);
  document.addEventListener("htmx:sseMessage", scrollTranscript);
  document.addEventListener("DOMContentLoaded", scrollTranscript);

  // Drag and drop onto the upload area; the list of picked files, with the size limit checked.
  function showPicked(input) {
    var list = input.form && input.form.querySelector("ul.picked");
    if (!list) { return; }
    var limit = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
    list.innerHTML = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      var name = document.createElement("span");
      var size = document.createElement("span");
      name.textContent = file.name;
      size.textContent = (file.size / 1048576).toFixed(2) + " MB";
      if (limit && file.size > limit) {
        item.className = "too-big";
        size.textContent += " — " + (input.getAttribute("data-too-big") || "");
      }
      item.appendChild(name);
      item.appendChild(size);
      list.appendChild(item);
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-bytes]")) {
      showPicked(event.target);
    }
  });

  function zoneOf(event) { return event.target.closest && event.target.closest(".dropzone"); }
  ["dragenter", "dragover"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var zone = zoneOf(event);
      if (!zone) { return; }
      event.preventDefault();
      zone.classList.add("over");
    });
  });
  document.addEventListener("dragleave", function (event) {
    var zone = zoneOf(event);
    if (zone) { zone.classList.remove("over"); }
  });
  document.addEventListener("drop", function (event) {
    var zone = zoneOf(event);
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("over");
    var input = zone.querySelector("input[type=file]");
    if (input && event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showPicked(input);
    }
  });

  // Upload progress (bytes sent) of a form.uploader, until the server's event stream takes over.
  function uploader(event) {
    var form = event.detail.elt;
    return form && form.classList && form.classList.contains("uploader") ? form : null;
  }
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = uploader(event);
    if (!form || !event.detail.lengthComputable) { return; }
    var bar = form.querySelector(".upload-progress progress");
    var box = form.querySelector(".upload-progress");
    if (bar && box) {
      box.classList.add("active");
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (uploader(event)) {
      var box = event.detail.elt.querySelector(".upload-progress");
      if (box) { box.classList.remove("active"); }
      var input = event.detail.elt.querySelector("input[type=file]");
      if (input && event.detail.successful) { input.value = ""; showPicked(input); }
    }
  });
})();
