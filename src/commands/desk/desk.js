// The desk's few behaviours: rows added, moved and removed; uploads;
// units searched without marks; errors shown beside their field before
// saving; the body previewed as kyyeu renders it; saving without leaving
// the page (so nothing typed is lost when a save is refused).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="desk-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  var form = document.querySelector("form.desk-form");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  document.querySelectorAll("[data-unit-search]").forEach(function (input) {
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var set = input.closest("fieldset");
      set.querySelectorAll("li[data-fold]").forEach(function (li) {
        var text = fold(li.getAttribute("data-fold") + " " + li.textContent);
        li.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  });

  // Thumbnails one after another (see the server's note on connections).
  function nextThumb() {
    var img = document.querySelector("img.thumb[data-src]");
    if (!img) { return; }
    var src = img.getAttribute("data-src");
    img.removeAttribute("data-src");
    img.addEventListener("load", nextThumb);
    img.addEventListener("error", nextThumb);
    img.src = src;
  }
  nextThumb();

  var counter = 1000;
  function addRow(set, values) {
    var template = set.querySelector("template");
    var html = template.innerHTML.replace(/__N__/g, String(counter++));
    var list = set.querySelector("ol");
    list.insertAdjacentHTML("beforeend", html);
    var row = list.lastElementChild;
    Object.keys(values || {}).forEach(function (cell) {
      var input = row.querySelector('[name$=".' + cell + '"]');
      if (input) { input.value = values[cell]; }
      var code = row.querySelector("code.file");
      if (cell === "file" && code) { code.textContent = values[cell]; }
      if (cell === "file" && set.getAttribute("data-rows") === "photos") {
        var img = document.createElement("img");
        img.className = "thumb";
        img.alt = "";
        img.setAttribute("data-src", "/_desk/file?file=" + encodeURIComponent(form.getAttribute("data-file")) +
          "&name=" + encodeURIComponent(values[cell]));
        row.insertBefore(img, row.firstChild);
        nextThumb();
      }
    });
    var first = row.querySelector("input:not([type=hidden]), select");
    if (first && !values) { first.focus(); }
    changed();
    return row;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var row = button.closest("li.row");
    if (button.hasAttribute("data-add-row")) {
      addRow(button.closest("fieldset"));
    } else if (row && button.hasAttribute("data-remove")) {
      row.remove();
      changed();
    } else if (row && button.hasAttribute("data-up") && row.previousElementSibling) {
      row.parentNode.insertBefore(row, row.previousElementSibling);
      button.focus();
      changed();
    } else if (row && button.hasAttribute("data-down") && row.nextElementSibling) {
      row.parentNode.insertBefore(row.nextElementSibling, row);
      button.focus();
      changed();
    } else if (button.hasAttribute("data-insert")) {
      insert(button.getAttribute("data-insert") === "heading" ? "\n## " : "\n- ");
    }
  });

  function insert(text) {
    var area = document.getElementById("f-body");
    if (!area) { return; }
    var start = area.selectionStart, end = area.selectionEnd;
    area.value = area.value.slice(0, start) + text + area.value.slice(end);
    area.selectionStart = area.selectionEnd = start + text.length;
    area.focus();
    changed();
  }

  document.querySelectorAll("[data-insert-link]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (!select.value) { return; }
      var title = select.options[select.selectedIndex].textContent;
      insert("[" + title + "](" + select.value + ")");
      select.value = "";
    });
  });
  document.querySelectorAll("[data-insert-photo]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (!select.value) { return; }
      insert("\n![](" + select.value + ")\n");
      select.value = "";
    });
  });

  // One request at a time (see the server's note on connections).
  var queue = Promise.resolve();
  function later(task) {
    queue = queue.then(task, task);
    return queue;
  }

  function upload(set, kind, files) {
    Array.prototype.forEach.call(files, function (file) {
      var url = "/_desk/upload?file=" + encodeURIComponent(form.getAttribute("data-file")) +
        "&kind=" + kind + "&name=" + encodeURIComponent(file.name);
      later(function () {
        return fetch(url, { method: "POST", headers: { "X-Desk-Token": token }, body: file })
          .then(function (r) { return r.ok ? r.json() : r.text().then(function (t) { throw new Error(t); }); })
          .then(function (j) { addRow(set, { file: j.file }); })
          .catch(function (e) { say(e.message, true); });
      });
    });
  }

  document.querySelectorAll("[data-upload]").forEach(function (input) {
    var set = input.closest("fieldset");
    input.addEventListener("change", function () {
      upload(set, input.getAttribute("data-upload"), input.files);
      input.value = "";
    });
    set.addEventListener("dragover", function (e) { e.preventDefault(); });
    set.addEventListener("drop", function (e) {
      e.preventDefault();
      upload(set, input.getAttribute("data-upload"), e.dataTransfer.files);
    });
  });

  function say(text, bad) {
    var box = document.getElementById("messages");
    if (!box) { return; }
    box.textContent = text;
    box.className = bad ? "bad" : "good";
  }

  function encoded(extra) {
    var data = new URLSearchParams(new FormData(form));
    Object.keys(extra || {}).forEach(function (k) { data.set(k, extra[k]); });
    return data;
  }

  function post(path, extra) {
    return fetch(path, {
      method: "POST",
      headers: { "X-Desk-Token": token, "Content-Type": "application/x-www-form-urlencoded" },
      body: encoded(extra)
    });
  }

  function showErrors(errors) {
    form.querySelectorAll("p.error").forEach(function (p) { p.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
    var general = [];
    (errors || []).forEach(function (e) {
      var p = document.getElementById("e-" + e.field);
      if (p) {
        p.textContent += (p.textContent ? "\n" : "") + e.text;
        var input = document.getElementById("f-" + e.field);
        if (input) { input.setAttribute("aria-invalid", "true"); }
      } else {
        general.push(e.text);
      }
    });
    return general;
  }

  var timer = null;
  function changed() {
    if (!form) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      later(function () {
        return post("/_desk/validate").then(function (r) { return r.json(); }).then(function (j) {
          var general = showErrors(j.errors);
          if (j.message || general.length) { say([j.message].concat(general).join("\n"), true); }
          else { say("", false); }
        }).catch(function () {});
      });
      later(function () {
        return post("/_desk/preview").then(function (r) { return r.text(); }).then(function (html) {
          var box = document.getElementById("preview");
          if (box) { box.innerHTML = html; }
        }).catch(function () {});
      });
    }, 400);
  }

  if (form) {
    form.addEventListener("input", function (event) {
      var path = event.target.getAttribute("data-path");
      if (path) {
        form.querySelectorAll('input[name="marked"]').forEach(function (mark) {
          if (mark.value === path) { mark.checked = false; }
        });
      }
      changed();
    });
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save({});
    });
    changed();
  }

  function save(extra) {
    later(function () { return saveNow(extra); });
  }

  function saveNow(extra) {
    return post("/_desk/save", extra).then(function (r) { return r.json(); }).then(function (j) {
      if (j.ok) {
        form.querySelector('input[name="version"]').value = j.version;
        var general = showErrors(j.errors);
        say([j.message].concat(general).join("\n"), general.length > 0);
      } else if (j.dropped && j.dropped.length && window.confirm(j.message)) {
        save({ drop_comments: "1" });
      } else {
        say(j.message, true);
      }
    }).catch(function (e) { say(String(e), true); });
  }
})();
