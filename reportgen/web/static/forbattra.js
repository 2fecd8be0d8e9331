// Förbättringar när JavaScript finns; sidorna fungerar fullt ut utan.
(function () {
  "use strict";
  // Felsammanfattningen (eller resultatet) får fokus, så skärmläsare och tangentbord börjar där.
  var target = document.querySelector("[data-fokus]");
  if (target && document.activeElement !== target) { target.focus(); }

  // Ett formulär som skickas: knappen låses och statusraden säger vad som pågår.
  document.querySelectorAll("form[data-arbetar]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      var status = form.querySelector(".arbetar");
      if (button) { button.disabled = true; }
      if (status) { status.textContent = form.getAttribute("data-arbetar"); }
    });
  });
  // Tillbaka med webbläsarens bakåtknapp: lås upp igen.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-arbetar] button[type=submit]").forEach(function (b) { b.disabled = false; });
    document.querySelectorAll("form[data-arbetar] .arbetar").forEach(function (s) { s.textContent = ""; });
  });

  // Årsskiftet: statusen uppdateras av sig själv medan jobbet pågår.
  var job = document.getElementById("jobbstatus");
  if (!job) { return; }
  var state = job.getAttribute("data-status");
  if (state !== "köad" && state !== "pågår") { return; }
  var text = document.getElementById("jobbtext");
  var bar = document.getElementById("jobbfart");
  var id = job.getAttribute("data-jobb");
  function poll() {
    fetch("/arsskifte/" + encodeURIComponent(id) + "/status", { headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (data.status !== "köad" && data.status !== "pågår") { window.location.reload(); return; }
        var line = "Status: " + data.status + "." + (data.totalt ? " " + data.klara + " av " + data.totalt + " insatser klara." : "");
        if (text.textContent.replace(/\s+/g, " ").trim() !== line) { text.textContent = line; }
        if (bar && data.totalt) { bar.max = data.totalt; bar.value = data.klara; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();
