{{%AUTOESCAPE context="HTML"}}
{{!-- One custom client attribute: HEADING, CODE, TYPE, the form (label,
      choices when IS_CHOICE, position; VALUE_*, ERR_*) and the way to
      delete it. --}}
<section>
  <p><a href="{{BASE}}/admin/client-fields">{{_All attributes_}}</a></p>
  <h1>{{HEADING}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <p class="muted">{{_Code_}}: <code>{{CODE}}</code> · {{_Type_}}: {{TYPE}}</p>
  <form class="form-stack" method="post" action="{{BASE}}/admin/client-fields/{{ID}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="label">{{_Label_}}</label>
      <input type="text" id="label" name="label" value="{{VALUE_LABEL}}" maxlength="200" required>
{{#ERR_LABEL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_LABEL}}
    </div>
{{#IS_CHOICE}}
    <div class="field">
      <label for="choices">{{_Choices_}}</label>
      <textarea id="choices" name="choices" rows="6">{{VALUE_CHOICES:pre_escape}}</textarea>
      <p class="field-hint">{{_One per line. Clients keep a value that is no longer listed until it is changed._}}</p>
{{#ERR_CHOICES}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CHOICES}}
    </div>
{{/IS_CHOICE}}
    <div class="field">
      <label for="position">{{_Position_}}</label>
      <input type="number" id="position" name="position" value="{{VALUE_POSITION}}" min="0" max="100000">
      <p class="field-hint">{{_Attributes are shown in increasing order of position._}}</p>
{{#ERR_POSITION}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_POSITION}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Save_}}</button>
    </div>
  </form>
  <p><a class="button button-quiet" href="{{BASE}}/admin/client-fields/{{ID}}/delete">{{_Delete the attribute_}}</a></p>
</section>
