{{%AUTOESCAPE context="HTML"}}
{{!-- Accepting an invitation: a new person chooses a name and a password
      (NEW_USER); someone with an account enters its password
      (EXISTING_USER). --}}
<section class="form-page">
  <h1>{{_Accept the invitation_}}</h1>
  <p>{{_Business:_}} <strong>{{BUSINESS_NAME}}</strong></p>
  <p>{{_Role:_}} <strong>{{ROLE}}</strong></p>
  <p>{{_Account:_}} <strong>{{EMAIL}}</strong></p>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="form-stack" method="post" action="{{BASE}}/invite/{{TOKEN}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
{{#NEW_USER}}
    <div class="field">
      <label for="name">{{_Your name_}}</label>
      <input type="text" id="name" name="name" value="{{VALUE_NAME}}" maxlength="200" required autofocus>
{{#ERR_NAME}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_NAME}}
    </div>
    <div class="field">
      <label for="password">{{_New password_}}</label>
      <input type="password" id="password" name="password" autocomplete="new-password" minlength="12" maxlength="128" required>
      <p class="field-hint">{{_At least 12 characters. A few unrelated words make a good password._}}</p>
    </div>
    <div class="field">
      <label for="password2">{{_Repeat the new password_}}</label>
      <input type="password" id="password2" name="password2" autocomplete="new-password" required>
    </div>
    <div class="form-actions">
      <button type="submit">{{_Join and sign in_}}</button>
    </div>
{{/NEW_USER}}
{{#EXISTING_USER}}
    <p>{{_You already have a CXM account. Enter its password to join this business._}}</p>
    <div class="field">
      <label for="password">{{_Password_}}</label>
      <input type="password" id="password" name="password" autocomplete="current-password" required autofocus>
    </div>
    <div class="form-actions">
      <button type="submit">{{_Join and sign in_}}</button>
      <a href="{{BASE}}/password/forgot">{{_Forgot your password?_}}</a>
    </div>
{{/EXISTING_USER}}
  </form>
</section>
