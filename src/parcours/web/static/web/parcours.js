/* Parcours: small enhancements over pages that already work without JavaScript.
   - theme buttons switch at once (the form still posts to /theme/ without JS);
   - menus (<details class="menu">) and the phone side navigation close with Esc or a click
     outside;
   - links with hx-target="#modal-root" open what htmx loaded in a native modal <dialog>
     (showModal: the rest of the page is inert, Esc closes, focus returns to the link).
   No inline script anywhere: the page's Content-Security-Policy can forbid them. */
(function () {
  "use strict";
  var root = document.documentElement;

  function effectiveTheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches
      ? "dark" : "light";
  }

  function setTheme(value) {
    if (value === "light" || value === "dark") {
      root.setAttribute("data-theme", value);
      document.cookie = "parcours_theme=" + value + ";path=/;max-age=31536000;samesite=lax";
    } else {
      root.removeAttribute("data-theme");
      document.cookie = "parcours_theme=;path=/;max-age=0;samesite=lax";
    }
    syncThemeButtons();
  }

  function syncThemeButtons() {
    var current = root.getAttribute("data-theme") || "system";
    document.querySelectorAll("[data-theme-choice]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.value === current));
    });
    document.querySelectorAll("[data-theme-toggle]").forEach(function (b) {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      b.value = next;
      b.setAttribute("aria-pressed", String(effectiveTheme() === "dark"));
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.theme-form")) return;
    var button = event.submitter;
    if (!button || !button.value) return;
    event.preventDefault();
    setTheme(button.value);
  });

  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (d) {
      if (d !== except) d.removeAttribute("open");
    });
  }

  document.addEventListener("click", function (event) {
    var inside = event.target.closest && event.target.closest("details.menu");
    closeMenus(inside);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.menu[open]");
    if (open) {
      open.removeAttribute("open");
      var summary = open.querySelector("summary");
      if (summary) summary.focus();
    }
    if (window.location.hash === "#sidenav") {
      var toggle = document.querySelector(".nav-toggle");
      history.replaceState(null, "", window.location.pathname + window.location.search);
      var nav = document.getElementById("sidenav");
      if (nav) nav.blur();
      if (toggle) toggle.focus();
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "modal-root") return;
    var dialog = target.querySelector("dialog");
    if (!dialog) return;
    dialog.addEventListener("close", function () { target.innerHTML = ""; }, { once: true });
    dialog.showModal();
  });

  /* Clicking the dimmed backdrop of a modal closes it, like Esc. */
  document.addEventListener("click", function (event) {
    var dialog = event.target;
    if (dialog.tagName === "DIALOG" && dialog.classList.contains("modal") && dialog.open) {
      var box = dialog.firstElementChild && dialog.firstElementChild.getBoundingClientRect();
      if (box && (event.clientX < box.left || event.clientX > box.right ||
                  event.clientY < box.top || event.clientY > box.bottom)) {
        dialog.close();
      }
    }
  });

  /* "Go back" links (data-history-back): the browser's previous page when there is one, the
     link's own href (home) otherwise. No javascript: URL (the CSP refuses them). */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-history-back]");
    if (!link || window.history.length < 2) return;
    event.preventDefault();
    window.history.back();
  });

  /* A "select all" box ticks or unticks the boxes its data-select-all selector names (the
     enrolment review's bulk actions): a delegated listener, no inline script (CSP). */
  document.addEventListener("change", function (event) {
    var box = event.target;
    var selector = box && box.getAttribute && box.getAttribute("data-select-all");
    if (!selector) return;
    document.querySelectorAll(selector).forEach(function (other) { other.checked = box.checked; });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", syncThemeButtons);
  } else {
    syncThemeButtons();
  }
  if (window.matchMedia) {
    var query = window.matchMedia("(prefers-color-scheme: dark)");
    if (query.addEventListener) query.addEventListener("change", syncThemeButtons);
  }
})();
