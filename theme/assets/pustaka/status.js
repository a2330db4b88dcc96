/* One ticket's status page (status-tiket.html#PST-2026-000123/token): the steps and their
   deadlines in the branch's local time, the librarian's answer and result files.
   The ticket and token come from the fragment, which never reaches a server log or a
   Referer; the endpoint is the site's own (data-endpoint), never one named in the address.
   A classic script, no framework, so that it also runs from file://. */
(function () {
  "use strict";
  var TICKETS = "pustaka.tickets";
  var TICKET_RE = /^(PST-\d{4}-\d{6,})\/([A-Za-z0-9_-]{16,200})$/;
  var URL_RE = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
  var T = {
    id: {
      ticket: "Tiket", open: "Diproses", closed: "Selesai", refused: "Ditolak", paused: "menunggu tanggapan Anda",
      late: "Terlambat", branch: "Cabang yang menangani", unassigned: "Belum ditentukan", sent: "Dikirim",
      response: "Batas tanggapan pertama", completion: "Batas penyelesaian", met: "dipenuhi ",
      steps: "Tahapan", done: "selesai", current: "sedang berjalan", todo: "belum", dueBy: "Paling lambat ",
      finished: "Selesai ", waiting: "Jam layanan berhenti selama menunggu Anda.",
      answer: "Jawaban pustakawan", noAnswer: "Belum ada jawaban. Halaman ini menampilkannya begitu pustakawan menulisnya.",
      files: "Berkas hasil", download: "Unduh ", reason: "Alasan: ", rate: "Nilai layanan ini",
      zoneNote: "Semua waktu menurut waktu setempat cabang ({zone}).",
      keep: "Jangan bagikan alamat halaman ini: alamat ini membuka permintaan Anda.",
      bad: "Tautan status ini tidak lengkap. Buka tiket Anda dari ", mine: "Permintaan saya",
      missing: "Tiket tidak ditemukan, atau tautannya salah.", offline: "Anda sedang luring. Status hanya dapat dilihat saat tersambung.",
      unreachable: "Server perpustakaan tidak dapat dihubungi saat ini. Coba lagi nanti.", loading: "Memuat status…",
      months: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
               "November", "Desember"],
      days: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"], sep: "."
    },
    en: {
      ticket: "Ticket", open: "In progress", closed: "Done", refused: "Refused", paused: "waiting for your reply",
      late: "Late", branch: "Branch handling it", unassigned: "Not yet assigned", sent: "Sent",
      response: "First response due", completion: "Completion due", met: "met ",
      steps: "Steps", done: "done", current: "in progress", todo: "not yet", dueBy: "Due by ",
      finished: "Finished ", waiting: "The service clock stops while waiting for you.",
      answer: "The librarian's answer", noAnswer: "No answer yet. This page shows it as soon as the librarian writes it.",
      files: "Result files", download: "Download ", reason: "Reason: ", rate: "Rate this service",
      zoneNote: "All times are the branch's local time ({zone}).",
      keep: "Keep this page's address to yourself: it opens your request.",
      bad: "This status link is incomplete. Open your ticket from ", mine: "My requests",
      missing: "No such ticket, or the link is wrong.", offline: "You are offline. The status can only be seen when you are online.",
      unreachable: "The library's server cannot be reached right now. Try again later.", loading: "Loading the status…",
      months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"],
      days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"], sep: ":"
    }
  };
  var ZONES = {"+07:00": "WIB", "+08:00": "WITA", "+09:00": "WIT"};

  function text(value, lang) {
    if (!value) return "";
    return typeof value === "string" ? value : (value[lang] || value.id || "");
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // "2026-12-03T10:00+08:00" → "Kamis, 3 Desember 2026, 10.00 WITA": the wall clock of the
  // branch is already in the string; no time-zone database is needed on the phone.
  function when(iso, s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(iso || "");
    if (!m) return iso || "";
    var day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay();
    var zone = ZONES[m[6]] || ("UTC" + (m[6] === "Z" ? "" : m[6]));
    return s.days[day] + ", " + (+m[3]) + " " + s.months[+m[2] - 1] + " " + m[1] + ", " + m[4] + s.sep + m[5] + " " + zone;
  }

  function lateMark(s) {
    return el("strong", {className: "pustaka-late", text: s.late});
  }

  // The answer as text, its web addresses as links: never parsed as HTML.
  function richText(value) {
    var box = el("div", {className: "pustaka-answer__text", id: "pustaka-answer-text"});
    var last = 0;
    value.replace(URL_RE, function (url, at) {
      box.appendChild(document.createTextNode(value.slice(last, at)));
      box.appendChild(el("a", {href: url, rel: "noopener noreferrer", text: url}));
      last = at + url.length;
      return url;
    });
    box.appendChild(document.createTextNode(value.slice(last)));
    return box;
  }

  function size(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function safeLink(url, endpoint) {
    if (typeof url !== "string") return null;
    if (url.charAt(0) === "/" && url.charAt(1) !== "/") return endpoint + url;
    return /^https?:\/\//.test(url) ? url : null;
  }

  function remember(box, ticket, token, st, lang) {
    // Opened from an e-mail or WhatsApp on this phone: "My requests" lists it from now on.
    try {
      var list = JSON.parse(localStorage.getItem(TICKETS) || "[]");
      if (list.some(function (t) { return t.ticket === ticket; })) return;
      list.unshift({ticket: ticket, token: token, service: st.service, name: text(st.service_name, lang),
                    endpoint: box.dataset.endpoint, sent: st.created_at});
      localStorage.setItem(TICKETS, JSON.stringify(list.slice(0, 200)));
    } catch (e) { /* private mode: nothing kept */ }
  }

  function render(box, st, s, lang) {
    var endpoint = box.dataset.endpoint;
    box.textContent = "";
    var head = el("p", {className: "pustaka-ticket-status__head"}, [
      s.ticket + " ", el("strong", {className: "pustaka-ticket", text: st.ticket}), " ",
      el("span", {className: "pustaka-state pustaka-state--" + st.status, id: "pustaka-state", text: s[st.status] || st.status}),
      st.paused ? " (" + s.paused + ")" : null,
      st.late ? " " : null, st.late ? lateMark(s) : null
    ]);
    box.appendChild(el("h2", {id: "pustaka-service", text: text(st.service_name, lang) || st.service}));
    box.appendChild(head);
    if (st.status === "refused" && st.reason) box.appendChild(el("p", {text: s.reason + st.reason}));
    var facts = el("dl", {className: "pustaka-facts"});
    function fact(label, value, id) {
      facts.appendChild(el("dt", {text: label}));
      var dd = el("dd", id ? {id: id} : {}, Array.isArray(value) ? value : [value]);
      facts.appendChild(dd);
    }
    fact(s.branch, st.branch ? text(st.branch.name, lang) : s.unassigned, "pustaka-branch");
    fact(s.sent, when(st.created_at_local || "", s) || st.created_at.slice(0, 10));
    [["response", s.response], ["completion", s.completion]].forEach(function (pair) {
      var d = st[pair[0]];
      if (!d) return;
      fact(pair[1], [when(d.due, s), d.met_at ? " — " + s.met + when(d.met_at, s) : null,
                     d.late ? " — " : null, d.late ? lateMark(s) : null], "pustaka-due-" + pair[0]);
    });
    box.appendChild(facts);

    box.appendChild(el("h2", {text: s.steps}));
    var list = el("ol", {className: "pustaka-progress", id: "pustaka-steps"});
    (st.steps || []).forEach(function (step) {
      var li = el("li", {className: "pustaka-progress__step pustaka-progress__step--" + step.state + (step.late ? " pustaka-progress__step--late" : "")}, [
        el("span", {className: "pustaka-progress__name", text: text(step.name, lang)}),
        el("span", {className: "pustaka-progress__state", text: s[step.state] || step.state}),
        step.due ? el("span", {className: "pustaka-progress__due", text: s.dueBy + when(step.due, s)}) : null,
        step.state === "done" && step.done_at ? el("span", {className: "pustaka-progress__done", text: s.finished + when(step.done_at, s)}) : null,
        step.late ? lateMark(s) : null
      ]);
      if (step.state === "current") li.setAttribute("aria-current", "step");
      list.appendChild(li);
    });
    box.appendChild(list);
    if (st.paused) box.appendChild(el("p", {className: "pustaka-note", text: s.waiting}));

    var answer = el("section", {className: "pustaka-answer", "aria-labelledby": "pustaka-answer-title"});
    answer.appendChild(el("h2", {id: "pustaka-answer-title", text: s.answer}));
    if (st.answer && st.answer.text) answer.appendChild(richText(st.answer.text));
    else answer.appendChild(el("p", {text: s.noAnswer}));
    if (st.files && st.files.length) {
      answer.appendChild(el("h3", {text: s.files}));
      var files = el("ul", {className: "pustaka-files", id: "pustaka-files"});
      st.files.forEach(function (f) {
        var href = safeLink(f.url, endpoint);
        if (!href) return;
        files.appendChild(el("li", {}, [el("a", {className: "md-button", href: href, download: f.name,
                                                 rel: "noopener noreferrer", text: s.download + f.name + " (" + size(f.size) + ")"})]));
      });
      answer.appendChild(files);
    }
    box.appendChild(answer);
    var skm = st.status === "closed" ? safeLink(st.skm_url, endpoint) : null;
    if (skm) box.appendChild(el("p", {}, [el("a", {className: "md-button md-button--primary", id: "pustaka-skm", href: skm, text: s.rate})]));
    var zone = st.timezone ? st.timezone.label : "";
    box.appendChild(el("p", {className: "pustaka-note", text: s.zoneNote.replace("{zone}", zone) + " " + s.keep}));
  }

  function say(box, message, link, s) {
    box.textContent = "";
    var p = el("p", {className: "pustaka-ticket-status__message", text: message});
    if (link) p.appendChild(el("a", {href: link, text: s.mine}));
    box.appendChild(p);
  }

  function start() {
    var box = document.querySelector("[data-pustaka-status]");
    if (!box) return;
    var lang = box.dataset.lang === "en" ? "en" : "id";
    var s = T[lang];
    var match = TICKET_RE.exec(decodeURIComponent(location.hash.replace(/^#/, "")));
    if (!match) { say(box, s.bad, box.dataset.myRequests, s); return; }
    if (navigator.onLine === false) { say(box, s.offline, null, s); return; }
    say(box, s.loading, null, s);
    var ticket = match[1], token = match[2];
    fetch(box.dataset.endpoint + "/api/status/" + encodeURIComponent(ticket) + "?token=" + encodeURIComponent(token),
          {cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer"})
      .then(function (r) {
        if (r.status === 404) { say(box, s.missing, box.dataset.myRequests, s); return null; }
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (st) {
        if (!st) return;
        render(box, st, s, lang);
        remember(box, ticket, token, st, lang);
        box.dataset.loaded = "true";
      }, function () { say(box, s.unreachable, null, s); });
  }

  // "My requests" writes its deadlines the same way.
  window.pustakaStatus = {when: function (iso, lang) { return when(iso, T[lang === "en" ? "en" : "id"]); }};
  window.addEventListener("hashchange", start);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
