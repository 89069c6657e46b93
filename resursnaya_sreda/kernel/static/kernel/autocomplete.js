/*
 * Search-as-you-type fields (resursnaya_sreda/kernel/autocomplete).
 *
 * Turns each server-rendered [data-autocomplete] block — a text input and a hidden id — into
 * an ARIA 1.2 combobox following the WAI-ARIA Authoring Practices pattern «editable combobox
 * with list autocomplete»: the list is fetched from data-url as one types; ArrowDown opens it
 * and moves down, ArrowUp moves up (both wrap), Enter chooses the highlighted option, Escape
 * closes the list (or, when it is closed, clears the field), Alt+ArrowDown opens it without
 * moving; the highlighted option is announced through aria-activedescendant and the number
 * of results through a polite live region. Without this script the block is a plain text
 * field that the server resolves when the form is sent.
 *
 * Dependent fields: data-depends maps a query parameter to the name of another field of the
 * same form (municipality ← region); its value is sent along, and changing it clears this one.
 *
 * Several choices ([data-autocomplete-multiple], kernel/autocomplete/multiple.py): what is
 * chosen is a list of checked boxes; here each becomes a chip with a «remove» button, a record
 * chosen from the list becomes a new chip and the text is emptied for the next one, Backspace
 * in the empty field removes the last chip. Records already chosen are not offered again.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;
  var counter = 0;

  function text(key, n) {
    var ru = {
      found: function (count) {
        var mod10 = count % 10, mod100 = count % 100;
        var word = mod10 === 1 && mod100 !== 11 ? "вариант"
          : mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? "варианта" : "вариантов";
        return "Найдено: " + count + " " + word + ". Стрелки вверх и вниз — выбор, Enter — подтвердить.";
      },
      none: "Ничего не найдено. Измените запрос.",
      more: "Показаны первые совпадения — уточните запрос, если нужного нет.",
      failed: "Не удалось загрузить варианты. Проверьте соединение и попробуйте ещё раз.",
      chosen: "Выбрано: ",
      cleared: "Значение очищено.",
      hint: "Начните вводить, затем выберите вариант стрелками вниз и вверх и нажмите Enter.",
      added: "Добавлено: ",
      removed: "Убрано: ",
      already: "Уже выбрано: ",
      remove: "Убрать: "
    };
    var value = ru[key];
    return typeof value === "function" ? value(n) : value;
  }

  function setup(box) {
    if (box.hasAttribute("data-autocomplete-ready")) return;
    box.setAttribute("data-autocomplete-ready", "");
    var input = box.querySelector("[data-autocomplete-input]");
    var hidden = box.querySelector("[data-autocomplete-value]");
    var url = box.getAttribute("data-url");
    var multiple = box.hasAttribute("data-autocomplete-multiple");
    var chips = box.querySelector("[data-autocomplete-chips]");
    if (!input || !url || (multiple ? !chips : !hidden)) return;
    var form = input.form;
    var depends = {};
    try { depends = JSON.parse(box.getAttribute("data-depends") || "{}"); } catch (e) { depends = {}; }

    counter += 1;
    var base = input.id || "rs-autocomplete-" + counter;
    var list = document.createElement("ul");
    list.id = base + "-listbox";
    list.className = "rs-autocomplete-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) label.id = base + "-label";
      list.setAttribute("aria-labelledby", label.id);
    }
    var note = document.createElement("div");
    note.className = "rs-autocomplete-note small text-body-secondary";
    note.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var hint = document.createElement("span");
    hint.id = base + "-hint";
    hint.className = "visually-hidden";
    hint.textContent = text("hint");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", note);
    note.insertAdjacentElement("afterend", status);
    status.insertAdjacentElement("afterend", hint);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var describedBy = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    describedBy.push(hint.id);
    input.setAttribute("aria-describedby", describedBy.join(" "));

    var items = [];
    var active = -1;
    var chosenText = hidden && hidden.value ? input.value : null;
    var timer = null;
    var controller = null;
    var lastQuery = null;

    function dependentField(name) {
      if (!form) return null;
      var field = form.elements.namedItem(name);
      return field || null;
    }

    function query(q) {
      var params = new URLSearchParams();
      params.set("q", q);
      Object.keys(depends).forEach(function (param) {
        var field = dependentField(depends[param]);
        if (field && field.value) params.set(param, field.value);
      });
      return params.toString();
    }

    function announce(message) {
      // A fresh text node each time, so a repeated message is announced again.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      note.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
        option.classList.toggle("active", i === index);
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function chosenIds() {
      var ids = {};
      if (chips) {
        chips.querySelectorAll("input[type=checkbox]").forEach(function (box) { ids[box.value] = true; });
      }
      return ids;
    }

    function chip(li, shown) {
      var checkbox = li.querySelector("input[type=checkbox]");
      var labelNode = li.querySelector("label");
      if (checkbox) checkbox.hidden = true;  // still sent with the form: it is the value
      if (labelNode) {
        var span = document.createElement("span");
        span.textContent = labelNode.textContent.trim();
        labelNode.replaceWith(span);
      }
      li.classList.add("badge", "rounded-pill", "text-bg-light", "border", "d-inline-flex",
        "align-items-center", "gap-1", "fw-normal", "fs-6");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn-close btn-sm";
      button.setAttribute("aria-label", text("remove") + shown);
      button.addEventListener("click", function () {
        li.remove();
        announce(text("removed") + shown);
        input.focus();
      });
      li.appendChild(button);
    }

    function addChip(id, shown) {
      if (chosenIds()[id]) {
        announce(text("already") + shown);
        return;
      }
      var li = document.createElement("li");
      li.setAttribute("data-autocomplete-chip", "");
      var checkbox = document.createElement("input");
      checkbox.type = "checkbox";
      checkbox.name = box.getAttribute("data-name");
      checkbox.value = id;
      checkbox.checked = true;
      var labelNode = document.createElement("label");
      labelNode.textContent = shown;
      li.appendChild(checkbox);
      li.appendChild(labelNode);
      chips.appendChild(li);
      chip(li, shown);
      announce(text("added") + shown);
    }

    function render(data, then) {
      var taken = multiple ? chosenIds() : {};
      items = (data.results || []).filter(function (item) { return !taken[item.id]; });
      list.textContent = "";
      items.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.text;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (items.length) {
        open();
        note.hidden = !data.more;
        note.textContent = data.more ? text("more") : "";
        announce(text("found", items.length) + (data.more ? " " + text("more") : ""));
      } else {
        close();
        announce(text("none"));
      }
      if (then) then();
    }

    function load(q, then) {
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      lastQuery = q;
      fetch(url + (url.indexOf("?") >= 0 ? "&" : "?") + query(q), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) { if (lastQuery === q) render(data, then); })
        .catch(function (error) {
          if (error && error.name === "AbortError") return;
          close();
          announce(text("failed"));
        });
    }

    function setValue(id, shown) {
      if (multiple) return;
      var changed = hidden.value !== id;
      hidden.value = id;
      if (changed) hidden.dispatchEvent(new Event("change", { bubbles: true }));
      chosenText = id ? shown : null;
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      if (multiple) {
        input.value = "";
        close();
        addChip(item.id, item.text);
        return;
      }
      input.value = item.text;
      setValue(item.id, item.text);
      box.querySelectorAll("[data-autocomplete-candidates] input[type=radio]").forEach(function (radio) {
        radio.checked = false;
      });
      close();
      announce(text("chosen") + item.text);
    }

    function clear() {
      input.value = "";
      setValue("", "");
      close();
      announce(text("cleared"));
    }

    input.addEventListener("input", function () {
      if (!multiple && hidden.value && input.value !== chosenText) setValue("", "");
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { load(input.value.trim()); }, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      var count = items.length;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (list.hidden) {
            load(input.value.trim(), event.altKey ? null : function () { if (items.length) highlight(0); });
          } else if (count) {
            highlight(active < count - 1 ? active + 1 : 0);
          }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (list.hidden) {
            load(input.value.trim(), function () { if (items.length) highlight(items.length - 1); });
          } else if (count) {
            highlight(active > 0 ? active - 1 : count - 1);
          }
          break;
        case "Enter":
          if (!list.hidden && active >= 0) {
            event.preventDefault();
            choose(active);
          }
          break;
        case "Escape":
          if (!list.hidden) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            clear();
          }
          break;
        case "Tab":
          close();
          break;
        case "Backspace":
          if (multiple && !input.value) {
            var last = chips.querySelector("[data-autocomplete-chip]:last-child button");
            if (last) {
              event.preventDefault();
              last.click();
            }
          }
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () { close(); });

    if (multiple) {
      chips.querySelectorAll("[data-autocomplete-chip]").forEach(function (li) {
        var labelNode = li.querySelector("label");
        chip(li, labelNode ? labelNode.textContent.trim() : "");
      });
    }

    box.querySelectorAll("[data-autocomplete-candidates] input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        var label = box.querySelector("label[for='" + radio.id + "']");
        if (radio.checked && label) {
          input.value = label.textContent.trim();
          setValue(radio.value, input.value);
        }
      });
    });

    Object.keys(depends).forEach(function (param) {
      var field = dependentField(depends[param]);
      if (!field || !field.addEventListener) return;
      field.addEventListener("change", function () {
        items = [];
        if (multiple) {
          input.value = "";
          close();
          return;
        }
        if (hidden.value || input.value) {
          input.value = "";
          setValue("", "");
        }
        close();
      });
    });
  }

  function init(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("[data-autocomplete]")) setup(root);
    root.querySelectorAll("[data-autocomplete]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  // htmx swaps in new forms (the document order panel): set up what they bring.
  document.addEventListener("htmx:load", function (event) { init(event.detail && event.detail.elt); });
})();
