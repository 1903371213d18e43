// The unit's report form: the draft saved as it is typed, the file's size checked before
// it is sent, an upload progress bar, a warning before leaving unsaved changes.
// Progressive enhancement: without this file the form posts as before (the server still
// checks everything).
(function () {
  "use strict";
  var form = document.querySelector("form[data-report-form]");
  if (!form) { return; }
  var AUTOSAVE_DELAY = 2500;
  var status = document.getElementById("autosave-status");
  var lock = form.querySelector("input[name='lock_version']");
  var fileInput = form.querySelector("input[type='file']");
  var tooLarge = document.getElementById("evidence-too-large");
  var progressBox = document.getElementById("upload-progress");
  var timer = null;
  var saving = false;
  var unsaved = false;
  var uploading = false;

  function say(text) { if (status) { status.textContent = text; } }

  // --- autosave -------------------------------------------------------------------
  function fields() {
    var data = new FormData(form);
    data.delete("evidence");
    data.delete("action");
    return data;
  }

  function autosave() {
    timer = null;
    if (uploading) { return; }
    if (saving) { schedule(); return; }
    saving = true;
    var changedSince = false;
    var onInput = function () { changedSince = true; };
    form.addEventListener("input", onInput);
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST", body: fields(), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.ok) {
        if (lock) { lock.value = result.body.lock_version; }
        unsaved = changedSince;
        form.setAttribute("data-autosaved", result.body.saved_at);
      }
      say(result.body.message || "");
    }).catch(function () {
      say(form.getAttribute("data-autosave-failed"));
    }).then(function () {
      saving = false;
      form.removeEventListener("input", onInput);
    });
  }

  function schedule() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(autosave, AUTOSAVE_DELAY);
  }

  if (window.fetch && window.FormData && form.getAttribute("data-autosave-url")) {
    form.addEventListener("input", function (event) {
      if (event.target === fileInput) { return; }
      unsaved = true;
      schedule();
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") { unsaved = true; schedule(); }
    });
  } else {
    form.addEventListener("input", function () { unsaved = true; });
  }

  window.addEventListener("beforeunload", function (event) {
    if (unsaved && !uploading) { event.preventDefault(); event.returnValue = ""; }
  });

  // --- the file: size before sending, progress while sending -------------------------
  function checkSize() {
    if (!fileInput || !tooLarge || !fileInput.files || !fileInput.files.length) {
      if (tooLarge) { tooLarge.hidden = true; }
      return true;
    }
    var max = parseInt(tooLarge.getAttribute("data-max-bytes"), 10);
    var file = fileInput.files[0];
    if (file.size <= max) {
      tooLarge.hidden = true;
      fileInput.removeAttribute("aria-invalid");
      return true;
    }
    var mb = (file.size / (1024 * 1024)).toFixed(1).replace(".", ",");
    tooLarge.textContent = tooLarge.getAttribute("data-message")
      .replace("{name}", file.name).replace("{size}", mb);
    tooLarge.hidden = false;
    fileInput.setAttribute("aria-invalid", "true");
    fileInput.value = "";
    fileInput.focus();
    return false;
  }

  if (fileInput) { fileInput.addEventListener("change", checkSize); }

  form.addEventListener("submit", function (event) {
    unsaved = false;
    if (timer) { window.clearTimeout(timer); timer = null; }
    if (!checkSize()) { event.preventDefault(); return; }
    var hasFile = fileInput && fileInput.files && fileInput.files.length;
    if (!hasFile || !window.XMLHttpRequest || !window.FormData || !progressBox) { return; }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    var bar = progressBox.querySelector("progress");
    var label = progressBox.querySelector("span");
    progressBox.hidden = false;
    label.textContent = form.getAttribute("data-uploading");
    uploading = true;
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.setRequestHeader("X-Upload-Progress", "1");
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      var percent = Math.round(e.loaded * 100 / e.total);
      bar.value = percent;
      label.textContent = percent + " %";
    });
    xhr.addEventListener("load", function () {
      var type = xhr.getResponseHeader("Content-Type") || "";
      if (xhr.status === 200 && type.indexOf("application/json") === 0) {
        // Saved: go to the page the form leads to, as a normal post would.
        window.location.assign(JSON.parse(xhr.responseText).location);
        return;
      }
      // Refused: the answer is the form with its messages; show it in place.
      var url = xhr.responseURL || window.location.href;
      document.open();
      document.write(xhr.responseText);
      document.close();
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", url);
      }
    });
    xhr.addEventListener("error", function () {
      uploading = false;
      progressBox.hidden = true;
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
      say(form.getAttribute("data-autosave-failed"));
    });
    xhr.send(data);
  });
})();
