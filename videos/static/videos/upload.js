/* The cut uploader: tus-js-client sends the file in pieces and resumes after a dropped
   connection or a page reload (it remembers the upload's address per file in localStorage).
   The server answers in Russian when it refuses; that text is shown as is. */
(function () {
  "use strict";
  var box = document.getElementById("uploader");
  if (!box || !window.tus) { return; }
  var text = JSON.parse(document.getElementById("uploader-text").textContent);
  var input = document.getElementById("cut-file");
  var start = document.getElementById("cut-start");
  var pause = document.getElementById("cut-pause");
  var progress = document.getElementById("cut-progress");
  var bar = progress.querySelector(".progress-bar");
  var message = document.getElementById("cut-message");
  var csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
  var max = parseInt(box.dataset.max, 10);
  var chunk = parseInt(box.dataset.chunk, 10);
  var upload = null;

  function say(value, kind) {
    message.textContent = value;
    message.className = "small mt-2" + (kind ? " text-" + kind : "");
  }

  function size(bytes) {
    var units = ["байт", "КБ", "МБ", "ГБ"], i = 0, value = bytes;
    while (value >= 1024 && i < units.length - 1) { value /= 1024; i += 1; }
    return (i ? value.toFixed(1).replace(".", ",") : String(value)) + " " + units[i];
  }

  function show(sent, total) {
    var percent = total ? Math.floor(sent / total * 100) : 0;
    progress.hidden = false;
    progress.setAttribute("aria-valuenow", String(percent));
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    say(text.uploading + " " + size(sent) + " " + text.of + " " + size(total) + " (" + percent + "%)");
  }

  function serverText(error) {
    var response = error && error.originalResponse;
    var body = response && response.getBody && response.getBody();
    return body && body.length < 600 ? body : "";
  }

  function begin() {
    var file = input.files && input.files[0];
    if (!file) { say(text.choose, "danger"); input.focus(); return; }
    if (file.size > max) {
      say(text.tooBig + " (" + size(file.size) + " > " + box.dataset.maxText + ").", "danger");
      return;
    }
    if (upload) { upload.start(); start.disabled = true; pause.disabled = false; return; }
    upload = new tus.Upload(file, {
      endpoint: box.dataset.endpoint,
      chunkSize: chunk,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      removeFingerprintOnSuccess: true,
      headers: { "X-CSRFToken": csrf },
      metadata: { filename: file.name, filetype: file.type || "" },
      onProgress: show,
      onShouldRetry: function (error, attempt, options) {
        var status = error.originalResponse ? error.originalResponse.getStatus() : 0;
        if (status === 403 || status === 404 || status === 410 || status === 413 || status === 415) {
          return false;
        }
        say(text.retrying, "warning");
        return true;
      },
      onError: function (error) {
        start.disabled = false;
        pause.disabled = true;
        var reason = serverText(error);
        if (!reason && !navigator.onLine) { say(text.offline, "danger"); return; }
        say(text.failed + " " + (reason || error.message || error), "danger");
        var status = error.originalResponse ? error.originalResponse.getStatus() : 0;
        if (status === 410 || status === 415 || status === 404) { upload = null; }
      },
      onSuccess: function () {
        bar.classList.add("bg-success");
        start.disabled = true;
        pause.disabled = true;
        say(text.done, "success");
        if (window.htmx) {
          htmx.ajax("GET", box.dataset.statusUrl, { target: "#cut-check", swap: "innerHTML" });
        }
      }
    });
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) {
        say(text.resuming);
        upload.resumeFromPreviousUpload(previous[0]);
      }
      start.disabled = true;
      pause.disabled = false;
      upload.start();
    });
  }

  start.addEventListener("click", begin);
  input.addEventListener("change", function () { upload = null; say(""); });
  pause.addEventListener("click", function () {
    if (!upload) { return; }
    upload.abort();
    start.disabled = false;
    pause.disabled = true;
    say(text.paused);
  });
})();
