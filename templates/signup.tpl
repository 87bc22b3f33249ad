{{%AUTOESCAPE context="HTML"}}
{{!-- Self-service sign-up: a new business and its owner. --}}
<section class="form-page">
  <h1>{{_Create an account for your business_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="form-stack form-wide" method="post" action="{{BASE}}/signup">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <h2>{{_Your business_}}</h2>
    <div class="field">
      <label for="business_name">{{_Business name_}}</label>
      <input type="text" id="business_name" name="business_name" value="{{VALUE_BUSINESS_NAME}}" maxlength="200" required>
{{#ERR_BUSINESS_NAME}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_BUSINESS_NAME}}
    </div>
    <div class="field">
      <label for="slug">{{_Short name_}}</label>
      <input type="text" id="slug" name="slug" value="{{VALUE_SLUG}}" maxlength="64" pattern="[a-z0-9][a-z0-9-]{1,63}" required>
      <p class="field-hint">{{_Latin letters, digits and hyphens, e.g. salon-na-nevskom._}}</p>
{{#ERR_SLUG}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_SLUG}}
    </div>
    <div class="field">
      <label for="industry">{{_Industry_}}</label>
      <select id="industry" name="industry">
{{#INDUSTRY}}
        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/INDUSTRY}}
      </select>
    </div>
    <div class="field">
      <label for="timezone">{{_Time zone_}}</label>
      <input type="text" id="timezone" name="timezone" value="{{VALUE_TIMEZONE}}" maxlength="64" required>
      <p class="field-hint">{{_For example Europe/Moscow or Asia/Yekaterinburg._}}</p>
{{#ERR_TIMEZONE}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TIMEZONE}}
    </div>
    <h2>{{_You, the owner_}}</h2>
    <div class="field">
      <label for="name">{{_Name_}}</label>
      <input type="text" id="name" name="name" value="{{VALUE_NAME}}" maxlength="200" required>
{{#ERR_NAME}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_NAME}}
    </div>
    <div class="field">
      <label for="email">{{_E-mail_}}</label>
      <input type="email" id="email" name="email" value="{{VALUE_EMAIL}}" autocomplete="username" required>
{{#ERR_EMAIL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_EMAIL}}
    </div>
    <div class="field">
      <label for="password">{{_Password_}}</label>
      <input type="password" id="password" name="password" autocomplete="new-password" minlength="12" maxlength="128" required>
      <p class="field-hint">{{_At least 12 characters. A few unrelated words make a good password._}}</p>
    </div>
    <div class="field">
      <label for="password2">{{_Repeat the password_}}</label>
      <input type="password" id="password2" name="password2" autocomplete="new-password" required>
    </div>
    <div class="form-actions">
      <button type="submit">{{_Create the account_}}</button>
      <a href="{{BASE}}/login">{{_I already have an account_}}</a>
    </div>
  </form>
</section>
