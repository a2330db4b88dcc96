/* Pustaka request forms: JSON posts with the ticket shown inline, an offline outbox,
   "my requests", and live availability of copies. No framework; a classic script so
   that it also runs from file:// (a USB stick). Without it, forms still work: they
   post as plain HTML forms and the endpoint answers with a thank-you page. */
(function () {
  "use strict";
  if (window.pustakaForms) return; // several templates may include this script
  var TICKETS = "pustaka.tickets";
  var OUTBOX = "pustaka.outbox";
  var T = {
    id: {
      sending: "Mengirim…", sent: "Permintaan terkirim. Nomor tiket Anda: ", keep: "Simpan nomor ini.",
      queued: "Anda sedang luring. Permintaan disimpan di peramban ini dan dikirim otomatis saat tersambung.",
      unreachable: "Server perpustakaan tidak dapat dihubungi saat ini. Permintaan disimpan di peramban ini dan dikirim lagi otomatis nanti.",
      failed: "Permintaan belum terkirim: ",
      status: "Lihat di Permintaan saya", flushed: "Permintaan yang tersimpan sudah terkirim: ",
      live: "Status langsung dari perpustakaan, ", offline: "luring — status per tanggal pembuatan situs",
      open: "Diproses", closed: "Selesai", refused: "Ditolak", pending: "Menunggu dikirim",
      ticket: "Tiket", service: "Layanan", step: "Tahap", state: "Status", sentAt: "Dikirim",
      handIn: "Tidak akan tersambung dalam waktu dekat? Serahkan permintaan ini sendiri:",
      saveFile: "Simpan sebagai berkas", mailDraft: "Kirim lewat e-mail", fileHead: "Permintaan layanan",
      saveAll: "Simpan semua sebagai satu berkas", fileIntro: "Serahkan berkas ini ke perpustakaan (misalnya dengan flashdisk).",
      made: "Dibuat", forStaff: "Data untuk petugas (JSON)",
      rejected: "Ditolak oleh perpustakaan, belum terkirim: ", fix: "Perbaiki", resend: "Kirim ulang",
      remove: "Hapus", fixing: "Permintaan yang tersimpan ditolak oleh perpustakaan. Perbaiki isian lalu kirim lagi: ",
      paused: " (menunggu Anda)", seatsLeft: "Sisa kursi: ", full: "Kursi sudah penuh.",
      kept: "Disimpan ", dueBy: "Batas penyelesaian: ", late: "Terlambat", answered: "Jawaban sudah tersedia.",
      open_status: "Lihat status dan jawaban", statusLink: "Ikuti status dan jawabannya",
      avail: {"available": "Tersedia", "on-loan": "Dipinjam", "reserved": "Dipesan", "in-repair": "Dalam perbaikan",
              "lost": "Hilang", "reference-only": "Referensi (tidak dipinjamkan)"}, due: "kembali ",
      summary: "Permintaan belum terkirim. Perbaiki isian berikut:",
      invalid: {required: "wajib diisi", pattern: "formatnya tidak sesuai", email: "bukan alamat surel yang benar",
                tel: "bukan nomor telepon yang benar", url: "bukan alamat web (http:// atau https://)",
                number: "harus berupa angka", date: "harus berupa tanggal (TTTT-BB-HH)",
                tooLong: "paling banyak {n} karakter"}
    },
    en: {
      sending: "Sending…", sent: "Request sent. Your ticket number: ", keep: "Keep this number.",
      queued: "You are offline. The request is kept in this browser and sent as soon as you are online.",
      unreachable: "The library's server cannot be reached right now. The request is kept in this browser and sent again automatically later.",
      failed: "The request was not sent: ",
      status: "See My requests", flushed: "Your saved request has been sent: ",
      live: "Live status from the library, ", offline: "offline — status as of the site's build date",
      open: "In progress", closed: "Done", refused: "Refused", pending: "Waiting to be sent",
      ticket: "Ticket", service: "Service", step: "Step", state: "Status", sentAt: "Sent",
      handIn: "Not going online soon? Hand this request in yourself:",
      saveFile: "Save as a file", mailDraft: "Send by e-mail", fileHead: "Service request",
      saveAll: "Save all in one file", fileIntro: "Hand this file in to the library (on a USB stick, for instance).",
      made: "Made", forStaff: "Data for the staff (JSON)",
      rejected: "Refused by the library, not sent: ", fix: "Fix", resend: "Send again",
      remove: "Delete", fixing: "Your saved request was refused by the library. Fix it and send it again: ",
      paused: " (waiting for you)", seatsLeft: "Seats left: ", full: "No seats are left.",
      kept: "Kept ", dueBy: "Completion due: ", late: "Late", answered: "The answer is ready.",
      open_status: "See status and answer", statusLink: "Follow its status and answer",
      avail: {"available": "Available", "on-loan": "On loan", "reserved": "Reserved", "in-repair": "In repair",
              "lost": "Lost", "reference-only": "Reference only"}, due: "due ",
      summary: "The request was not sent. Please fix these fields:",
      invalid: {required: "is required", pattern: "is not in the expected format", email: "is not a valid e-mail address",
                tel: "is not a valid phone number", url: "is not a web address (http:// or https://)",
                number: "must be a number", date: "must be a date (YYYY-MM-DD)", tooLong: "at most {n} characters"}
    }
  };

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: nothing kept */ }
  }
  function text(value, lang) {
    if (!value) return "";
    return typeof value === "string" ? value : (value[lang] || value.id || "");
  }
  function remember(entry) {
    var tickets = load(TICKETS).filter(function (t) { return t.ticket !== entry.ticket; });
    tickets.unshift(entry);
    save(TICKETS, tickets.slice(0, 200));
  }

  function payload(form) {
    var fields = {};
    var website = "";
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "submit") return;
      if (el.name === "website") { website = el.value; return; }
      if (el.name.charAt(0) === "_") return;
      if (el.type === "checkbox") { if (el.checked) fields[el.name] = "on"; return; }
      if (el.value !== "") fields[el.name] = el.value;
    });
    return {service: form.dataset.service, lang: form.dataset.lang, fields: fields, website: website};
  }

  function post(endpoint, body) {
    return fetch(endpoint + "/api/requests", {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return {status: response.status, data: data};
      });
    });
  }

  function summaryOf(form) { return form.querySelector("[data-pustaka-summary]"); }

  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (p) { p.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var summary = summaryOf(form);
    if (summary) { summary.textContent = ""; summary.hidden = true; }
  }

  // The browser's own checks (the same rules the endpoint applies, from the same definition),
  // as the endpoint's {field: message}: shown by showErrors rather than the browser's bubbles,
  // which vanish, cannot be read again and name only the first problem.
  function clientErrors(form, s) {
    var errors = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "hidden" || el.name === "website" || !el.willValidate) return;
      if (el.checkValidity() || errors[el.name]) return;
      var v = el.validity, kind = el.dataset.type || el.type, m = s.invalid;
      if (v.valueMissing) errors[el.name] = m.required;
      else if (v.tooLong) errors[el.name] = m.tooLong.replace("{n}", el.maxLength);
      else if (v.typeMismatch || v.patternMismatch) errors[el.name] = m[kind] && kind !== "number" ? m[kind] : m.pattern;
      else if (v.badInput) errors[el.name] = m[kind] || m.pattern;
      else errors[el.name] = el.validationMessage || m.pattern;
    });
    return errors;
  }

  // Each message beside its field (aria-invalid, and the field's aria-describedby already
  // names the message), and all of them at the top of the form as links to the fields;
  // focus goes to that summary so that a screen reader reads it and a sighted reader sees it.
  function showErrors(form, errors, s) {
    var summary = summaryOf(form);
    var list = document.createElement("ul");
    Object.keys(errors || {}).forEach(function (name) {
      var slot = form.querySelector('[data-error-for="' + CSS.escape(name) + '"]');
      // Not form.elements[name]: a field called "item" would give the collection's item() method.
      var input = form.querySelector('[name="' + CSS.escape(name) + '"]');
      var shown = input && input.type !== "hidden" && input.id;
      if (slot) slot.textContent = errors[name];
      if (shown) input.setAttribute("aria-invalid", "true");
      var li = document.createElement("li");
      var line = labelOf(form, name) + ": " + errors[name];
      if (shown) {
        var a = document.createElement("a");
        a.href = "#" + input.id;
        a.textContent = line;
        a.addEventListener("click", function (event) {
          // A fragment link scrolls but does not focus: take the reader into the field itself.
          event.preventDefault();
          input.focus();
          var label = form.querySelector('label[for="' + CSS.escape(input.id) + '"]');
          (label || input).scrollIntoView({block: "center"});
        });
        li.appendChild(a);
      } else {
        li.textContent = line;
      }
      list.appendChild(li);
    });
    if (!summary || !list.children.length) return;
    summary.textContent = "";
    var title = document.createElement("p");
    title.id = summary.id + "-title";
    title.className = "pustaka-form__summary-title";
    title.appendChild(document.createElement("strong")).textContent = s.summary;
    summary.appendChild(title);
    summary.appendChild(list);
    summary.setAttribute("aria-labelledby", title.id);
    summary.hidden = false;
    summary.focus();
  }

  function acknowledge(form, result, s) {
    var status = form.querySelector(".pustaka-form__status");
    var entry = {ticket: result.ticket, token: result.token, service: form.dataset.service,
                 name: form.dataset.serviceName, endpoint: form.dataset.endpoint, sent: new Date().toISOString()};
    remember(entry);
    status.textContent = "";
    var p = document.createElement("p");
    p.appendChild(document.createTextNode(s.sent));
    var strong = document.createElement("strong");
    strong.className = "pustaka-ticket";
    strong.textContent = result.ticket;
    p.appendChild(strong);
    p.appendChild(document.createTextNode(". " + s.keep + " "));
    var a = document.createElement("a");
    a.href = form.dataset.myRequests;
    a.textContent = s.status;
    p.appendChild(a);
    status.appendChild(p);
    if (form.dataset.statusPage) status.appendChild(statusLink(form.dataset.statusPage, result.ticket, result.token, s));
    form.reset();
  }

  function labelOf(form, name) {
    var input = form.querySelector('[name="' + CSS.escape(name) + '"]');
    var label = input && input.id ? form.querySelector('label[for="' + CSS.escape(input.id) + '"]') : null;
    return label ? label.childNodes[0].textContent.trim() : name;
  }

  // Labels of the fields sent, so "My requests" can name a refused field as the form did.
  function labels(form, body) {
    var out = {};
    Object.keys(body.fields).forEach(function (name) { out[name] = labelOf(form, name); });
    return out;
  }

  // What the reader filled in, as "label: value" lines a librarian can read.
  function summary(form, body) {
    return Object.keys(body.fields).map(function (name) {
      var input = form.querySelector('[name="' + CSS.escape(name) + '"]');
      var value = body.fields[name];
      if (input && input.tagName === "SELECT" && input.selectedIndex >= 0) value = input.options[input.selectedIndex].text;
      return labelOf(form, name) + ": " + value;
    }).join("\n");
  }

  // The library's address for this request: the chosen branch's, else the library's own.
  function emailFor(form) {
    var picked = form.querySelector('select[data-type="branch"] option:checked[data-email]');
    return (picked && picked.dataset.email) || form.dataset.email || "";
  }

  // One request as the library's import reads it (generator/endpoint/village.py, format version 1).
  function handInRecord(entry) {
    return {id: entry.body.client_id || entryId(entry), made: entry.queued, service: entry.body.service,
            lang: entry.body.lang || "id", fields: entry.body.fields};
  }

  // What a person reads (one block per request), then one line of JSON for the library's import.
  function handInText(entries, s) {
    var people = entries.map(function (entry) {
      return s.fileHead + ": " + entry.name + "\n" + s.made + ": " + entry.queued.replace("T", " ").slice(0, 16) +
        " UTC\n\n" + (entry.text || "");
    }).join("\n\n----------\n\n");
    var data = {format: "pustaka-permintaan", version: 1, requests: entries.map(handInRecord)};
    return s.fileIntro + "\n\n" + people + "\n\n-- " + s.forStaff + " --\n" + JSON.stringify(data) + "\n";
  }

  function download(entries, s) {
    var url = URL.createObjectURL(new Blob([handInText(entries, s)], {type: "text/plain;charset=utf-8"}));
    var a = document.createElement("a");
    var first = entries[0];
    a.href = url;
    a.download = "permintaan-" + (entries.length > 1 ? entries.length + "-layanan" : (first.body.service || "layanan")) +
      "-" + first.queued.slice(0, 10) + ".txt";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // An id for a request kept offline, made once: it travels with the request online and in a
  // file, so the library makes one ticket of it however it arrives.
  function newId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return "r-" + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // "Save as a file" and "Send by e-mail" for a request kept in the outbox: for readers
  // whose device will not be online soon (a village reading room, a mobile-library stop).
  function handInActions(entry, s) {
    var box = document.createElement("span");
    box.className = "pustaka-handin";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = s.saveFile;
    button.addEventListener("click", function () { download([entry], s); });
    box.appendChild(button);
    if (entry.email) {
      var mail = document.createElement("a");
      mail.className = "md-button";
      mail.href = "mailto:" + entry.email + "?subject=" + encodeURIComponent(s.fileHead + ": " + entry.name) +
        "&body=" + encodeURIComponent(handInText([entry], s));
      mail.textContent = s.mailDraft;
      box.appendChild(document.createTextNode(" "));
      box.appendChild(mail);
    }
    return box;
  }

  // An outbox entry's identity; entries kept by older versions of this script have no id.
  function entryId(entry) { return entry.id || entry.queued; }

  function dropFromOutbox(id) {
    save(OUTBOX, load(OUTBOX).filter(function (e) { return entryId(e) !== id; }));
  }

  function queue(form, body, s, reason) {
    var outbox = load(OUTBOX).filter(function (e) { return entryId(e) !== form.dataset.fixing; });
    var queued = new Date().toISOString();
    body.client_id = newId();
    // `page` lets "My requests" send the reader back to this form if the library refuses it.
    var entry = {id: body.client_id, endpoint: form.dataset.endpoint,
                 body: body, name: form.dataset.serviceName, queued: queued, text: summary(form, body),
                 email: emailFor(form), page: location.href.split("#")[0], labels: labels(form, body)};
    delete form.dataset.fixing;
    outbox.push(entry);
    save(OUTBOX, outbox);
    var status = form.querySelector(".pustaka-form__status");
    status.textContent = "";
    var p = document.createElement("p");
    p.textContent = (reason === "unreachable" ? s.unreachable : s.queued) + " ";
    var a = document.createElement("a");
    a.href = form.dataset.myRequests;
    a.textContent = s.status;
    p.appendChild(a);
    status.appendChild(p);
    var more = document.createElement("p");
    more.textContent = s.handIn + " ";
    more.appendChild(handInActions(entry, s));
    status.appendChild(more);
    form.reset();
  }

  function submit(event) {
    var form = event.target;
    var s = T[form.dataset.lang] || T.id;
    event.preventDefault();
    clearErrors(form);
    var invalid = clientErrors(form, s);
    if (Object.keys(invalid).length) { showErrors(form, invalid, s); return; }
    var body = payload(form);
    var status = form.querySelector(".pustaka-form__status");
    if (navigator.onLine === false) { queue(form, body, s); return; }
    status.textContent = s.sending;
    post(form.dataset.endpoint, body).then(function (r) {
      if (r.status === 201 && form.dataset.fixing) { dropFromOutbox(form.dataset.fixing); delete form.dataset.fixing; }
      if (r.status === 201) acknowledge(form, r.data, s);
      else if (r.data && r.data.errors) { status.textContent = ""; showErrors(form, r.data.errors, s); }
      else status.textContent = s.failed + (r.data.message || r.status);
    }, function () {
      // Online, yet the endpoint did not answer (down, or it refuses this page's origin):
      // keep the request and say so, rather than claim the reader is offline.
      queue(form, body, s, navigator.onLine === false ? "offline" : "unreachable");
    });
  }

  function flushOutbox() {
    var outbox = load(OUTBOX);
    // A refused entry would be refused again: it waits for the reader to fix, resend or delete it.
    var waiting = outbox.filter(function (e) { return !e.error; });
    if (!waiting.length || navigator.onLine === false) return Promise.resolve();
    var done = {};
    var kept = {};
    var chain = Promise.resolve();
    waiting.forEach(function (entry) {
      chain = chain.then(function () {
        return post(entry.endpoint, entry.body).then(function (r) {
          if (r.status === 201 || r.status === 200 && r.data && r.data.ticket) {
            remember({ticket: r.data.ticket, token: r.data.token, service: entry.body.service, name: entry.name,
                      endpoint: entry.endpoint, sent: new Date().toISOString()});
            done[entryId(entry)] = true;
          } else if (r.status >= 400 && r.status < 500 && r.status !== 429) {
            // Never dropped silently: the form may have changed since, or a field is no longer
            // valid. Kept with the library's answer, shown on "My requests".
            entry.error = {status: r.status, message: (r.data && r.data.message) || String(r.status),
                           errors: (r.data && r.data.errors) || {}};
            kept[entryId(entry)] = entry;
          } // 5xx, 429: left as it is, tried again later
        }, function () { /* unreachable: tried again later */ });
      });
    });
    return chain.then(function () {
      // Read the outbox again: a request queued while these were sent must not be lost.
      save(OUTBOX, load(OUTBOX).filter(function (e) { return !done[entryId(e)]; }).map(function (e) {
        return kept[entryId(e)] || e;
      }));
      renderMine();
    });
  }

  function resend(id) {
    save(OUTBOX, load(OUTBOX).map(function (e) {
      if (entryId(e) === id) delete e.error;
      return e;
    }));
    return flushOutbox();
  }

  // "Fix" on "My requests" opens the form at `page#pustaka-perbaiki=<id>`: fill it in again
  // from the outbox and mark what the library refused.
  function fixFromOutbox() {
    var match = /[#&]pustaka-perbaiki=([^&]+)/.exec(location.hash);
    if (!match) return;
    var id = decodeURIComponent(match[1]);
    var entry = load(OUTBOX).filter(function (e) { return entryId(e) === id; })[0];
    if (!entry) return;
    var form = document.querySelector('form[data-pustaka-form][data-service="' + CSS.escape(entry.body.service) + '"]');
    if (!form) return;
    // On an item's page each form sits in a closed disclosure: open it to show what to fix.
    if (form.closest("details")) form.closest("details").open = true;
    var s = T[form.dataset.lang] || T.id;
    Object.keys(entry.body.fields).forEach(function (name) {
      var input = form.querySelector('[name="' + CSS.escape(name) + '"]');
      if (!input) return;
      if (input.type === "checkbox") input.checked = true;
      else input.value = entry.body.fields[name];
    });
    form.dataset.fixing = id;
    var errors = (entry.error && entry.error.errors) || {};
    // Fields the form no longer has cannot show their message beside them: name them here.
    var orphans = Object.keys(errors).filter(function (name) {
      return !form.querySelector('[data-error-for="' + CSS.escape(name) + '"]');
    }).map(function (name) { return name + ": " + errors[name]; });
    form.querySelector(".pustaka-form__status").textContent =
      s.fixing + ((entry.error && entry.error.message) || "") + (orphans.length ? " (" + orphans.join("; ") + ")" : "");
    showErrors(form, errors, s);
  }

  function outboxButton(label, action) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = label;
    button.addEventListener("click", action);
    return button;
  }

  // The state cell of a kept request: waiting, or refused with the library's message.
  function outboxState(td, entry, s) {
    var id = entryId(entry);
    if (!entry.error) {
      td.appendChild(document.createTextNode(s.pending + " "));
      td.appendChild(handInActions(entry, s));
    } else {
      td.className = "pustaka-outbox--refused";
      var message = document.createElement("strong");
      message.textContent = s.rejected + entry.error.message;
      td.appendChild(message);
      var fields = Object.keys(entry.error.errors || {});
      if (fields.length) {
        var list = document.createElement("ul");
        fields.forEach(function (name) {
          var li = document.createElement("li");
          li.textContent = ((entry.labels || {})[name] || name) + ": " + entry.error.errors[name];
          list.appendChild(li);
        });
        td.appendChild(list);
      }
      if (entry.page) {
        var fix = document.createElement("a");
        fix.className = "md-button";
        fix.href = entry.page + "#pustaka-perbaiki=" + encodeURIComponent(id);
        fix.textContent = s.fix;
        td.appendChild(fix);
        td.appendChild(document.createTextNode(" "));
      }
      td.appendChild(outboxButton(s.resend, function () { resend(id); }));
    }
    td.appendChild(document.createTextNode(" "));
    td.appendChild(outboxButton(s.remove, function () { dropFromOutbox(id); renderMine(); }));
  }

  function prefill(form) {
    var params = new URLSearchParams(location.search);
    form.querySelectorAll('[data-type="item"]').forEach(function (el) {
      if (params.get("item") && !el.value) el.value = params.get("item");
    });
  }

  function renderThanks() {
    var box = document.querySelector("[data-pustaka-thanks]");
    if (!box) return;
    var params = new URLSearchParams(location.search);
    var ticket = params.get("tiket");
    if (!ticket) return;
    var lang = document.documentElement.lang === "en" ? "en" : "id";
    var s = T[lang];
    var p = document.createElement("p");
    p.appendChild(document.createTextNode(s.sent));
    var strong = document.createElement("strong");
    strong.className = "pustaka-ticket";
    strong.textContent = ticket;
    p.appendChild(strong);
    box.appendChild(p);
    var token = params.get("token");
    // The site's own endpoint, never one named in the address: a forged link must not
    // make this browser send the token elsewhere later ("My requests" asks it for the status).
    if (token && box.dataset.endpoint) {
      remember({ticket: ticket, token: token, service: params.get("layanan") || "",
                name: params.get("layanan") || "", endpoint: box.dataset.endpoint, sent: new Date().toISOString()});
    }
    if (token && box.dataset.statusPage) box.appendChild(statusLink(box.dataset.statusPage, ticket, token, s));
  }

  function statusLink(page, ticket, token, s) {
    var p = document.createElement("p");
    var a = document.createElement("a");
    a.className = "md-button";
    a.href = page + "#" + ticket + "/" + token;
    a.textContent = s.statusLink;
    p.appendChild(a);
    return p;
  }

  function line(parent, className, value) {
    var p = document.createElement("p");
    if (className) p.className = className;
    if (value) p.textContent = value;
    parent.appendChild(p);
    return p;
  }

  // One request as a card: a phone shows it whole, where a table was cut off.
  function card(list, title) {
    var li = document.createElement("li");
    li.className = "pustaka-request";
    var h = document.createElement("h2");
    h.textContent = title;
    li.appendChild(h);
    list.appendChild(li);
    return li;
  }

  // The day a request was sent, as the reader's device reads it ("2 Desember 2026").
  function day(iso, lang) {
    var date = new Date(iso || "");
    if (isNaN(date.getTime())) return (iso || "").slice(0, 10);
    return date.toLocaleDateString(lang === "en" ? "en-GB" : "id-ID", {day: "numeric", month: "long", year: "numeric"});
  }

  function formatTime(iso) {
    var status = window.pustakaStatus;
    return status ? status.when(iso, document.documentElement.lang === "en" ? "en" : "id") : (iso || "").slice(0, 16);
  }

  function showStatus(li, state, st, s, lang) {
    var current = st.steps.filter(function (x) { return x.state === "current"; })[0];
    state.textContent = s[st.status] + (current ? " — " + text(current.name, lang) : "") +
      (st.paused ? s.paused : "") + (st.reason ? " — " + st.reason : "");
    var due = st.status === "open" && st.completion;
    if (due && due.due) {
      var p = line(li, "pustaka-request__due", s.dueBy + formatTime(due.due));
      if (due.late || st.late) {
        var late = document.createElement("strong");
        late.className = "pustaka-late";
        late.textContent = " " + s.late;
        p.appendChild(late);
      }
      li.insertBefore(p, state.nextSibling);
    }
    if (st.answer || (st.files && st.files.length)) {
      li.insertBefore(line(li, "pustaka-request__answered", s.answered), li.querySelector("a.md-button"));
    }
  }

  function renderMine() {
    var box = document.querySelector("[data-pustaka-my-requests]");
    if (!box) return;
    var lang = box.dataset.lang === "en" ? "en" : "id";
    var s = T[lang];
    var tickets = load(TICKETS);
    var outbox = load(OUTBOX);
    box.textContent = "";
    if (!tickets.length && !outbox.length) {
      var empty = document.createElement("p");
      empty.textContent = box.dataset.empty;
      box.appendChild(empty);
      return;
    }
    var waiting = outbox.filter(function (e) { return !e.error; });
    if (waiting.length > 1) {
      var all = outboxButton(s.saveAll, function () { download(waiting, s); });
      all.dataset.saveAll = "";
      box.appendChild(all);
    }
    var list = document.createElement("ul");
    list.className = "pustaka-requests";
    outbox.forEach(function (entry) {
      var li = card(list, entry.name || entry.body.service);
      li.dataset.outbox = entryId(entry);
      if (entry.error) li.className += " pustaka-request--refused";
      line(li, "pustaka-request__meta", s.kept + entry.queued.slice(0, 10));
      var state = document.createElement("div");
      state.className = "pustaka-request__state";
      li.appendChild(state);
      outboxState(state, entry, s);
    });
    tickets.forEach(function (entry) {
      var li = card(list, entry.name || entry.service);
      li.dataset.ticket = entry.ticket;
      var meta = line(li, "pustaka-request__meta", s.ticket + " ");
      var strong = document.createElement("strong");
      strong.className = "pustaka-ticket";
      strong.textContent = entry.ticket;
      meta.appendChild(strong);
      meta.appendChild(document.createTextNode(" · " + s.sentAt + " " + day(entry.sent, lang)));
      var state = line(li, "pustaka-request__state", "…");
      if (box.dataset.statusPage && entry.token) {
        var a = document.createElement("a");
        a.className = "md-button";
        a.href = box.dataset.statusPage + "#" + entry.ticket + "/" + entry.token;
        a.textContent = s.open_status;
        a.setAttribute("aria-label", s.open_status + " " + entry.ticket);
        li.appendChild(a);
      }
      if (navigator.onLine === false || !entry.endpoint) { state.textContent = "—"; return; }
      fetch(entry.endpoint + "/api/status/" + encodeURIComponent(entry.ticket) + "?token=" +
            encodeURIComponent(entry.token), {cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer"})
        .then(function (r) { return r.ok ? r.json() : null; }).then(function (st) {
          if (!st) { state.textContent = "—"; return; }
          showStatus(li, state, st, s, lang);
        }, function () { state.textContent = "—"; });
    });
    box.appendChild(list);
  }

  function liveAvailability() {
    var note = document.querySelector("[data-pustaka-availability]");
    if (!note || navigator.onLine === false || location.protocol === "file:" && !note.dataset.endpoint) return;
    var lang = note.dataset.lang === "en" ? "en" : "id";
    var s = T[lang];
    fetch(note.dataset.endpoint + "/api/availability?item=" + encodeURIComponent(note.dataset.item))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        data.copies.forEach(function (copy) {
          document.querySelectorAll(".pustaka-status[data-barcode]").forEach(function (span) {
            if (span.dataset.barcode !== copy.barcode) return;
            span.className = "pustaka-status pustaka-status--" + copy.status;
            span.textContent = (s.avail[copy.status] || copy.status) + (copy.due ? " (" + s.due + copy.due + ")" : "");
          });
        });
        note.textContent = s.live + new Date(data.as_of).toLocaleString(lang === "en" ? "en-GB" : "id-ID");
        note.dataset.live = "true";
      }, function () { /* offline or no endpoint: keep the build-time status */ });
  }

  function seats() {
    var note = document.querySelector("[data-pustaka-seats]");
    if (!note || navigator.onLine === false) return;
    var s = T[note.dataset.lang === "en" ? "en" : "id"];
    fetch(note.dataset.endpoint + "/api/seats?event=" + encodeURIComponent(note.dataset.event))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || data.left === null) return;
        note.textContent = data.left > 0 ? s.seatsLeft + data.left : s.full;
        if (data.left === 0) {
          var form = document.querySelector('form[data-service="pendaftaran-kegiatan"]');
          if (form) form.hidden = true;
        }
      }, function () {});
  }

  function start() {
    document.querySelectorAll("form[data-pustaka-form]").forEach(function (form) {
      prefill(form);
      // This script checks the fields itself (see clientErrors); without it the browser does.
      form.noValidate = true;
      form.addEventListener("submit", submit);
    });
    fixFromOutbox();
    renderThanks();
    renderMine();
    liveAvailability();
    seats();
    flushOutbox();
  }

  window.pustakaForms = {flushOutbox: flushOutbox};
  window.addEventListener("online", flushOutbox);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
