{{%AUTOESCAPE context="HTML"}}
{{!-- Error pages (400, 403, 404, 405, 413, 500, 503). --}}
<section class="error-page" aria-labelledby="error-title">
  <p class="error-status">{{STATUS}}</p>
  <h1 id="error-title">{{ERROR_TITLE}}</h1>
  <p>{{ERROR_TEXT}}</p>
{{#DETAIL}}
  <p class="error-detail">{{ERROR_DETAIL}}</p>
{{/DETAIL}}
  <p><a class="button" href="{{BASE}}/">{{_Go to the home page_}}</a></p>
  <p class="error-ref">{{_Reference for support_}}: <code>{{REQUEST_ID}}</code></p>
</section>
