{{%AUTOESCAPE context="HTML"}}
{{!-- A refusal or a short result of a survey action: HEADING, TEXT and the
      way back (BACK_URL, BACK_LABEL). --}}
<section>
  <p><a href="{{BACK_URL}}">{{BACK_LABEL}}</a></p>
  <h1>{{HEADING}}</h1>
  <p class="notice notice-error" role="alert">{{TEXT}}</p>
</section>
