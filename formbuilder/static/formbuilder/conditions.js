/* Live conditions: show a question, section or step only when its condition holds.
 * The same rules as formbuilder/conditions.py `holds`; the server re-checks everything and
 * drops hidden answers, so this script only spares people questions that do not apply. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-conditions]");
  if (!form) return;

  function answerOf(question) {
    var type = question.getAttribute("data-value-type");
    var inputs = question.querySelectorAll("input, select, textarea");
    var values = [];
    inputs.forEach(function (input) {
      if (input.disabled) return;
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) values.push(input.type === "checkbox" && type === "boolean" ? "true" : input.value);
      } else if (input.value.trim() !== "") {
        values.push(input.value.trim());
      }
    });
    if (type === "array") return values.length ? values : undefined;
    if (!values.length) return undefined;
    var value = values[0];
    if (value === "__autre__") value = values[1];
    if (value === undefined) return undefined;
    if (type === "boolean") return value === "true";
    if (type === "integer" || type === "number") {
      var number = Number(value.replace(/\s/g, "").replace(",", "."));
      return isNaN(number) ? value : number;
    }
    return value;
  }

  function holds(condition, answers) {
    if (!condition) return true;
    if (condition.all) return condition.all.every(function (part) { return holds(part, answers); });
    if (condition.any) return condition.any.some(function (part) { return holds(part, answers); });
    var present = Object.prototype.hasOwnProperty.call(answers, condition.field);
    var answer = answers[condition.field];
    switch (condition.op) {
      case "filled": return present;
      case "not_equals": return !(present && answer === condition.value);
      case "equals": return present && answer === condition.value;
      case "one_of": return present && condition.value.indexOf(answer) !== -1;
      case "checked": return answer === true;
      case "includes":
        return Array.isArray(answer) && answer.some(function (item) { return condition.value.indexOf(item) !== -1; });
      case "greater_than": return typeof answer === "number" && answer > condition.value;
      case "less_than": return typeof answer === "number" && answer < condition.value;
    }
    return true;
  }

  function apply() {
    var answers = {};
    form.querySelectorAll("[data-question]").forEach(function (question) {
      var condition = question.getAttribute("data-visible-when");
      var shown = holds(condition ? JSON.parse(condition) : null, answers);
      question.hidden = !shown;
      question.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !shown; });
      if (shown) {
        var answer = answerOf(question);
        if (answer !== undefined) answers[question.getAttribute("data-question")] = answer;
      }
    });
    form.querySelectorAll("[data-visible-when]:not([data-question])").forEach(function (element) {
      element.hidden = !holds(JSON.parse(element.getAttribute("data-visible-when")), answers);
    });
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  apply();
})();
