/* Copy buttons, for a value shown once (a feed link, an API token):
   <input id="ID" readonly value="..."> <button type="button" data-copy="ID">Copy</button>.
   A click selects the field's text (so Ctrl+C works everywhere) and, where the browser allows
   it, puts it on the clipboard. One listener on the document: buttons added later work too. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    field.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(field.value).catch(function () {}); }
  });
})();
