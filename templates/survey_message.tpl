{{%AUTOESCAPE context="HTML"}}
{{!-- What a respondent sees instead of the questions: thanks after the
      last page (THANKS), or why a link does not work: HEADING, MESSAGE. --}}
<section class="form-page survey">
  <h1>{{HEADING}}</h1>
  <p class="notice{{#THANKS}} notice-ok{{/THANKS}}" role="status">{{MESSAGE}}</p>
</section>
