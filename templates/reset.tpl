{{%AUTOESCAPE context="HTML"}}
{{!-- Setting a new password from a reset link. --}}
<section class="form-page">
  <h1>{{_Set a new password_}}</h1>
  <p>{{_Account:_}} <strong>{{EMAIL}}</strong></p>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="form-stack" method="post" action="{{BASE}}/password/reset/{{TOKEN}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="password">{{_New password_}}</label>
      <input type="password" id="password" name="password" autocomplete="new-password" minlength="12" maxlength="128" required autofocus>
      <p class="field-hint">{{_At least 12 characters. A few unrelated words make a good password._}}</p>
    </div>
    <div class="field">
      <label for="password2">{{_Repeat the new password_}}</label>
      <input type="password" id="password2" name="password2" autocomplete="new-password" required>
    </div>
    <div class="form-actions">
      <button type="submit">{{_Save the password and sign in_}}</button>
    </div>
  </form>
</section>
