/* Pustaka search: the filters (facets). On a phone they wait in a panel the patron opens
 * with "Saring (n)", above the results (so that the results come first, and nothing hidden
 * behind an overlay can take the keyboard's focus); on a wide screen they are a sidebar.
 * The filters in use are chips above the results, each a button that removes it.
 * search.js owns the state; this file draws it and reports the patron's changes.
 */
(function () {
  "use strict";
  var TOP = 8;  // values shown per facet, largest counts first (the chosen ones always)

  function el(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // options: {root, text, label (column of a value's label: 1 id, 2 en),
  //           change(param, value, on), clear()}
  function create(options) {
    var root = options.root, text = options.text;
    var panel = root.querySelector(".pustaka-search__panel");
    var groups = root.querySelector(".pustaka-search__facets");
    var toggle = root.querySelector(".pustaka-search__filter-toggle");
    var close = root.querySelector(".pustaka-search__panel-close");
    var chips = root.querySelector(".pustaka-search__chips");
    var wide = window.matchMedia("(min-width: 45em)");

    function setOpen(open, focus) {
      panel.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", String(open));
      if (open && focus) close.focus();
      if (!open && focus) toggle.focus();
    }
    toggle.addEventListener("click", function () { setOpen(!panel.classList.contains("is-open"), true); });
    close.addEventListener("click", function () { setOpen(false, true); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && panel.classList.contains("is-open")) setOpen(false, true);
    });
    wide.addEventListener("change", function () { if (wide.matches) setOpen(false, false); });

    groups.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type === "checkbox") options.change(box.name, box.value, box.checked);
    });
    chips.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button.hasAttribute("data-clear")) options.clear();
      else options.change(button.getAttribute("data-param"), button.getAttribute("data-value"), false);
      // The chip is gone: keep the keyboard near, on the search box.
      var input = root.querySelector("input[type=search]");
      if (input) input.focus();
    });

    // The `top` values of one facet by count, without sorting them all (a catalogue has
    // thousands of creators).
    function largest(counts, table, label) {
      var top = [];
      var better = function (a, b) { return counts[a] > counts[b] || (counts[a] === counts[b] && table[a][label] < table[b][label]); };
      for (var v in counts) {
        v = Number(v);
        if (top.length === TOP && !better(v, top[TOP - 1])) continue;
        var at = top.length === TOP ? TOP - 1 : top.length;
        top[at] = v;
        while (at > 0 && better(top[at], top[at - 1])) { var swap = top[at - 1]; top[at - 1] = top[at]; top[at] = swap; at--; }
      }
      return top;
    }

    function valueLabel(facet, table, v) {
      var value = table[v][0];
      return facet === "decade" ? value + "–" + (Number(value) + 9) : table[v][options.label];
    }

    // facets: facets.js; base: the results before filtering ([number, …]);
    // passes(n, exceptFacet); chosen: {param: [values]}.
    function render(facets, base, passes, chosen) {
      // The groups are drawn anew: the box the patron just ticked keeps the focus.
      var focused = groups.contains(document.activeElement) ? document.activeElement.id : null;
      groups.textContent = "";
      chips.textContent = "";
      var active = 0;
      if (!facets) { toggle.hidden = true; groups.hidden = true; return; }
      groups.hidden = false;
      var chipList = el("ul", "pustaka-search__chip-list");
      Object.keys(facets.params).forEach(function (facet) {
        var param = facets.params[facet], key = facets.keys[facet], table = facets.values[facet];
        var picked = chosen[param] || [];
        var counts = {};
        for (var i = 0; i < base.length; i++) {
          if (!passes(base[i][0], facet)) continue;
          var values = facets.items[base[i][0]][key];
          if (values) for (var j = 0; j < values.length; j++) counts[values[j]] = (counts[values[j]] || 0) + 1;
        }
        var top = largest(counts, table, options.label);
        picked.forEach(function (c) {
          var v = table.findIndex(function (row) { return row[0] === c; });
          if (v >= 0 && top.indexOf(v) < 0) top.push(v);
          if (v < 0) return;
          active++;
          var chip = el("button", "pustaka-search__chip");
          chip.type = "button";
          chip.setAttribute("data-param", param);
          chip.setAttribute("data-value", c);
          var name = valueLabel(facet, table, v);
          chip.title = text.facets[facet];
          chip.setAttribute("aria-label", text.chip.replace("{label}", name));
          chip.appendChild(el("span", null, name));
          chip.appendChild(el("span", "pustaka-search__chip-x", "×")).setAttribute("aria-hidden", "true");
          chipList.appendChild(el("li")).appendChild(chip);
        });
        if (!top.length) return;
        var set = el("fieldset", "pustaka-facet");
        set.appendChild(el("legend", null, text.facets[facet]));
        var list = set.appendChild(el("ul"));
        top.forEach(function (v) {
          var value = table[v][0];
          var row = list.appendChild(el("li"));
          var label = row.appendChild(el("label", "pustaka-facet__option"));
          var box = label.appendChild(el("input"));
          box.type = "checkbox"; box.name = param; box.value = value;
          box.id = "f-" + param + "-" + v;
          box.checked = picked.indexOf(value) >= 0;
          label.htmlFor = box.id;
          label.appendChild(el("span", "pustaka-facet__label", valueLabel(facet, table, v)));
          label.appendChild(el("span", "pustaka-facet__count", "(" + (counts[v] || 0) + ")"));
        });
        groups.appendChild(set);
      });
      if (active) {
        var clearItem = chipList.appendChild(el("li"));
        var clear = clearItem.appendChild(el("button", "pustaka-search__chip pustaka-search__chip--clear", text.clear_filters));
        clear.type = "button";
        clear.setAttribute("data-clear", "");
        chips.appendChild(chipList);
      }
      if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
      chips.hidden = !active;
      toggle.hidden = !active && !groups.childNodes.length;
      // Nothing to filter by (no results): the results take the whole width.
      root.classList.toggle("pustaka-search--no-filters", toggle.hidden);
      toggle.querySelector(".pustaka-search__filter-count").textContent = active ? "\u00a0(" + active + ")" : "";
    }

    return {render: render, setOpen: setOpen};
  }

  window.PustakaFilters = {create: create};
})();
