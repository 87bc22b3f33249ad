{{%AUTOESCAPE context="HTML"}}
{{!-- The user's own account: profile, password, businesses. --}}
<section>
  <h1>{{_Your account_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <h2>{{_Profile_}}</h2>
  <form class="form-stack" method="post" action="{{BASE}}/account">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="email">{{_E-mail_}}</label>
      <input type="email" id="email" value="{{EMAIL}}" readonly>
    </div>
    <div class="field">
      <label for="name">{{_Name_}}</label>
      <input type="text" id="name" name="name" value="{{VALUE_NAME}}" maxlength="200" required>
{{#ERR_NAME}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_NAME}}
    </div>
    <div class="field">
      <label for="language">{{_Language_}}</label>
      <select id="language" name="language">
{{#LANGUAGE}}
        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/LANGUAGE}}
      </select>
    </div>
    <div class="form-actions">
      <button type="submit">{{_Save_}}</button>
    </div>
  </form>

  <h2>{{_Change password_}}</h2>
  <form class="form-stack" method="post" action="{{BASE}}/account/password">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="current">{{_Current password_}}</label>
      <input type="password" id="current" name="current" autocomplete="current-password" required>
    </div>
    <div class="field">
      <label for="password">{{_New password_}}</label>
      <input type="password" id="password" name="password" autocomplete="new-password" minlength="12" maxlength="128" required>
      <p class="field-hint">{{_At least 12 characters. Changing it signs you out everywhere else._}}</p>
    </div>
    <div class="field">
      <label for="password2">{{_Repeat the new password_}}</label>
      <input type="password" id="password2" name="password2" autocomplete="new-password" required>
    </div>
    <div class="form-actions">
      <button type="submit">{{_Change password_}}</button>
    </div>
  </form>

  <h2>{{_Your businesses_}}</h2>
{{#NO_MEMBERSHIPS}}
  <p class="muted">{{_You do not belong to any business yet._}}</p>
{{/NO_MEMBERSHIPS}}
  <ul>
{{#MEMBERSHIP}}
    <li>{{BUSINESS_NAME}} · {{ROLE_LABEL}}{{#CURRENT}} <span class="badge">{{_current_}}</span>{{/CURRENT}}{{#SUSPENDED}} <span class="badge badge-off">{{_suspended_}}</span>{{/SUSPENDED}}</li>
{{/MEMBERSHIP}}
  </ul>
</section>
