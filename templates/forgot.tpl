{{%AUTOESCAPE context="HTML"}}
{{!-- Asking for a password-reset link. --}}
<section class="form-page">
  <h1>{{_Forgot your password?_}}</h1>
  <p>{{_Enter the e-mail address you sign in with. We will send you a link to set a new password._}}</p>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="form-stack" method="post" action="{{BASE}}/password/forgot">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="email">{{_E-mail_}}</label>
      <input type="email" id="email" name="email" value="{{VALUE_EMAIL}}" autocomplete="username" required autofocus>
{{#ERR_EMAIL}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_EMAIL}}
    </div>
    <div class="form-actions">
      <button type="submit">{{_Send the link_}}</button>
      <a href="{{BASE}}/login">{{_Back to sign-in_}}</a>
    </div>
  </form>
</section>
