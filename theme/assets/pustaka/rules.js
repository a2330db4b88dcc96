/* Form rules beyond one field, from the form's data-one-of (the service's `one_of`
   groups, the same data the endpoint checks in generator/endpoint/rules.py): while every
   field of a group is empty, each carries the group's message as its validity, so the
   browser's own check (and forms.js) stops the post and names what is missing. */
(function () {
  "use strict";
  function groups(form) {
    try { return JSON.parse(form.dataset.oneOf || "[]"); } catch (e) { return []; }
  }

  function fieldsOf(form, group) {
    return group.fields.map(function (name) {
      return form.querySelector('[name="' + CSS.escape(name) + '"]');
    }).filter(Boolean);
  }

  function check(form) {
    groups(form).forEach(function (group) {
      var fields = fieldsOf(form, group);
      var empty = fields.every(function (el) { return !el.value.trim(); });
      fields.forEach(function (el) {
        // Only our own message is cleared: the field's own checks (pattern, type) stay.
        if (empty) { el.setCustomValidity(group.message); el.dataset.oneOfInvalid = "true"; }
        else if (el.dataset.oneOfInvalid) { el.setCustomValidity(""); delete el.dataset.oneOfInvalid; }
      });
    });
  }

  function start() {
    document.querySelectorAll("form[data-one-of]").forEach(function (form) {
      check(form);
      form.addEventListener("input", function () { check(form); });
      form.addEventListener("reset", function () { setTimeout(function () { check(form); }, 0); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
