{{%AUTOESCAPE context="HTML"}}
{{!-- Settings of the current business. SLUG is read-only; INDUSTRY and
      LOCALE are the options of the selects. --}}
<section>
  <h1>{{_Business settings_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="form-stack form-wide" method="post" action="{{BASE}}/admin/business">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="slug">{{_Short name_}}</label>
      <input type="text" id="slug" value="{{SLUG}}" readonly>
      <p class="field-hint">{{_The short name identifies the business and cannot be changed._}}</p>
    </div>
    <div class="field">
      <label for="name">{{_Business name_}}</label>
      <input type="text" id="name" name="name" value="{{VALUE_NAME}}" maxlength="200" required>
{{#ERR_NAME}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_NAME}}
    </div>
    <div class="field">
      <label for="industry">{{_Industry_}}</label>
      <select id="industry" name="industry">
{{#INDUSTRY}}
        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/INDUSTRY}}
      </select>
{{#ERR_INDUSTRY}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_INDUSTRY}}
    </div>
    <div class="field">
      <label for="locale">{{_Language_}}</label>
      <select id="locale" name="locale">
{{#LOCALE}}
        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/LOCALE}}
      </select>
{{#ERR_LOCALE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_LOCALE}}
    </div>
    <div class="field">
      <label for="timezone">{{_Time zone_}}</label>
      <input type="text" id="timezone" name="timezone" value="{{VALUE_TIMEZONE}}" maxlength="64" required>
      <p class="field-hint">{{_e.g. Europe/Moscow_}}</p>
{{#ERR_TIMEZONE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TIMEZONE}}
    </div>
    <div class="field">
      <label for="currency">{{_Currency_}}</label>
      <input type="text" id="currency" name="currency" value="{{VALUE_CURRENCY}}" maxlength="3" size="3">
      <p class="field-hint">{{_Three letters, e.g. BYN or RUB: the currency of purchases unless one says otherwise._}}</p>
{{#ERR_CURRENCY}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_CURRENCY}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Save_}}</button>
    </div>
  </form>
  <p><a href="{{BASE}}/admin/client-fields">{{_Client attributes_}}</a> · {{_fields of your own for every client_}}</p>
</section>
