/* Saves the page's answers to the draft while the person types, so nothing is lost if the
 * phone's battery dies or the tab is closed. Files are left out (they are sent with the
 * page); nothing is checked here: the server checks when the person moves on. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById("etat-brouillon");
  var timer = null;

  function save() {
    var data = new FormData();
    new FormData(form).forEach(function (value, key) {
      if (!(value instanceof File)) data.append(key, value);
    });
    data.append("guichet_autosave", "1");
    fetch(form.action || window.location.href, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 204 && status) {
          var now = new Date();
          var time = now.getHours() + " h " + String(now.getMinutes()).padStart(2, "0");
          status.textContent = "Brouillon enregistré automatiquement à " + time + ".";
        }
      })
      .catch(function () { /* offline: the page's own buttons still save */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
