/* A small rich-text editor over the plain "Isi" field, as progressive enhancement: without JavaScript the
   textarea stays as it is. The HTML written here is only a suggestion; the server sanitises it (nh3). */
(function () {
  "use strict";
  var BUTTONS = [
    ["Paragraf", "formatBlock", "<p>"],
    ["Subjudul", "formatBlock", "<h2>"],
    ["Tebal", "bold"],
    ["Miring", "italic"],
    ["Daftar", "insertUnorderedList"],
    ["Tautan", "createLink"],
    ["Kutipan", "formatBlock", "<blockquote>"]
  ];

  function enhance(textarea) {
    if (textarea.disabled || textarea.closest("fieldset[disabled]")) {
      return;
    }
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var toolbar = document.createElement("div");
    var area = document.createElement("div");
    toolbar.className = "rte-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Format isi");
    area.className = "rte-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (label) {
      label.id = label.id || textarea.id + "-label";
      area.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function () { area.focus(); });
    }
    // What the server stored, already sanitised; an empty field starts with one paragraph.
    area.innerHTML = textarea.value.trim() || "<p><br></p>";

    function sync() {
      textarea.value = area.innerHTML;
    }

    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[0];
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the selection
      button.addEventListener("click", function () {
        var value = spec[2] || null;
        if (spec[1] === "createLink") {
          value = window.prompt("Alamat tautan (https://...)", "https://");
          if (!value || !/^(https?:\/\/|mailto:)/.test(value)) {
            return;
          }
        }
        area.focus();
        document.execCommand(spec[1], false, value);
        sync();
      });
      toolbar.appendChild(button);
    });

    document.execCommand("defaultParagraphSeparator", false, "p");
    area.addEventListener("input", sync);
    textarea.form.addEventListener("submit", sync);
    textarea.required = false;  // hidden now; the server still refuses an empty body
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(area, textarea);
  }

  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-rich-text]"), enhance);
})();
