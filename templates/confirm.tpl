{{%AUTOESCAPE context="HTML"}}
{{!-- Confirming an action: HEADING, the explanation (PARA with TEXT, the
      REMOVED and KEPT lists of ITEM/TEXT), the form posting to ACTION with
      an optional CHECKBOX (LABEL) and BUTTON (red when DANGER), and the
      way back (BACK_URL, BACK_LABEL). --}}
<section>
  <p><a href="{{BACK_URL}}">{{BACK_LABEL}}</a></p>
  <h1>{{HEADING}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
{{#PARA}}
  <p>{{TEXT}}</p>
{{/PARA}}
{{#REMOVED}}
  <h2>{{_What is removed_}}</h2>
  <ul>
{{#ITEM}}
    <li>{{TEXT}}</li>
{{/ITEM}}
  </ul>
{{/REMOVED}}
{{#KEPT}}
  <h2>{{_What is kept_}}</h2>
  <ul>
{{#ITEM}}
    <li>{{TEXT}}</li>
{{/ITEM}}
  </ul>
{{/KEPT}}
  <form class="form-stack" method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
{{#CHECKBOX}}
    <div class="field">
      <label><input type="checkbox" name="confirm" value="1" required> {{LABEL}}</label>
    </div>
{{/CHECKBOX}}
    <div class="form-actions">
      <button type="submit"{{#DANGER}} class="button-danger"{{/DANGER}}>{{BUTTON}}</button>
      <a href="{{BACK_URL}}">{{_Cancel_}}</a>
    </div>
  </form>
</section>
