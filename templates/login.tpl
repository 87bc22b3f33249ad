{{%AUTOESCAPE context="HTML"}}
{{!-- Sign-in form. NEXT_PATH: where to go afterwards. --}}
<section class="form-page">
  <h1>{{_Sign in_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="alert">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="form-stack" method="post" action="{{BASE}}/login">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="next" value="{{NEXT_PATH}}">
    <div class="field">
      <label for="email">{{_E-mail_}}</label>
      <input type="email" id="email" name="email" value="{{VALUE_EMAIL}}" autocomplete="username" required autofocus>
    </div>
    <div class="field">
      <label for="password">{{_Password_}}</label>
      <input type="password" id="password" name="password" autocomplete="current-password" required>
    </div>
    <div class="form-actions">
      <button type="submit">{{_Sign in_}}</button>
      <a href="{{BASE}}/password/forgot">{{_Forgot your password?_}}</a>
    </div>
  </form>
{{#SIGNUP}}
  <p>{{_New to CXM?_}} <a href="{{BASE}}/signup">{{_Create an account for your business_}}</a></p>
{{/SIGNUP}}
</section>
