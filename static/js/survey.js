/* Survey pages: hides, as the respondent answers, the questions whose
 * condition refers to an answer on the same page. Optional: without it the
 * server shows such questions with a hint and ignores their answers when
 * the condition does not hold (docs/surveys.md). */
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");
  if (!form) return;
  var dependent = form.querySelectorAll("fieldset[data-cond-name]");
  if (!dependent.length) return;

  /* The chosen option codes (or the typed number) of a question's inputs. */
  function answer(name, multi) {
    var out = [];
    var inputs = form.querySelectorAll("input");
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      var fs = el.closest("fieldset");
      if (fs && fs.hidden) continue;
      if (multi) {
        if (el.type === "checkbox" && el.checked && el.name.indexOf(name + "-") === 0)
          out.push(el.name.substring(name.length + 1));
      } else if (el.name === name && (el.type !== "radio" || el.checked) && el.value !== "") {
        out.push(el.value);
      }
    }
    return out;
  }

  function holds(fs) {
    var got = answer(fs.getAttribute("data-cond-name"), fs.getAttribute("data-cond-multi") === "1");
    var op = fs.getAttribute("data-cond-op");
    var values = (fs.getAttribute("data-cond-values") || "").split(",");
    if (!got.length) return false;
    if (op === "answered") return true;
    if (op === "le" || op === "ge") {
      var n = parseInt(got[0], 10), bound = parseInt(values[0], 10);
      return op === "le" ? n <= bound : n >= bound;
    }
    var any = got.some(function (v) { return values.indexOf(v) >= 0; });
    return op === "in" ? any : !any;
  }

  function update() {
    /* in order, so a question hidden now hides those that depend on it */
    for (var i = 0; i < dependent.length; i++) {
      var fs = dependent[i];
      fs.hidden = !holds(fs);
      var hint = fs.querySelector(".survey-hint");
      if (hint) hint.hidden = true;
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
