{{%AUTOESCAPE context="HTML"}}
{{!-- The business's custom client attributes: the list (ROWS/ROW with ID,
      CODE, LABEL, TYPE, CHOICES, POSITION, VALUES) and the form that adds
      one (VALUE_*, ERR_*, TYPE_OPTION). --}}
<section>
  <h1>{{_Client attributes_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <p class="muted">{{_Attributes of your own that every client can have, besides the built-in fields. They appear on the client form and page, can be filtered on in the client list, and their codes are column names in imports and exports._}}</p>
{{#EMPTY}}
  <p class="muted">{{_No attributes yet._}}</p>
{{/EMPTY}}
{{#ROWS}}
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{{_Position_}}</th>
          <th scope="col">{{_Label_}}</th>
          <th scope="col">{{_Code_}}</th>
          <th scope="col">{{_Type_}}</th>
          <th scope="col">{{_Choices_}}</th>
          <th scope="col">{{_Clients with a value_}}</th>
        </tr>
      </thead>
      <tbody>
{{#ROW}}
        <tr data-id="{{ID}}">
          <td>{{POSITION}}</td>
          <td><a href="{{BASE}}/admin/client-fields/{{ID}}">{{LABEL}}</a></td>
          <td><code>{{CODE}}</code></td>
          <td>{{TYPE}}</td>
          <td>{{CHOICES}}</td>
          <td>{{VALUES}}</td>
        </tr>
{{/ROW}}
      </tbody>
    </table>
  </div>
{{/ROWS}}

  <h2 id="add">{{_Add an attribute_}}</h2>
  <form class="form-stack" method="post" action="{{BASE}}/admin/client-fields">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="label">{{_Label_}}</label>
      <input type="text" id="label" name="label" value="{{VALUE_LABEL}}" maxlength="200" required>
{{#ERR_LABEL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_LABEL}}
    </div>
    <div class="field">
      <label for="code">{{_Code_}}</label>
      <input type="text" id="code" name="code" value="{{VALUE_CODE}}" maxlength="64" required pattern="[a-z][a-z0-9_]*">
      <p class="field-hint">{{_Lower-case Latin letters, digits and '_', e.g. card_number. It cannot be changed later._}}</p>
{{#ERR_CODE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CODE}}
    </div>
    <div class="field">
      <label for="type">{{_Type_}}</label>
      <select id="type" name="type">
{{#TYPE_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/TYPE_OPTION}}
      </select>
      <p class="field-hint">{{_The type cannot be changed later._}}</p>
{{#ERR_TYPE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TYPE}}
    </div>
    <div class="field">
      <label for="choices">{{_Choices_}}</label>
      <textarea id="choices" name="choices" rows="4">{{VALUE_CHOICES:pre_escape}}</textarea>
      <p class="field-hint">{{_For the type “Choice”: one per line._}}</p>
{{#ERR_CHOICES}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CHOICES}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Add the attribute_}}</button>
    </div>
  </form>
</section>
