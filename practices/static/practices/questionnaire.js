/* Questionnaire sections: character counters, background saving, one click per submit.
 *
 * Plain JavaScript for old browsers on old laptops: no build step, no framework. The server
 * is the judge of everything; this only saves typing and shows what it answered.
 */
(function () {
  "use strict";

  var SAVE_DELAY_MS = 2500;
  var RETRY_DELAY_MS = 10000;

  function plural(n, one, few, many) {
    var m10 = n % 10, m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return one;
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
    return many;
  }

  /* --- Character counters ------------------------------------------------------------- */
  function setUpCounter(field) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!limit) return;
    var counter = document.createElement("div");
    counter.className = "form-text char-counter";
    counter.id = field.id + "-counter";
    field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    field.insertAdjacentElement("afterend", counter);
    /* The visible counter is silent; a screen reader hears only when the text comes near the
       limit (the last tenth), goes over it, or comes back under it — not on every keystroke. */
    var announcer = document.createElement("div");
    announcer.className = "visually-hidden";
    announcer.setAttribute("aria-live", "polite");
    counter.insertAdjacentElement("afterend", announcer);
    var lastZone = null;
    function zone(length) {
      if (length > limit) return "over";
      if (length >= limit * 0.9) return "near";
      return "ok";
    }
    function update(event) {
      var length = field.value.length;
      if (length > limit) {
        var over = length - limit;
        counter.textContent = length + " / " + limit + " — " + "на " + over + " " +
          plural(over, "знак", "знака", "знаков") + " больше допустимого, сократите текст";
        counter.classList.add("text-danger", "fw-semibold");
      } else {
        counter.textContent = length + " / " + limit;
        counter.classList.remove("text-danger", "fw-semibold");
      }
      var now = zone(length);
      if (event && now !== lastZone) {
        if (now === "over") {
          announcer.textContent = counter.textContent;
        } else if (now === "near") {
          var left = limit - length;
          announcer.textContent = "Осталось " + left + " " + plural(left, "знак", "знака", "знаков") + " из " + limit;
        } else if (lastZone !== null && lastZone !== "ok") {
          announcer.textContent = "Длина текста в пределах допустимого";
        }
      }
      lastZone = now;
    }
    field.addEventListener("input", update);
    update();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-maxlength]"), setUpCounter);

  /* --- One click per submit ---------------------------------------------------------- */
  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      var button = form.querySelector("[data-once]");
      if (!button) return;
      if (form.getAttribute("data-sending") === "1") { event.preventDefault(); return; }
      form.setAttribute("data-sending", "1");
      // Disabled after the browser has taken the click, so the button's own value is sent.
      setTimeout(function () { button.disabled = true; }, 0);
    });
  });

  /* --- Background saving -------------------------------------------------------------- */
  var form = document.getElementById("section-form");
  if (!form || !form.getAttribute("data-autosave-url") || !window.fetch || !window.FormData) return;

  var url = form.getAttribute("data-autosave-url");
  var status = document.getElementById("autosave-status");
  var staleAlert = document.getElementById("stale-alert");
  var versionInput = form.querySelector("input[name=version]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timer = null;
  var inFlight = null;
  var dirty = false;
  var stopped = false;
  var submitting = false;

  function say(text, cls) {
    if (!status) return;
    status.textContent = text;
    status.className = "small " + (cls || "text-body-secondary");
  }

  function clearFieldErrors() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-autosave-error]"), function (node) {
      node.remove();
    });
    Array.prototype.forEach.call(form.querySelectorAll(".is-invalid[data-autosave-invalid]"), function (node) {
      node.classList.remove("is-invalid");
      node.removeAttribute("data-autosave-invalid");
    });
  }

  function showFieldErrors(errors) {
    clearFieldErrors();
    Object.keys(errors || {}).forEach(function (name) {
      var field = form.querySelector("[name='" + name + "']");
      if (!field) return;
      field.classList.add("is-invalid");
      field.setAttribute("data-autosave-invalid", "1");
      var message = document.createElement("div");
      message.className = "invalid-feedback d-block";
      message.setAttribute("data-autosave-error", "1");
      message.textContent = errors[name].join(" ");
      field.insertAdjacentElement("afterend", message);
    });
  }

  function payload() {
    var data = new FormData(form);
    // Files go with the buttons, not in the background.
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
      data.delete(input.name);
    });
    return data;
  }

  function save(keepalive) {
    if (stopped || !dirty) return Promise.resolve();
    if (inFlight) {
      return inFlight.then(function () { return save(keepalive); });
    }
    dirty = false;
    say("Сохраняем…");
    inFlight = fetch(url, {
      method: "POST",
      body: payload(),
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      var body = result.body || {};
      if (result.status === 200 && body.ok) {
        versionInput.value = body.version;
        var errorCount = Object.keys(body.errors || {}).length;
        showFieldErrors(body.errors);
        if (errorCount) {
          say("Сохранено в " + body.saved_at + ", кроме полей с ошибками", "text-warning-emphasis");
        } else {
          say("Черновик сохранён в " + body.saved_at, "text-success");
        }
        return;
      }
      if (body.stale) {
        stopped = true;
        if (staleAlert) {
          staleAlert.querySelector("[data-message]").textContent = body.message;
          staleAlert.classList.remove("d-none");
          staleAlert.scrollIntoView({ behavior: "smooth", block: "start" });
        }
        // Other forms (a contest entry) reuse this script and name what was changed.
        say(form.getAttribute("data-stale-status") || "Не сохранено: анкету изменили в другом месте", "text-danger");
        return;
      }
      stopped = true;
      say(body.message || "Не удалось сохранить черновик", "text-danger");
    }).catch(function () {
      dirty = true;
      say("Нет связи с сервером — сохраним, когда связь появится", "text-warning-emphasis");
      clearTimeout(timer);
      timer = setTimeout(function () { save(false); }, RETRY_DELAY_MS);
    }).then(function () {
      inFlight = null;
    });
    return inFlight;
  }

  function changed(event) {
    if (event.target && event.target.type === "file") return;
    dirty = true;
    say("Есть несохранённые изменения…");
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, SAVE_DELAY_MS);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // A button save must carry the version the background save just got, so wait for it.
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (submitting) return;
    if (inFlight) {
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () {
        submitting = true;
        if (submitter && submitter.name) {
          var hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = submitter.name;
          hidden.value = submitter.value;
          form.appendChild(hidden);
        }
        form.submit();
      });
      return;
    }
    submitting = true;
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && !submitting) save(true);
  });
  window.addEventListener("beforeunload", function (event) {
    if ((dirty || inFlight) && !submitting && !stopped) {
      save(true);
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
