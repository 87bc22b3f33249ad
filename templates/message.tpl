{{%AUTOESCAPE context="HTML"}}
{{!-- A short message page: a heading (the page title) and one paragraph. --}}
<section class="form-page">
  <h1>{{PAGE_TITLE}}</h1>
  <p class="notice">{{MESSAGE}}</p>
  <p><a href="{{BASE}}/login">{{_Back to sign-in_}}</a></p>
</section>
